# Type stubs of opticplan.errors (docstrings are in errors.py).
from typing import Any, Iterable

class OpticplanError(Exception): ...

class ScenarioError(OpticplanError, ValueError):
    problems: list[dict[str, Any]]
    file: str
    line: int
    column: int
    path: str
    message: str
    def __init__(self, problems: Iterable[dict[str, Any]]) -> None: ...

class RunError(OpticplanError, RuntimeError):
    code: str
    field: str
    file: str
    message: str
    def __init__(self, code: str, message: str, field: str = ..., file: str = ...) -> None: ...
