"""A sharded MkDocs build (several processes, outputs merged) gives the same site as one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, copy_project
from generator.site.build import run_mkdocs
from generator.pipeline import Project, generate

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import synthesise  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("sharded") / "project")
    synthesise_into(root, 21)
    result, catalogue, _ = generate(Project(root))
    samples = len(SAMPLES)
    assert not result.errors, result.errors
    assert len(catalogue.cases) == samples + 21
    return root


def synthesise_into(root: Path, n: int) -> None:
    made = synthesise(root.parent / "synth", n)
    for path in (made / "cases").glob("*.yml"):
        path.rename(root / "cases" / path.name)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def full_site(generated: Path) -> Path:
    """The one-process build, made once for every shard count it is compared with."""
    run_mkdocs(generated, "site-full", shards=1)
    return generated / "site-full"


@pytest.mark.build
@pytest.mark.parametrize("shards", [2, 3])
def test_sharded_build_gives_the_same_site(generated: Path, full_site: Path, shards: int) -> None:
    run_mkdocs(generated, f"site-{shards}", shards=shards)
    full, sharded = _files(generated / "site-full"), _files(generated / f"site-{shards}")
    assert sorted(sharded) == sorted(full)
    assert sum(name.startswith("cases/") and name.endswith("index.html") for name in full) == len(SAMPLES) + 21
    assert [name for name in full if full[name] != sharded[name]] == []
    leftovers = [p.name for p in generated.iterdir() if p.name.startswith(".catalogue-shard")]
    assert leftovers == []


def test_case_pages_rendered_by_worker_processes_equal_the_one_process_pages(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """generate renders case pages in forked workers from pages.PARALLEL_FROM on, while it makes the rest."""
    from generator.pages import registry as pages
    from generator.pipeline import catalogue_from, context, validate

    project = Project(generated)
    ctx = context(project)
    catalogue = catalogue_from(project, validate(project, ctx=ctx), ctx)
    one = pages.render_catalogue(catalogue)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 2)
    workers = pages.CasePages(catalogue, pages.Site(), list(range(len(catalogue.cases))))
    try:
        assert workers.pool is not None, "no worker processes were started"
    finally:
        workers.close()
    assert pages.render_catalogue(catalogue) == one
    assert len([p for p in one if p.startswith("cases/") and p.endswith(".md")]) == len(catalogue.cases)
