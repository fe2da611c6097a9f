"""Paths to the content packs the tests use, and a helper that assembles a broken pack."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PACK = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIN_PACK = FIXTURES / "pack_min"


def broken_pack(case: str, into: Path) -> Path:
    """A copy of pack_min in `into` with one case of `make_broken_packs.CASES` laid over it."""
    from tests.fixtures.make_broken_packs import CASES

    target = into / case
    shutil.copytree(MIN_PACK, target)
    for name, content in CASES[case].items():
        if name == "REMOVE":
            for removed in content.decode("utf-8").split():
                (target / removed).unlink()
        else:
            (target / name).write_bytes(content)
    return target
