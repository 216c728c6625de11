"""Incremental generation (content hash per case page) gives the same docs/ as a full generation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import copy_project
from generator.pages.registry import GENERATED
from generator.pipeline import Project, generate


def _generated(docs: Path) -> dict[str, bytes]:
    files = {}
    for top in GENERATED:
        path = docs / top
        for f in [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []:
            if f.is_file():
                files[f.relative_to(docs).as_posix()] = f.read_bytes()
    return files


def _edit_text(root: Path) -> None:
    case = root / "cases" / "sample-yukimino-josetsu.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("department: ", "department: 改訂 ", 1), encoding="utf-8")


def _edit(root: Path) -> None:
    case = root / "cases" / "sample-yukimino-josetsu.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("title: ", "title: 改訂 ", 1), encoding="utf-8")
    (root / "cases" / "sample-umikaze-digitaltwin.yml").unlink()
    shutil.copy(root / "cases" / "sample-ekimae-jinryu.yml", root / "cases" / "new-case.yml")
    new = root / "cases" / "new-case.yml"
    new.write_text(new.read_text(encoding="utf-8").replace("id: sample-ekimae-jinryu", "id: new-case"), encoding="utf-8")


def test_unchanged_cases_are_not_rendered_again(tmp_path: Path) -> None:
    project = Project(copy_project(tmp_path / "a"))
    _, catalogue, first = generate(project)
    assert first.cached == 0
    _, _, again = generate(project)
    assert again.cached == len(catalogue.cases) and again.written == []
    (project.docs_dir / "cases" / "sample-seseragi-mimamori.md").write_text("edited by hand", encoding="utf-8")
    _, _, repaired = generate(project)
    assert repaired.written == ["cases/sample-seseragi-mimamori.md"]


@pytest.mark.parametrize("edit", [_edit_text, _edit])
def test_incremental_generation_equals_a_full_one(tmp_path: Path, edit: Callable[[Path], None]) -> None:
    """One case's text edited (its page alone is rendered again); or a title changed, a case removed and
    one added (the related-case lists of other pages change too)."""
    incremental = Project(copy_project(tmp_path / "incremental"))
    generate(incremental)
    edit(incremental.root)
    _, catalogue, stats = generate(incremental)
    if edit is _edit_text:
        assert stats.cached == len(catalogue.cases) - 1
        assert "cases/sample-yukimino-josetsu.md" in stats.written
    full = Project(copy_project(tmp_path / "full"))
    edit(full.root)
    generate(full, incremental=False)
    a, b = _generated(incremental.docs_dir), _generated(full.docs_dir)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert "改訂" in a["cases/sample-yukimino-josetsu.md"].decode("utf-8")


def test_the_preview_checks_only_changed_files_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline

    project = Project(copy_project(tmp_path / "p"))
    checked: list[str] = []
    real = pipeline._check_file
    monkeypatch.setattr(pipeline, "_check_file", lambda job: (checked.append(job[1]), real(job))[1])
    memo: dict = {}
    first = pipeline.validate(project, memo=memo)
    assert len(checked) == first.files_read
    checked.clear()
    _edit_text(project.root)
    image = project.cases_dir / "sample-shiokaze-bousai" / "images" / "key-visual.png"
    image.unlink()  # a change beside a case file counts too
    again = pipeline.validate(project, memo=memo)
    assert sorted(checked) == ["cases/sample-shiokaze-bousai.yml", "cases/sample-yukimino-josetsu.yml"]
    fresh = pipeline.validate(project)
    assert again.problems == fresh.problems and [d.file for d in again.documents] == [d.file for d in fresh.documents]
    assert any("key-visual.png" in p.message for p in again.errors)


def test_the_preview_writes_case_pages_first_and_the_rest_later(tmp_path: Path) -> None:
    from generator.pages.registry import GENERATED as roots

    project = Project(copy_project(tmp_path / "p"))
    generate(project, preview=True)
    before = _generated(project.docs_dir)
    _edit(project.root)  # a title changed, a case removed, one added
    generate(project, preview=True, keep=tuple(r for r in roots if r != "cases"))
    now = _generated(project.docs_dir)
    assert "改訂" in now["cases/sample-yukimino-josetsu.md"].decode("utf-8") and "cases/new-case.md" in now
    assert "cases/sample-umikaze-digitaltwin.md" not in now
    listings = [n for n in before if not n.startswith("cases/")]
    assert [n for n in listings if now.get(n) != before[n]] == []  # listings and open data: left for later
    generate(project, preview=True)
    full = Project(copy_project(tmp_path / "full"))
    _edit(full.root)
    generate(full, preview=True, incremental=False)
    assert _generated(project.docs_dir) == _generated(full.docs_dir)
