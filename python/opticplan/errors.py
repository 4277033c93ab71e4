"""The exceptions opticplan raises: located problems in a scenario, and failed runs."""


class OpticplanError(Exception):
    """Base class of opticplan's exceptions."""


class ScenarioError(OpticplanError, ValueError):
    """A scenario (or a requirement or order given as a dict) has problems.

    Every problem is located as the CLI's `validate` locates it. The attributes name the first:
    ``file``, ``line``, ``column`` (1-based; 0 when the problem has no place in a file), ``path``
    (the field, e.g. ``supply.orders[3].due``) and ``message``; ``problems`` lists them all, each a
    dict with those keys plus ``text`` (the CLI's line, ``file:line:col: error: path: message``).
    """

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else {}
        self.file = first.get("file", "")
        self.line = first.get("line", 0)
        self.column = first.get("column", 0)
        self.path = first.get("path", "")
        self.message = first.get("message", "")
        lines = [p.get("text", "") for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found")
        super().__init__("\n".join(lines))


class RunError(OpticplanError, RuntimeError):
    """A run failed: ``code`` is ``"bad_input"`` (e.g. the scenario has no section for the run;
    ``field`` names it, ``file`` is the scenario's), ``"internal"`` (the LP solver failed) or
    ``"cancelled"`` (a cancel event was set or a progress callback raised)."""

    def __init__(self, code, message, field="", file=""):
        self.code = code
        self.field = field
        self.file = file
        self.message = message
        where = f"{file}: " if file else ""
        what = f"{field}: " if field else ""
        super().__init__(f"{where}{what}{message}")
