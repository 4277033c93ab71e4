#!/usr/bin/env python3
"""Architect: DSP pluggables against LPO and against co-packaged optics.

With `fabric compare`, a 400G NDR cluster (8,192 B200 GPUs on Quantum-2) with DSP modules and
with LPO allowed, and an 800G XDR cluster (8,064 B300 GPUs) on Quantum-X800 with pluggables and
with co-packaged optics (Quantum-X Photonics). Prints per design the modules, optics power and
cost, and the lasers per GPU (from the components of the bill of materials).

    PYTHONPATH=build/release/python /usr/bin/python3 examples/architect_dsp_lpo_cpo.py [OUT_DIR]

Writes OUT_DIR/designs.csv (default: the working directory).
"""
import pathlib
import sys

import opticplan

OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")

scenario = opticplan.from_dict({
    "cluster": {"server": "dgx-b200", "switch": "qm9700", "gpus": 8192},
    "variants": [
        {"name": "400G NDR, LPO allowed (lowest power)", "policy": "power", "allow": ["lpo"]},
        {"name": "800G XDR, DSP pluggables", "server": "dgx-b300", "switch": "q3400", "nodes_per_su": 72,
         "gpus": 8064},
        {"name": "800G XDR, co-packaged", "server": "dgx-b300", "switch": "quantum-x-photonics", "nodes_per_su": 72,
         "gpus": 8064},
    ],
})
designs = scenario.fabric_compare().data["designs"]
designs[0]["name"] = "400G NDR, DSP pluggables"  # the base design

rows = []
for d in designs:
    f = d["fabric"]
    if f is None:
        print(f"{d['name']}: cannot be built: {d['error']}")
        continue
    gpus = f["cluster"]["gpus"]
    lasers = sum(c["quantity"] for c in f["bom"]["components"] if "laser" in c["id"])
    rows.append({
        "design": d["name"],
        "gpus": gpus,
        "modules": f["bom"]["modules"],
        "optics_power_kw": f["bom"]["optics_power_w"] / 1000,
        "optics_cost_musd": f["bom"]["optics_cost_usd"] / 1e6,
        "lasers_per_gpu": lasers / gpus,
    })

import pandas as pd  # noqa: E402 (after the run: pandas is only for the table)

table = pd.DataFrame(rows)
print(table.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
OUT.mkdir(parents=True, exist_ok=True)
table.to_csv(OUT / "designs.csv", index=False)
