#!/usr/bin/python3
"""Independent reference for opticplan's coherent line model.

Recomputes, with numpy and straight from the published closed-form GN-model equations
(Poggiolini et al., JLT 2012 and 2014; the working equations in the project's reference notes),
with GNPy's conventions (beta2 referenced to 1550 nm, effective area scaled with frequency for a
step-index core of 4.2 um, NLI driven by each channel's total power: signal + ASE + NLI so far),
the per-channel OSNR and GSNR of several routes, and compares them with `opticplan link check
--json` on the same input. Written apart from the C++ code on purpose: a full N x N matrix of
asinh terms, no tables, no scaling tricks. Prints the largest difference and the time ratio.

Usage: gn_reference.py OPTICPLAN_BINARY REPO_DIR [--bench]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

H = 6.62607015e-34
C = 299792458.0
B_REF = 12.5e9

# Modes as in data/catalog/pmds.yaml (symbol rate GBd, required OSNR dB, tx OSNR dB).
CASES = [
    {
        "id": "zr-2x80",
        "mode": "400ZR",
        "channels": 64, "spacing_ghz": 75, "launch_dbm": 0.0,
        "route": [("fiber", 80, 0.22, 16.7, 80), ("amp", None, 5.5)] * 2,
    },
    {
        "id": "zrplus-roadm",
        "mode": "OpenZR+-400G",
        "channels": 48, "spacing_ghz": 100, "launch_dbm": 1.0,
        "route": [("fiber", 100, 0.2, 16.7, 80), ("amp", None, 5.0),
                  ("fiber", 100, 0.2, 16.7, 80), ("amp", None, 5.0),
                  ("loss", 18.0), ("amp", 18.0, 6.0),
                  ("fiber", 90, 0.21, 16.7, 80), ("amp", None, 5.0),
                  ("fiber", 100, 0.2, 16.7, 80), ("amp", None, 5.0)],
    },
    {
        "id": "800zr-1x120",
        "mode": "800ZR",
        "channels": 32, "spacing_ghz": 150, "launch_dbm": 3.0,
        "route": [("loss", 1.0), ("fiber", 120, 0.25, 17.0, 85), ("amp", 31.0, 6.0)],
    },
    {
        "id": "zr-10x80-96ch",
        "mode": "OpenZR+-200G",
        "channels": 96, "spacing_ghz": 50, "launch_dbm": -1.0,
        "route": [("fiber", 80, 0.2, 16.7, 80), ("amp", None, 5.5)] * 10,
    },
]


def mode_params(repo, mode):
    out = subprocess.run([BINARY, "catalog", "show", mode, "--json"], cwd=repo, capture_output=True, text=True,
                         env=ENV, check=True)
    j = json.loads(out.stdout)
    return j["symbol_rate_gbd"] * 1e9, j["required_osnr_db"], j["tx_osnr_db"]


def reference(case, rs, req_osnr, tx_osnr):
    n = case["channels"]
    center = 193.7e12
    f = center + case["spacing_ghz"] * 1e9 * (np.arange(n) - (n - 1) / 2)
    p = np.full(n, 10 ** (case["launch_dbm"] / 10) * 1e-3)
    launch = p.copy()
    ase = np.zeros(n)   # W/Hz
    nli = np.zeros(n)   # W/Hz
    f_ref = C / 1550e-9
    lam_ref = 1550e-9
    core = np.pi * 4.2e-6 ** 2
    loss_since_amp = 0.0
    for el in case["route"]:
        if el[0] == "fiber":
            _, km, db_km, d_ps, aeff = el
            a = db_km * np.log(10) / 10 / 1000
            L = km * 1000
            leff = (1 - np.exp(-a * L)) / a
            la = 1 / a
            beta2 = abs(d_ps * 1e-6 * lam_ref ** 2 / (2 * np.pi * C))
            aeff_f = core / (np.log(f / f_ref) + core / (aeff * 1e-12))
            gamma = 2 * np.pi * 2.6e-20 * f / (C * aeff_f)
            df = f[None, :] - f[:, None]
            psi = (np.arcsinh(np.pi ** 2 * la * beta2 * rs * (df + rs / 2))
                   - np.arcsinh(np.pi ** 2 * la * beta2 * rs * (df - rs / 2))) / (4 * np.pi * beta2 * la)
            w = np.where(np.eye(n, dtype=bool), 16 / 27, 2 * 16 / 27)
            eta = (gamma[:, None] ** 2) * w * psi * leff ** 2 / rs ** 2
            total = p + (ase + nli) * rs
            p_nli = total * (eta @ (total ** 2))
            nli = nli + p_nli / rs
            k = 10 ** (-db_km * km / 10)
            p, ase, nli = p * k, ase * k, nli * k
            loss_since_amp += db_km * km
        elif el[0] == "loss":
            k = 10 ** (-el[1] / 10)
            p, ase, nli = p * k, ase * k, nli * k
            loss_since_amp += el[1]
        else:
            gain_db = loss_since_amp if el[1] is None else el[1]
            g = 10 ** (gain_db / 10)
            p, ase, nli = p * g, ase * g, nli * g
            ase = ase + H * f * 10 ** (el[2] / 10) * g
            loss_since_amp -= gain_db
    osnr = 10 * np.log10(p / (ase * B_REF))
    gsnr = 10 * np.log10(p / ((ase + nli) * B_REF))
    gsnr_rs = 10 * np.log10(p / ((ase + nli) * rs))
    line = 10 ** (gsnr / 10)
    total = 10 * np.log10(1 / (1 / line + 1 / 10 ** (tx_osnr / 10)))
    return osnr, gsnr, gsnr_rs, total


def scenario_yaml(case):
    lines = [f"dci:", f"  - id: {case['id']}", f"    mode: {case['mode']}", f"    channels: {case['channels']}",
             f"    spacing: {case['spacing_ghz']} GHz", f"    launch_power: {case['launch_dbm']} dBm", "    route:"]
    for el in case["route"]:
        if el[0] == "fiber":
            lines.append(f"      - {{fiber: {el[1]} km, attenuation: {el[2]} dB/km, dispersion: {el[3]} ps/nm/km, "
                         f"effective_area: {el[4]} um2}}")
        elif el[0] == "loss":
            lines.append(f"      - {{loss: {el[1]} dB}}")
        else:
            gain = "auto" if el[1] is None else f"{el[1]} dB"
            lines.append(f"      - {{amplifier: {gain}, nf: {el[2]} dB}}")
    return "\n".join(lines) + "\n"


def main():
    global BINARY, ENV
    BINARY, repo = os.path.abspath(sys.argv[1]), sys.argv[2]
    ENV = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"))
    worst = 0.0
    failures = 0
    t_ref = t_ours = 0.0
    for case in CASES:
        rs, req, tx = mode_params(repo, case["mode"])
        t0 = time.perf_counter()
        osnr, gsnr, gsnr_rs, total = reference(case, rs, req, tx)
        t_ref += time.perf_counter() - t0
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as tmp:
            tmp.write(scenario_yaml(case))
        try:
            t0 = time.perf_counter()
            out = subprocess.run([BINARY, "link", "check", tmp.name, "--json"], cwd=repo, capture_output=True,
                                 text=True, env=ENV)
            t_ours += time.perf_counter() - t0
        finally:
            os.unlink(tmp.name)
        if out.returncode not in (0, 3):  # 3: written, and a route does not close (README "Exit codes")
            print(f"FAIL {case['id']}: exit {out.returncode}: {out.stderr}")
            failures += 1
            continue
        mode = json.loads(out.stdout)["dci"][0]["modes"][0]
        ours = np.array([c["gsnr_01nm_db"] for c in mode["per_channel"]])
        ours_rs = np.array([c["gsnr_signal_db"] for c in mode["per_channel"]])
        ours_margin = np.array([c["margin_db"] for c in mode["per_channel"]])
        diff = max(np.max(np.abs(ours - gsnr)), np.max(np.abs(ours_rs - gsnr_rs)),
                   np.max(np.abs(ours_margin - (total - req))))
        w = int(np.argmin(total))
        diff = max(diff, abs(mode["osnr_01nm_db"] - osnr[w]))
        worst = max(worst, diff)
        ok = diff <= 0.05
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {case['id']}: {case['channels']} channels, worst GSNR "
              f"{gsnr.min():.3f} dB (0.1 nm); max |difference| {diff:.2e} dB")
    print(f"max difference {worst:.2e} dB over {len(CASES)} routes (tolerance 0.05 dB); "
          f"numpy reference {t_ref * 1e3:.1f} ms vs opticplan CLI (whole process) {t_ours * 1e3:.1f} ms")
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
