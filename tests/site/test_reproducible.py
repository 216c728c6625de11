"""Two builds of the same input give byte-identical generated Markdown and open data."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from conftest import copy_project, run_cli
from generator.pages.registry import GENERATED


def _generated(root: Path) -> dict[str, bytes]:
    files = {}
    for top in GENERATED:
        path = root / "docs" / top
        for f in [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []:
            if f.is_file():
                files[f.relative_to(root).as_posix()] = f.read_bytes()
    return files


def test_two_generations_are_byte_identical(generated_site: Path, tmp_path: Path) -> None:
    first, second = generated_site, copy_project(tmp_path / "b")  # the first generation is the shared one
    time.sleep(2.1)  # zip and document timestamps have 1-2 s resolution: a clock leak would show
    assert run_cli("generate", cwd=second).returncode == 0
    a, b = _generated(first), _generated(second)
    assert a.keys() == b.keys()
    assert "docs/data/cases.xlsx" in a and "docs/feed.xml" in a
    different = [name for name in a if a[name] != b[name]]
    assert different == []


# Pagefind writes these differently on every run, even from identical pages (Pagefind issue #638: fragments
# are stable since 1.3.0, "other files will still change, such as the filter/metadata indexes").
PAGEFIND_UNSTABLE = re.compile(r"^pagefind/(part-[0-9]+/)?(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$")


def _site(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_two_site_builds_are_identical_except_pagefinds_unstable_files(built_site: Path, tmp_path: Path) -> None:
    first, second = built_site, copy_project(tmp_path / "b")  # the first build is the shared one (another folder)
    time.sleep(1.1)  # a date or time leaking into a page would now differ
    assert run_cli("build", cwd=second).returncode == 0
    a, b = _site(first), _site(second)
    stable = lambda names: sorted(n for n in names if not PAGEFIND_UNSTABLE.match(n))  # noqa: E731
    assert stable(a) == stable(b)
    assert any(n.startswith("pagefind/fragment/") for n in stable(a)) and "sitemap.xml" in a and "index.html" in a
    assert [n for n in stable(a) if a[n] != b[n]] == []
