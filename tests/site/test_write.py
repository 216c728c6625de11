"""The write step touches only changed files and removes generated files whose case is gone."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from generator.pipeline import Project, generate


def test_regenerating_writes_nothing_new(project: Path) -> None:
    assert run_cli("generate", cwd=project).returncode == 0
    page = project / "docs" / "cases" / "sample-umikaze-digitaltwin.md"
    before = page.stat().st_mtime_ns
    done = run_cli("generate", cwd=project)
    assert "ページ 0 件を書き込み" in done.stderr
    assert page.stat().st_mtime_ns == before


def test_changed_case_rewrites_only_its_pages(project: Path) -> None:
    run_cli("generate", cwd=project)
    source = project / "cases" / "sample-umikaze-digitaltwin.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("瀬戸内の港町", "瀬戸内の古い港町"), encoding="utf-8")
    _, _, stats = generate(Project(project))
    # the page, the open data, the readings of the new word (古い: data/readings/<first kana>.json) and the word
    # index's files of the characters around it (data/words/<first characters>.json: の古, 古い, い港町…)
    words = [p for p in stats.written if p.startswith("data/words/")]
    assert [p for p in stats.written if not p.startswith(("data/readings/", "data/words/"))] == ["cases/sample-umikaze-digitaltwin.md", "data/cases.json"]
    assert len(stats.written) - len(words) <= 3
    assert words and all(Path(p).stem.split("-")[0] in {f"{ord(ch):x}" for ch in "瀬戸内の古い港町"} for p in words), words
    assert "瀬戸内の古い港町" in (project / "docs" / "cases" / "sample-umikaze-digitaltwin.md").read_text(encoding="utf-8")


def test_removed_case_loses_its_page_and_assets(project: Path) -> None:
    run_cli("generate", cwd=project)
    assert (project / "docs" / "cases" / "sample-shiokaze-bousai" / "images" / "key-visual.png").is_file()
    (project / "cases" / "sample-shiokaze-bousai.yml").unlink()
    done = run_cli("generate", cwd=project)
    assert done.returncode == 0
    assert not (project / "docs" / "cases" / "sample-shiokaze-bousai.md").exists()
    assert not (project / "docs" / "cases" / "sample-shiokaze-bousai").exists()
    assert (project / "docs" / "about.md").is_file()  # hand-written pages are never touched
