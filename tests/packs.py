"""Paths to the content packs the tests use, and a helper that assembles a broken pack."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PACK = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIN_PACK = FIXTURES / "pack_min"
BROKEN = FIXTURES / "broken"


def broken_pack(case: str, into: Path) -> Path:
    """pack_min with tests/fixtures/broken/<case>/ laid over it (REMOVE lists deletions)."""
    target = into / case
    shutil.copytree(MIN_PACK, target)
    for path in sorted((BROKEN / case).iterdir()):
        if path.name == "REMOVE":
            for name in path.read_text(encoding="utf-8").split():
                (target / name).unlink()
        else:
            shutil.copyfile(path, target / path.name)
    return target
