"""The page registry (generator/pages/registry.py) drives rendering, stale-file removal and .gitignore."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, SNAPSHOT
from generator.pages import registry as pages
from generator.pages.registry import ARTIFACTS, GENERATED, PAGES, PageType, render_catalogue
from generator.pipeline import Project, catalogue_from, context, generate, validate


@pytest.fixture(scope="module")
def catalogue():
    project = Project(SNAPSHOT)
    ctx = context(project)
    return catalogue_from(project, validate(project, ctx=ctx), ctx)


def test_gitignore_covers_every_generated_path() -> None:
    ignored = {line.strip().removeprefix("/docs/").rstrip("/") for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
               if line.startswith("/docs/")}
    assert set(GENERATED) <= ignored, f"add to .gitignore: {sorted(set(GENERATED) - ignored)}"


def test_every_rendered_file_lies_under_a_declared_root(catalogue) -> None:
    files = render_catalogue(catalogue)
    assert {path.split("/")[0] for path in files} == set(GENERATED)


def test_a_new_page_type_is_one_registry_line(catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Worked example from ARCHITECTURE.md: a page = a template + one PageType entry."""
    template = pages.environment().loader.searchpath[0]  # type: ignore[union-attr]
    (Path(template) / "_test-extra.md.j2").write_text("# {{ case.title }} の一枚\n", encoding="utf-8")
    try:
        extra = PageType("_test-extra.md.j2", "sheets/{case.id}.md", lambda c: [{"case": x} for x in c.cases])
        monkeypatch.setattr(pages, "PAGES", PAGES + [extra])
        files = render_catalogue(catalogue)
        first = catalogue.cases[0]
        assert files[f"sheets/{first.id}.md"].startswith(f"# {first.title}")
        assert "sheets" in {p.root for p in pages.PAGES}
    finally:
        (Path(template) / "_test-extra.md.j2").unlink()


def test_a_page_no_longer_produced_is_removed(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(SNAPSHOT, root)
    generate(Project(root))
    stale = root / "docs" / "prefectures" / "okinawa.md"
    assert not stale.exists()
    stale.write_text("# 古いページ\n", encoding="utf-8")  # e.g. the last case of a prefecture was deleted
    kept = root / "docs" / "about.md"
    _, _, stats = generate(Project(root))
    assert not stale.exists() and "prefectures/okinawa.md" in stats.removed
    assert kept.is_file()  # hand-written pages are never touched


def test_only_cases_is_shared_by_pages_and_artifacts() -> None:
    """A root written by both a page type and an artifact must be deliberate: case pages and their images."""
    shared = {p.root for p in PAGES} & {a.root for a in ARTIFACTS}
    assert shared == {"cases"}
