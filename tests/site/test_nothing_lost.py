"""`catalogue build` ends with a summary and fails when a valid case is missing anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import YEAR
from generator.pipeline import Project, catalogue_from, context, validate
from generator.pages.search import indexed_urls
from generator.site.verify import verify_site


@pytest.fixture(scope="module")
def built(built_site: Path, built_site_log: str) -> tuple[Path, str]:
    """The shared build and its stderr: the tests only read it (damage is done to copies of site/)."""
    return built_site, built_site_log


def _catalogue(root: Path):
    project = Project(root)
    ctx = context(project)
    return catalogue_from(project, validate(project, ctx=ctx), ctx)


def test_build_prints_a_summary(built: tuple[Path, str]) -> None:
    root, stderr = built
    n = len(list((root / "cases").glob("*.yml")))
    assert f"まとめ: 事例ファイル {n} 件を読み込み、有効 {n} 件、事例ページ {n} 件、検索インデックス" in stderr
    assert len([u for u in indexed_urls(root / "site") if "/cases/" in u]) == n


@pytest.mark.parametrize("damage", ["page", "theme-listing", "search-entry"])
def test_a_lost_case_is_reported(built: tuple[Path, str], tmp_path: Path, damage: str) -> None:
    root, _ = built
    site = tmp_path / "site"
    shutil.copytree(root / "site", site)
    victim = "sample-umikaze-digitaltwin"
    if damage == "page":
        shutil.rmtree(site / "cases" / victim)
    elif damage == "theme-listing":
        page = site / "themes" / str(YEAR) / "infrastructure-management" / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace(f"/cases/{victim}/", "/cases/gone/"), encoding="utf-8")
    else:
        import gzip

        for fragment in (site / "pagefind").rglob("*.pf_fragment"):
            if f"/cases/{victim}/".encode() in gzip.decompress(fragment.read_bytes()):
                fragment.unlink()
    report = verify_site(site, _catalogue(root))
    assert not report.ok
    assert any(victim in line for line in report.missing), report.missing
    assert verify_site(root / "site", _catalogue(root)).ok
