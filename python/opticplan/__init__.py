"""opticplan: the optical interconnect of AI data centres, from a cluster design to its optics bill
of materials, link checks, supply plans, order promises and market simulations.

A thin shell over the same library as the ``opticplan`` CLI: a result's ``json`` is byte for
byte what the CLI prints with ``--json`` for the same input.

    import opticplan
    sc = opticplan.load("data/scenarios/default.yaml")
    plan = sc.plan()
    plan.orders()          # a pandas DataFrame
    plan.data["kpis"]      # plain Python objects
    plan                   # in Jupyter: the HTML report

Scenarios come from a file (``load``), a YAML or JSON string (``loads``) or a dict
(``from_dict``). Problems raise ``ScenarioError`` with the file, line, column and field of each.
Long runs (``plan``, ``market``) release the GIL, report progress to a callback and stop when a
``threading.Event`` given as ``cancel`` is set (``RunError`` with code ``"cancelled"``).
"""

import json as _json

from .errors import OpticplanError, RunError, ScenarioError
from . import _opticplan as _core
from .results import FabricResult, MarketResult, PlanResult, Result, wrap as _wrap

__all__ = ["load", "loads", "from_dict", "Scenario", "Result", "PlanResult", "MarketResult", "FabricResult",
           "OpticplanError", "ScenarioError", "RunError", "data_dir"]

#: The shipped data folder (catalog, scenarios) this module reads.
data_dir = _core.data_dir


class Scenario:
    """A loaded, validated scenario. Each method runs one CLI command on it and returns a Result."""

    def __init__(self, core):
        self._core = core

    @property
    def name(self):
        return self._core.name

    @property
    def description(self):
        return self._core.description

    @property
    def files(self):
        """Every file loaded, in load order, as messages name them."""
        return list(self._core.files)

    @property
    def sections(self):
        """The top-level sections it has (``select``, ``links``, ``dci``, ``cluster``, ``variants``,
        ``supply``, ``market``)."""
        return list(self._core.sections)

    @property
    def warnings(self):
        """Valid input the user likely did not mean (the CLI prints these and goes on)."""
        return list(self._core.warnings)

    def fabric(self):
        """``opticplan fabric``: the scenario's cluster sized, with its optics bill of materials."""
        return _wrap(_core.fabric(self._core))

    def fabric_compare(self):
        """``opticplan fabric compare``: the cluster and each of its ``variants:`` side by side."""
        return _wrap(_core.fabric_compare(self._core))

    def check_links(self):
        """``opticplan link check``: every ``links:`` and ``dci:`` entry's budget and margin."""
        return _wrap(_core.check_links(self._core))

    def select(self, requirement):
        """``opticplan select``: the modules that can carry one link, ranked. ``requirement`` is a
        dict with the keys of a ``select:`` entry, e.g. ``{"speed": "800G", "length": "500m",
        "fiber": "smf"}``."""
        return _wrap(_core.select(self._core, _json.dumps(requirement)))

    def plan(self, planner="heuristic", objective="lateness", compare=False, progress=None, cancel=None,
             bound=False):
        """``opticplan plan``: the supply plan by the fast planner (``"heuristic"``) or the LP
        (``"lp"``) under ``objective`` (``"lateness"``, ``"fill"``, ``"revenue"``); ``compare``
        also solves the LP and reports the fast planner's gap; ``bound`` instead solves the
        aggregate relaxation (any size) and reports the gap to it, at most the gap to the optimum.
        ``progress(done, total)`` is called as the fast planner goes (done/total is the share of
        orders planned); ``cancel`` is a ``threading.Event``."""
        return _wrap(_core.plan(self._core, planner, objective, compare, progress, cancel, bound))

    def mrp(self):
        """``opticplan plan --mrp``: the unconstrained plan (what to buy and make, and when)."""
        return _wrap(_core.mrp(self._core))

    def compare(self, what_if):
        """``opticplan compare``: this scenario and a what-if, both planned, and what moved."""
        return _wrap(_core.compare(self._core, what_if._core))

    def quote(self, order):
        """``opticplan quote``: one new order promised on this scenario's plan. ``order`` is a dict
        with the keys of a ``supply.orders`` entry, e.g. ``{"id": "q1", "customer": "hs-1",
        "item": "osfp-800g-dr8-eml", "quantity": 500, "due": "2026-W30"}``."""
        return _wrap(_core.quote(self._core, _json.dumps(order)))

    def market(self, runs=None, seed=None, threads=1, progress=None, cancel=None):
        """``opticplan market``: the Monte Carlo simulation (``runs`` and ``seed`` default to the
        scenario's). The result does not depend on ``threads``. ``progress(done, total)`` is
        called as runs finish (from the simulation's threads, with the GIL taken); ``cancel`` is a
        ``threading.Event``."""
        return _wrap(_core.market(self._core, runs, seed, threads, progress, cancel))

    def __repr__(self):
        return f"<opticplan Scenario {self.name!r}: {', '.join(self.sections) or 'catalog only'}>"


def load(path=None, shipped_catalog=True, catalogs=()):
    """Loads a scenario file (YAML or JSON) and everything it includes, as the CLI does: the
    shipped catalog first unless ``shipped_catalog`` is False, then ``catalogs`` (extra catalog
    files, as ``--catalog``). Without a path: the catalog alone (for ``select``). Relative paths
    resolve against the working directory, and results name the files as given. Raises
    ScenarioError with every located problem."""
    return Scenario(_core.load("" if path is None else str(path), shipped_catalog, [str(c) for c in catalogs]))


def loads(text, format="yaml", name=None, shipped_catalog=True, catalogs=()):
    """Loads a scenario from a string (``format`` "yaml" or "json"); messages name it ``name``
    (default ``scenario.yaml`` or ``scenario.json``). Its includes resolve in the shipped data."""
    if format not in ("yaml", "json"):
        raise ValueError(f'format must be "yaml" or "json", got {format!r}')
    name = name or f"scenario.{format}"
    if format == "json" and not name.endswith(".json"):
        name += ".json"
    return Scenario(_core.loads(text, name, shipped_catalog, [str(c) for c in catalogs]))


def from_dict(scenario, name="scenario.json", shipped_catalog=True, catalogs=()):
    """Loads a scenario given as a dict (the structure of a scenario file)."""
    return loads(_json.dumps(scenario), format="json", name=name, shipped_catalog=shipped_catalog, catalogs=catalogs)
