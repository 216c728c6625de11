"""Two builds of the same input give byte-identical generated Markdown and open data."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import copy_project, run_cli
from generator.pages import GENERATED


def _generated(root: Path) -> dict[str, bytes]:
    files = {}
    for top in GENERATED:
        path = root / "docs" / top
        for f in [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []:
            if f.is_file():
                files[f.relative_to(root).as_posix()] = f.read_bytes()
    return files


def test_two_generations_are_byte_identical(tmp_path: Path) -> None:
    first, second = copy_project(tmp_path / "a"), copy_project(tmp_path / "b")
    assert run_cli("generate", cwd=first).returncode == 0
    time.sleep(2.1)  # zip and document timestamps have 1-2 s resolution: a clock leak would show
    assert run_cli("generate", cwd=second).returncode == 0
    a, b = _generated(first), _generated(second)
    assert a.keys() == b.keys()
    assert "docs/data/cases.xlsx" in a and "docs/feed.xml" in a
    different = [name for name in a if a[name] != b[name]]
    assert different == []
