"""`catalogue migrate`: a case in format 1 (as pull requests in flight are written) becomes format 2 with the same facts."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import run_cli

FORMAT1 = sorted((Path(__file__).parents[1] / "fixtures" / "format1").glob("*.yml"))


def _yen(n: int) -> str:
    """Written independently of generator.read.values: 1億2,000万円 / 3,600万円 / 123,456円."""
    if n % 10_000:
        return f"{n:,}円"
    oku, man = divmod(n // 10_000, 10_000)
    return (f"{oku:,}億" + (f"{man:,}万" if man else "") + "円") if oku else f"{man:,}万円"


def _facts(old: dict) -> list[str]:
    """What a reader must still find on the page after migration."""
    facts = [old["title"], old["key_concept"], old["consortium"]["name"], old["contact"]["department"]]
    facts += [m["name"] for m in old["consortium"]["members"]] + [k["name"] for k in old["kpis"]]
    facts += [str(old["fiscal_year"]) + "年度", old["subsidy_type"]]
    budget = old.get("budget") or {}
    facts += [_yen(budget[k]) for k in ("total", "subsidy") if isinstance(budget.get(k), int)]
    for h in old.get("history") or []:
        facts += [h["title"], f"{h['fiscal_year']}年度"] + [_yen(h[k]) for k in ("budget_total", "subsidy") if h.get(k)]
    facts += [p["name"] for p in (old.get("cooperation") or {}).get("partners") or []]
    return facts


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("migrate") / "project")
    for path in (root / "cases").glob("*.yml"):
        path.unlink()
    for path in FORMAT1:
        shutil.copy2(path, root / "cases" / path.name)
    before = run_cli("validate", cwd=root)
    assert before.returncode == 1 and before.stderr.count("catalogue migrate") == len(FORMAT1), before.stderr
    done = run_cli("migrate", *[f"cases/{p.name}" for p in FORMAT1], cwd=root)
    assert done.returncode == 0, done.stderr
    built = run_cli("build", cwd=root)
    assert built.returncode == 0, built.stderr
    return root


@pytest.mark.parametrize("old_file", FORMAT1, ids=lambda p: p.stem)
@pytest.mark.build  # `migrated` builds the migrated cases
def test_migrated_case_validates_and_keeps_its_facts(migrated: Path, old_file: Path) -> None:
    old = yaml.safe_load(old_file.read_text(encoding="utf-8"))
    new_text = (migrated / "cases" / old_file.name).read_text(encoding="utf-8")
    assert new_text.startswith("# yaml-language-server:")  # the top comments are kept
    new = yaml.safe_load(new_text)
    assert "rounds" in new and "subsidy_type" not in new and new["sources"]
    assert [r["fiscal_year"] for r in new["rounds"]] == sorted([h["fiscal_year"] for h in old.get("history") or []] + [old["fiscal_year"]])
    html = (migrated / "site" / "cases" / old["id"] / "index.html").read_text(encoding="utf-8")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    for fact in _facts(old):
        assert fact in text, (old["id"], fact)


@pytest.mark.build
def test_the_bundled_samples_are_the_migrated_fixtures(migrated: Path) -> None:
    """The samples in cases/ were migrated with this command; only new fields were added by hand since."""
    from conftest import SNAPSHOT

    for old_file in FORMAT1:
        ours = yaml.safe_load((SNAPSHOT / "cases" / old_file.name).read_text(encoding="utf-8"))
        theirs = yaml.safe_load((migrated / "cases" / old_file.name).read_text(encoding="utf-8"))
        assert {k: v for k, v in ours.items() if k in theirs} == theirs, old_file.name


def test_migrate_leaves_a_format_2_file_alone(project: Path) -> None:
    path = project / "cases" / "sample-kawabe-itaku.yml"
    before = path.read_bytes()
    done = run_cli("migrate", "cases/sample-kawabe-itaku.yml", cwd=project)
    assert done.returncode == 0 and "すでに形式 2" in done.stderr
    assert path.read_bytes() == before
