"""Results of opticplan's runs: the JSON the CLI prints, as text and as Python objects, tables as
pandas DataFrames where rows fit, and the self-contained HTML report (inline in Jupyter)."""

import json as _json

from . import _opticplan as _core


def _pandas():
    import pandas  # imported on first use: most scripts never build a DataFrame

    return pandas


class Result:
    """One run of an opticplan command on a scenario.

    ``json``: the run's JSON exactly as ``opticplan COMMAND --json`` prints it (the same bytes);
    ``data``: that JSON as plain Python objects (dicts, lists, numbers, strings; parsed once);
    ``text``: what the command prints without ``--json``; ``csv``: its ``--csv`` output where the
    command has one (else ""); ``html()``: the report ``--report`` writes, also shown inline by
    Jupyter (``_repr_html_``)."""

    def __init__(self, run):
        self.kind = run.kind
        self.json = run.json
        self.text = run.text
        self.csv = run.csv
        self._data = None
        self._html = None

    @property
    def data(self):
        if self._data is None:
            self._data = _json.loads(self.json)
        return self._data

    def html(self):
        """The self-contained HTML report of this result (charts and tables; no network)."""
        if self._html is None:
            self._html = _core.html_report(self.json)
        return self._html

    def _repr_html_(self):
        return self.html()

    def __str__(self):
        return self.text

    def __repr__(self):
        first = self.text.splitlines()[0] if self.text else ""
        return f"<opticplan {self.kind} result: {first}>"


def _frame(rows, columns):
    return _pandas().DataFrame(rows, columns=columns)


class PlanResult(Result):
    """A supply plan (``opticplan plan``)."""

    @property
    def kpis(self):
        return self.data["kpis"]

    def orders(self):
        """One row per order: what it asked, what it got, and its status."""
        cols = ["order", "customer", "item", "requirement", "priority", "quantity", "due", "delivered", "on_time",
                "lateness", "status"]
        rows = [[o["id"], o["customer"], o.get("item"), o.get("requirement"), o["priority"], o["quantity"], o["due"],
                 o["delivered"], o["on_time"], o["lateness"], o["status"]] for o in self.data["orders"]]
        return _frame(rows, cols).astype({"priority": "int64", "quantity": "int64", "delivered": "int64",
                                          "on_time": "int64", "lateness": "int64"})

    def deliveries(self):
        """One row per delivery: an order's units of one item in one period."""
        cols = ["order", "customer", "priority", "due", "period", "item", "quantity"]
        rows = [[o["id"], o["customer"], o["priority"], o["due"], d["period"], d["item"], d["quantity"]]
                for o in self.data["orders"] for d in o["deliveries"]]
        return _frame(rows, cols).astype({"priority": "int64", "quantity": "int64"})

    def causes(self):
        """One row per cause of a late or short order: what ran out, when, and by how much."""
        cols = ["order", "kind", "constraint", "first", "last", "short", "explanation"]
        rows = [[o["id"], c["constraint"]["kind"], c["constraint"].get("id"), c["first"], c["last"], c["short"],
                 c["explanation"]] for o in self.data["orders"] for c in o["causes"]]
        return _frame(rows, cols).astype({"short": "int64"})


class MarketResult(Result):
    """A market simulation (``opticplan market``): bands over the Monte Carlo runs."""

    def bands(self, by="years"):
        """P10/P50/P90 (and the base run) of every measure, per year (``by="years"``) or quarter
        (``by="quarters"``): columns period, measure, class (a module class for shipments, else
        empty), p10, p50, p90, base."""
        if by not in ("years", "quarters"):
            raise ValueError(f'by must be "years" or "quarters", got {by!r}')
        rows = []
        for row in self.data[by]:
            period = str(row["year"] if by == "years" else row["period"])
            for measure, value in row.items():
                if isinstance(value, dict) and "p50" in value:
                    rows.append([period, measure, "", value["p10"], value["p50"], value["p90"], value["base"]])
                elif isinstance(value, dict):
                    for cls, band in value.items():
                        if isinstance(band, dict) and "p50" in band:
                            rows.append([period, measure, cls, band["p10"], band["p50"], band["p90"], band["base"]])
        cols = ["period", "measure", "class", "p10", "p50", "p90", "base"]
        return _frame(rows, cols).astype({"p10": "float64", "p50": "float64", "p90": "float64", "base": "float64"})

    def events(self):
        """The probability of each event the scenario names."""
        rows = [[e["id"], e["name"], e["probability"], e["base"]] for e in self.data["events"]]
        return _frame(rows, ["event", "name", "probability", "base"]).astype({"probability": "float64",
                                                                               "base": "bool"})


class FabricResult(Result):
    """A sized cluster fabric and its bill of materials (``opticplan fabric``)."""

    def bom(self):
        """The optics bill of materials: one row per transceiver or cable (kind, id, count, power in
        W, unit price in USD)."""
        b = self.data["bom"]
        rows = [["transceiver", t["id"], t["count"], t.get("power_w"), t.get("unit_price_usd")]
                for t in b["transceivers"]]
        rows += [["cable", c["id"], c["count"], c.get("power_w"), c.get("unit_price_usd")] for c in b["cables"]]
        return _frame(rows, ["kind", "id", "count", "power_w", "unit_price_usd"]).astype(
            {"count": "int64", "power_w": "float64", "unit_price_usd": "float64"})

    def components(self):
        """The components the modules are built from (lasers, DSPs, ...), with quantities."""
        rows = [[c["id"], c["quantity"]] for c in self.data["bom"]["components"]]
        return _frame(rows, ["component", "quantity"]).astype({"quantity": "float64"})


_KINDS = {"plan": PlanResult, "market": MarketResult, "fabric": FabricResult}


def wrap(run):
    return _KINDS.get(run.kind, Result)(run)
