#!/usr/bin/python3
"""Validates real `--json` output of the opticplan CLI against the schemas in docs/schemas/.

Usage: check_schemas.py OPTICPLAN_BINARY REPO_DIR
Each case below runs one command and names the schema its output must satisfy; a schema that has
drifted from the code fails here. Uses Debian's python3-jsonschema (installed by scripts/setup).
"""
import json
import os
import subprocess
import sys

from jsonschema import Draft202012Validator
from jsonschema.validators import RefResolver

CASES = [
    (["select", "--speed", "800G", "--length", "1.2km", "--fiber", "smf", "--json"], "select"),
    (["select", "--speed", "400G", "--length", "60m", "--fiber", "OM4", "--rank", "mix", "--json"], "select"),
    (["select", "--speed", "1.6T", "--length", "5km", "--fiber", "smf", "--json"], "select"),
    (["run", "--json", "data/scenarios/default.yaml"], "run"),
    (["catalog", "--json"], "catalog-list"),
    (["link", "check", "tests/cases/link/every-pmd-family/links.yaml", "--json"], "link"),
    (["link", "check", "tests/cases/link/dci-25.6t-between-sites/routes.yaml", "--json"], "link"),
    (["link", "check", "--mode", "auto", "--spans", "4x90km", "--target", "12.8T", "--json"], "link"),
    (["catalog", "show", "800GBASE-DR8", "--json"], "catalog-entry"),
    (["catalog", "show", "400ZR", "--json"], "catalog-entry"),
    (["catalog", "show", "osfp-800g-dr8-eml", "--json"], "catalog-entry"),
    (["catalog", "show", "qm9700", "--json"], "catalog-entry"),
    (["catalog", "show", "dgx-h100", "--json"], "catalog-entry"),
    (["fabric", "--server", "dgx-h100", "--switch", "qm9700", "--sus", "4", "--reserved-slots", "1", "--json"], "fabric"),
    (["fabric", "--server", "dgx-b300", "--switch", "q3400", "--nodes-per-su", "72", "--gpus", "20736", "--json"], "fabric"),
    (["fabric", "--server", "dgx-b300", "--switch", "sn5600", "--sus", "1", "--nodes-per-su", "64", "--planes", "2",
      "--json"], "fabric"),
    (["fabric", "tests/cases/fabric/storage-and-management/cluster.yaml", "--json"], "fabric"),
    (["fabric", "compare", "tests/cases/fabric/compare-designs/designs.yaml", "--json"], "fabric-compare"),
    (["fabric", "compare", "tests/cases/fabric/tco-dsp-lpo-cpo/designs.yaml", "--json", "--tco", "5"], "fabric-compare"),
    (["fabric", "--gpus", "1024", "--server", "dgx-h100", "--switch", "sn5600", "--tco", "3", "--json"], "fabric"),
    (["plan", "tests/cases/plan/substitution-qualified-only/plan.yaml", "--json"], "plan"),
    (["plan", "tests/cases/plan/partial-vs-whole/plan.yaml", "--json"], "plan"),
    (["plan", "tests/cases/plan/lead-times-and-yields/plan.yaml", "--json"], "plan"),
    (["plan", "tests/cases/plan/bom-second-source/plan.yaml", "--json"], "plan"),
    (["plan", "tests/cases/plan/route-second-site/plan.yaml", "--json"], "plan"),
    (["plan", "tests/cases/plan/partial-vs-whole/plan.yaml", "--planner", "lp", "--compare", "--json"], "plan"),
    (["plan", "tests/cases/plan/cluster-go-live/plan.yaml", "--json"], "plan"),
    (["compare", "tests/cases/plan/compare-what-if/base.yaml", "tests/cases/plan/compare-what-if/whatif.yaml", "--json"],
     "compare"),
    (["market", "tests/cases/market/small-two-classes/market.yaml", "--json"], "market"),
    (["market", "data/scenarios/ai-optics-2026.yaml", "--runs", "20", "--json"], "market"),
    (["market", "data/scenarios/ai-optics-2026.yaml", "--runs", "20", "--what-if",
      "data/scenarios/what-if/eml-200g-plus-40.yaml", "--json"], "market-compare"),
    (["plan", "tests/cases/plan/mrp-unconstrained/plan.yaml", "--mrp", "--json"], "mrp"),
    (["source", "tests/cases/source/cluster-json/cluster.yaml", "--json"], "source"),
    (["source", "tests/cases/source/split-independent/source.yaml", "--json"], "source"),
    (["run", "--json", "tests/cases/source/split-independent/source.yaml"], "run"),
    (["plan", "data/scenarios/default.yaml", "--mrp", "--json"], "mrp"),
    (["quote", "tests/cases/plan/substitution-qualified-only/plan.yaml", "--customer", "buyer-c", "--requirement",
      "800G-DR8", "--quantity", "1500", "--due", "2026-W02", "--json"], "quote"),
]


# Results that must end with their provenance (scenario_inputs and sources, docs/schemas/provenance.schema.json).
NO_PROVENANCE = {"catalog-list", "catalog-entry"}
# Sources a result must cite: the market's `source:` keys resolve to the scenario's `sources:`.
MUST_CITE = {("market", "data/scenarios/ai-optics-2026.yaml"): {"TF-Jun26", "MF", "estimate"},
             ("plan", "tests/cases/plan/substitution-qualified-only/plan.yaml"): set()}


def provenance_problems(args, schema_name, out):
    if schema_name in NO_PROVENANCE:
        return []
    parts = [out.get("base", {}), out.get("what_if", {})] if schema_name == "market-compare" else [out]
    problems = [f"no {k}" for part in parts for k in ("scenario_inputs", "sources") if k not in part]
    want = MUST_CITE.get((args[0], args[1]), set())
    cited = {s["id"] for part in parts for s in part.get("sources", [])}
    problems += [f"sources do not cite {w}" for w in sorted(want - cited)]
    return problems


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    schema_dir = os.path.join(repo, "docs", "schemas")
    store = {}
    for name in os.listdir(schema_dir):
        with open(os.path.join(schema_dir, name)) as f:
            schema = json.load(f)
        store[name] = schema
        store["file://" + os.path.join(schema_dir, name)] = schema
    failures = 0
    env = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"))
    for args, schema_name in CASES:
        schema = store[schema_name + ".schema.json"]
        resolver = RefResolver(base_uri="file://" + schema_dir + "/", referrer=schema, store=store)
        proc = subprocess.run([binary] + args, cwd=repo, env=env, capture_output=True, text=True)
        label = " ".join(args)
        # 3: `link check` wrote its results and a checked link fails (README "Exit codes").
        if proc.returncode not in ((0, 3) if args[:2] == ["link", "check"] else (0,)):
            print(f"FAIL {label}: exit {proc.returncode}: {proc.stderr.strip()}")
            failures += 1
            continue
        out = json.loads(proc.stdout)
        errors = list(Draft202012Validator(schema, resolver=resolver).iter_errors(out))
        for e in errors[:5]:
            print(f"FAIL {label}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        for p in provenance_problems(args, schema_name, out):
            print(f"FAIL {label}: {p}")
            errors.append(p)
        failures += bool(errors)
        if not errors:
            print(f"ok   {label} ({schema_name})")
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
