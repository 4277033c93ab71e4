#!/usr/bin/python3
"""The shipped market scenario reproduces the seed articles' headline figures.

Runs `opticplan market data/scenarios/ai-optics-2026.yaml --json` (its own 1,000 runs and seed)
and checks the P50 of each target of docs/research/market-calibration.md, section 1, within the
tolerance given there (and the reason for it):

  T1 AI optical transceiver market 2025    $16.5B      +-10%
  T2 same, 2026                            $26B        +-10%
  T3 growth 2026 / 2025                    +57%        ratio 1.45-1.70
  T4 800G+ share of units 2024             19.5%       0.180-0.210
  T5 800G+ share of units 2026             >60%        0.600-0.750
  T6 1.6T shipments 2026                   5M-20M
  T7 800G demand 2026, Meta                >10M        10.0M-11.5M
  T8 800G demand 2026, Google + Microsoft  ~12M        +-10%
  T9 800G demand 2026, Amazon              ~5.5M       +-10%

Also checks the base run (every input at its median) lands T1 and T2 within +-5%.
Usage: check_calibration.py OPTICPLAN_BINARY REPO_DIR
"""
import json
import os
import subprocess
import sys

SCENARIO = "data/scenarios/ai-optics-2026.yaml"


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    env = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"))
    proc = subprocess.run([binary, "market", SCENARIO, "--json", "--threads", "2"], cwd=repo, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr)
        return 1
    result = json.loads(proc.stdout)
    years = {y["year"]: y for y in result["years"]}
    p50 = lambda band: band["p50"]
    value = {y: p50(years[y]["market_value_usd"]) for y in years}
    demand_800 = lambda buyer: p50(years[2026]["buyers"][buyer]["demand"]["800G"])
    checks = [
        ("T1 market value 2025 ($B)", value[2025] / 1e9, 14.85, 18.15),
        ("T2 market value 2026 ($B)", value[2026] / 1e9, 23.4, 28.6),
        ("T3 growth 2026/2025", value[2026] / value[2025], 1.45, 1.70),
        ("T4 800G+ share 2024", p50(years[2024]["share_800g_plus"]), 0.180, 0.210),
        ("T5 800G+ share 2026", p50(years[2026]["share_800g_plus"]), 0.600, 0.750),
        ("T6 1.6T shipments 2026 (M)", p50(years[2026]["shipments"]["1.6T"]) / 1e6, 5.0, 20.0),
        ("T7 Meta 800G demand 2026 (M)", demand_800("meta") / 1e6, 10.0, 11.5),
        ("T8 Google + Microsoft 800G demand 2026 (M)", (demand_800("google") + demand_800("microsoft")) / 1e6, 10.8, 13.2),
        ("T9 Amazon 800G demand 2026 (M)", demand_800("amazon") / 1e6, 4.95, 6.05),
        ("base run: market value 2025 ($B)", years[2025]["market_value_usd"]["base"] / 1e9, 16.5 * 0.95, 16.5 * 1.05),
        ("base run: market value 2026 ($B)", years[2026]["market_value_usd"]["base"] / 1e9, 26 * 0.95, 26 * 1.05),
    ]
    failures = 0
    for name, got, lo, hi in checks:
        ok = lo <= got <= hi
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {got:.4g} (expected {lo:.4g} to {hi:.4g})")
    print(f"{len(checks) - failures} passed, {failures} failed ({result['runs']} runs, seed {result['seed']})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
