"""Every test in tests/soak/ is a soak test: run by `make soak`, never by `make test`."""

from __future__ import annotations

from pathlib import Path

import pytest

SOAK_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SOAK_DIR in item.path.parents:
            item.add_marker(pytest.mark.soak)
