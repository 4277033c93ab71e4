"""pytest set-up for the Python module's tests (run by ctest: tests/python/CMakeLists.txt sets
PYTHONPATH to the build's python/ folder and OPTICPLAN_BIN to the CLI built beside it)."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def cli():
    return os.environ["OPTICPLAN_BIN"]
