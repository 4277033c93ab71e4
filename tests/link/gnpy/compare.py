#!/usr/bin/python3
"""GNPy parity: runs `opticplan link check CASE/scenario.yaml --json` for every case folder under
tests/link/gnpy/ and compares it, channel by channel, with GNPy's own result in CASE/expected.csv
(README.md there says how each was produced). Fails when any compared value differs by more than
0.05 dB. Prints the largest difference per case and quantity.

Usage: compare.py OPTICPLAN_BINARY [CASE_DIR ...]
"""
import csv
import json
import math
import os
import subprocess
import sys

TOLERANCE_DB = 0.05


def run(binary, scenario):
    out = subprocess.run([binary, "link", "check", scenario, "--json"], capture_output=True, text=True)
    if out.returncode not in (0, 3):
        sys.exit(f"{scenario}: opticplan exited {out.returncode}: {out.stderr}")
    mode = json.loads(out.stdout)["dci"][0]["modes"][0]
    return mode, mode["per_channel"]


def compare(binary, case):
    mode, ours = run(binary, os.path.join(case, "scenario.yaml"))
    with open(os.path.join(case, "expected.csv"), newline="") as f:
        theirs = list(csv.DictReader(f))
    if len(theirs) != len(ours):
        return [f"{case}: {len(ours)} channels against GNPy's {len(theirs)}"], {}
    bw_db = 10 * math.log10(mode["symbol_rate_gbd"] / 12.5)  # 0.1 nm -> signal bandwidth
    failures, worst = [], {}
    for ch, ref in zip(ours, theirs):
        if abs(ch["frequency_thz"] - float(ref["frequency_thz"])) > 1e-6:
            failures.append(f"{case}: channel at {ch['frequency_thz']} THz against GNPy's {ref['frequency_thz']}")
            continue
        pairs = []
        if "nli_w" in ref:  # GNPy's NLI power at the fibre's output
            pairs.append(("NLI power", ch["nli_dbm"], 10 * math.log10(float(ref["nli_w"]) / 1e-3)))
        else:
            pairs += [("signal power", ch["signal_dbm"], float(ref["signal_dbm"])),
                      ("OSNR ASE (signal bw)", ch["osnr_tx_01nm_db"] - bw_db, float(ref["osnr_ase_signal_db"])),
                      ("SNR NLI (signal bw)", ch["snr_nli_signal_db"], float(ref["snr_nli_signal_db"])),
                      ("GSNR (signal bw)", ch["total_signal_db"], float(ref["gsnr_signal_db"]))]
        for name, a, b in pairs:
            d = abs(a - b)
            if d > worst.get(name, (-1,))[0]:
                worst[name] = (d, ch["frequency_thz"], a, b)
            if d > TOLERANCE_DB:
                failures.append(f"{case}: {name} at {ch['frequency_thz']} THz is {a:.4f} dB, GNPy {b:.4f} dB")
    return failures, worst


def main():
    binary = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    cases = sys.argv[2:] or sorted(os.path.join(here, d) for d in os.listdir(here)
                                   if os.path.isfile(os.path.join(here, d, "expected.csv")))
    failures = []
    for case in cases:
        f, worst = compare(binary, case)
        failures += f
        for name, (d, freq, a, b) in sorted(worst.items()):
            print(f"{os.path.basename(case)}: {name}: largest difference {d:.4f} dB at {freq} THz "
                  f"(opticplan {a:.4f}, GNPy {b:.4f})")
    for f in failures[:20]:
        print("FAIL", f)
    if failures:
        sys.exit(f"{len(failures)} values differ from GNPy by more than {TOLERANCE_DB} dB")
    print(f"every channel within {TOLERANCE_DB} dB of GNPy")


if __name__ == "__main__":
    main()
