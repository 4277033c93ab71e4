"""The Python module against the CLI: every binding, its tables, errors, progress and cancel."""
import subprocess
import threading

import pytest

import opticplan

DEFAULT = "data/scenarios/default.yaml"
MARKET = "data/scenarios/ai-optics-2026.yaml"
WHAT_IF = "data/scenarios/what-if/dsp-1.6t-plus-50.yaml"
QUOTE = "tests/cases/plan/quote-substitution/plan.yaml"
DESIGNS = "tests/cases/fabric/compare-designs/designs.yaml"


def cli_json(cli, root, *args):
    return subprocess.run([cli, *args, "--json"], cwd=root, check=True, capture_output=True).stdout.decode()


@pytest.fixture(scope="module")
def default(root):
    return opticplan.load(DEFAULT)  # relative, as the CLI is given it (results name the files)


@pytest.fixture(scope="module")
def market_scenario(root):
    return opticplan.load(MARKET)


# --- the same JSON as the CLI, byte for byte ---

def test_plan_json_is_the_clis(default, cli, root):
    assert default.plan().json == cli_json(cli, root, "plan", DEFAULT)


def test_lp_plan_json_is_the_clis(root, cli):
    sc = opticplan.load(QUOTE)
    assert sc.plan(planner="lp", objective="fill").json == cli_json(cli, root, "plan", QUOTE, "--planner", "lp",
                                                                     "--objective", "fill")


def test_compare_plan_json_is_the_clis(root, cli):
    sc = opticplan.load(QUOTE)
    result = sc.plan(compare=True)
    assert result.json == cli_json(cli, root, "plan", QUOTE, "--compare")
    assert "comparison" in result.data


def test_bound_plan_json_is_the_clis(root, cli):
    sc = opticplan.load(QUOTE)
    result = sc.plan(bound=True)
    assert result.json == cli_json(cli, root, "plan", QUOTE, "--bound")
    assert result.data["comparison"]["against"] == "bound"
    assert result.data["comparison"]["optimum"] is None
    with pytest.raises(opticplan.RunError, match="exclude each other"):
        sc.plan(compare=True, bound=True)


def test_fabric_link_and_mrp_json_are_the_clis(default, cli, root):
    assert default.fabric().json == cli_json(cli, root, "fabric", DEFAULT)
    assert default.check_links().json == cli_json(cli, root, "link", "check", DEFAULT)
    assert default.mrp().json == cli_json(cli, root, "plan", DEFAULT, "--mrp")


def test_fabric_compare_json_is_the_clis(root, cli):
    sc = opticplan.load(DESIGNS)
    assert sc.fabric_compare().json == cli_json(cli, root, "fabric", "compare", DESIGNS)


def test_market_json_is_the_clis(market_scenario, cli, root):
    result = market_scenario.market(runs=40, seed=7, threads=2)
    assert result.json == cli_json(cli, root, "market", MARKET, "--runs", "40", "--seed", "7")
    assert result.data["runs"] == 40


def test_compare_json_is_the_clis(market_scenario, root, cli):
    what_if = opticplan.load(WHAT_IF)
    assert market_scenario.compare(what_if).json == cli_json(cli, root, "compare", MARKET, WHAT_IF)


def test_quote_json_is_the_clis(root, cli):
    sc = opticplan.load(QUOTE)
    result = sc.quote({"id": "quote", "customer": "buyer-c", "requirement": "800G-DR8", "quantity": 1500,
                       "due": "2026-W02"})
    assert result.json == cli_json(cli, root, "quote", QUOTE, "--customer", "buyer-c", "--requirement", "800G-DR8",
                                   "--quantity", "1500", "--due", "2026-W02")


def test_select_json_is_the_clis(cli, root):
    sc = opticplan.load()  # the catalog alone, as `opticplan select` loads it
    result = sc.select({"speed": "800G", "length": "500m", "fiber": "smf"})
    assert result.json == cli_json(cli, root, "select", "--speed", "800G", "--length", "500m", "--fiber", "smf")
    assert result.data["candidates"]


def test_text_and_csv_are_the_clis(default, cli, root):
    out = subprocess.run([cli, "plan", DEFAULT], cwd=root, check=True, capture_output=True).stdout.decode()
    assert default.plan().text == out
    csv = subprocess.run([cli, "plan", DEFAULT, "--csv"], cwd=root, check=True, capture_output=True).stdout.decode()
    assert default.plan().csv == csv


# --- loading ---

def test_loads_and_from_dict_give_the_same_plan(root):
    text = (root / QUOTE).read_text()
    from_text = opticplan.loads(text)
    import yaml  # Debian's python3-yaml (a dependency of the build's tools)
    from_dict = opticplan.from_dict(yaml.safe_load(text))
    assert from_text.plan().data["orders"] == from_dict.plan().data["orders"]
    assert from_text.sections == ["supply"]


def test_scenario_error_is_located(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("supply:\n  calendar: {start: 2026-W01, periods: 4}\n  customers: [{id: c1}]\n"
                   "  orders:\n    - {id: o1, customer: c9, item: x, quantity: 5, due: 2026-W02}\n")
    with pytest.raises(opticplan.ScenarioError) as err:
        opticplan.load(bad)
    e = err.value
    assert e.file.endswith("bad.yaml")
    assert (e.line, e.path) == (5, "supply.orders[0].customer")
    assert e.column > 1
    assert "c9" in e.message
    assert len(e.problems) >= 1 and e.problems[0]["text"].startswith(e.file)
    assert isinstance(e, ValueError)


def test_bad_order_dict_is_located(root):
    sc = opticplan.load(QUOTE)
    with pytest.raises(opticplan.ScenarioError) as err:
        sc.quote({"id": "q", "customer": "buyer-c", "item": "no-such-module", "quantity": 1, "due": "2026-W02"})
    assert err.value.file == "order.json" and err.value.path == "item"


def test_missing_section_is_a_run_error(root):
    sc = opticplan.load(DESIGNS)
    with pytest.raises(opticplan.RunError) as err:
        sc.plan()
    assert err.value.code == "bad_input" and err.value.field == "supply"


def test_bad_argument_is_a_value_error(default):
    with pytest.raises(ValueError):
        default.plan(planner="magic")


# --- tables ---

def test_plan_frames(default):
    plan = default.plan()
    orders = plan.orders()
    assert list(orders.columns) == ["order", "customer", "item", "requirement", "priority", "quantity", "due",
                                    "delivered", "on_time", "lateness", "status"]
    assert str(orders["quantity"].dtype) == "int64" and str(orders["order"].dtype) == "object"
    assert len(orders) == len(plan.data["orders"])
    deliveries = plan.deliveries()
    assert list(deliveries.columns) == ["order", "customer", "priority", "due", "period", "item", "quantity"]
    assert deliveries["quantity"].sum() == orders["delivered"].sum()
    causes = plan.causes()
    assert list(causes.columns) == ["order", "kind", "constraint", "first", "last", "short", "explanation"]
    late = set(orders.loc[orders["on_time"] < orders["quantity"], "order"])
    assert set(causes["order"]) <= set(orders["order"]) and late <= set(causes["order"])


def test_market_frames(market_scenario):
    result = market_scenario.market(runs=30)
    years = result.bands()
    assert list(years.columns) == ["period", "measure", "class", "p10", "p50", "p90", "base"]
    assert all(str(years[c].dtype) == "float64" for c in ["p10", "p50", "p90", "base"])
    value = years[(years["measure"] == "market_value_usd") & (years["period"] == "2025")].iloc[0]
    assert value["p10"] <= value["p50"] <= value["p90"]
    assert set(years.loc[years["measure"] == "shipments", "class"]) == set(result.data["classes"])
    assert len(result.bands(by="quarters")) > len(years)
    assert list(result.events().columns) == ["event", "name", "probability", "base"]


def test_fabric_frames(default):
    fabric = default.fabric()
    bom = fabric.bom()
    assert list(bom.columns) == ["kind", "id", "count", "power_w", "unit_price_usd"]
    assert bom["count"].sum() == fabric.data["bom"]["modules"] + sum(c["count"] for c in fabric.data["bom"]["cables"])
    assert str(bom["count"].dtype) == "int64"
    assert fabric.components()["quantity"].gt(0).all()


# --- progress, cancel, the GIL ---

def test_plan_reports_progress(root):
    sc = opticplan.load(QUOTE)
    seen = []
    sc.plan(progress=lambda done, total: seen.append(done / total))
    assert seen and seen == sorted(seen) and 0 <= seen[0] and seen[-1] <= 1


def test_market_progress_and_cancel(market_scenario):
    seen = []
    market_scenario.market(runs=64, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (64, 64)
    stop = threading.Event()

    def progress(done, total):
        if done >= 64:
            stop.set()

    with pytest.raises(opticplan.RunError) as err:
        market_scenario.market(runs=2000, progress=progress, cancel=stop)
    assert err.value.code == "cancelled"


def test_a_raising_callback_cancels_and_raises(market_scenario):
    def progress(done, total):
        raise KeyError("stop here")

    with pytest.raises(KeyError):
        market_scenario.market(runs=200, progress=progress)


def test_runs_release_the_gil(market_scenario):
    done = threading.Event()
    count = 0

    def work():
        market_scenario.market(runs=300)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        count += 1
    t.join()
    assert count > 1000  # the main thread ran while the market ran


# --- reports ---

def test_repr_html_is_the_report(default):
    plan = default.plan()
    html = plan._repr_html_()
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert "hs-1" in html
    assert repr(plan).startswith("<opticplan plan result: Plan (heuristic)")
