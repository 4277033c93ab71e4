#!/usr/bin/env python3
"""Supply planner: a what-if on the shipped default scenario.

The default scenario's module maker is short of 1.6T DSPs. What if the 3 nm DSP vendor shipped
50% more a week? Plans both, prints each order's on-time units before and after, and when the
cluster goes live.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/planner_what_if.py [OUT_DIR]

Writes OUT_DIR/what_if.csv (default: the working directory).
"""
import pathlib
import sys

import yaml  # Debian's python3-yaml

import opticplan

OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
DEFAULT = pathlib.Path(opticplan.data_dir) / "scenarios" / "default.yaml"

base = opticplan.load(DEFAULT)
doc = yaml.safe_load(DEFAULT.read_text())
for supplier in doc["supply"]["suppliers"]:
    if supplier["id"] == "dsp-vendor-3nm":
        supplier["capacity"] = int(supplier["capacity"] * 1.5)
what_if = opticplan.from_dict(doc, name="dsp-plus-50.json")

before, after = base.plan(), what_if.plan()
table = before.orders()[["order", "customer", "quantity", "due", "on_time"]].merge(
    after.orders()[["order", "on_time", "status"]], on="order", suffixes=("_before", "_after"))
print(table.to_string(index=False))
for name, plan in (("before", before), ("after", after)):
    for group in plan.data["groups"]:
        print(f"{name}: {group['id']} complete {group.get('complete') or 'never'}")
OUT.mkdir(parents=True, exist_ok=True)
table.to_csv(OUT / "what_if.csv", index=False)
