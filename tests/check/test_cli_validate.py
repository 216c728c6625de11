"""`catalogue validate`: exit codes and the file it names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import run_cli, sample_data


def test_samples_are_valid(project: Path) -> None:
    done = run_cli("validate", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "エラー 0 件" in done.stderr


def _write(project: Path, data: dict, name: str) -> Path:
    path = project / "cases" / f"{name}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.pop("sources"), ["出典", "sources", "ありません"]),
        (lambda d: d["rounds"][-1].update(themes=["bousai"]), ["重点テーマ", "bousai", "disaster-prevention"]),
        (lambda d: d.update(visoin="x"), ["visoin", "vision"]),
    ],
    ids=["missing-required", "wrong-theme", "unknown-key"],
)
def test_invalid_case_exits_1_and_names_the_file(project: Path, change, words: list[str]) -> None:
    data = sample_data()
    data["id"] = "broken-case"
    change(data)
    _write(project, data, "broken-case")
    done = run_cli("validate", cwd=project)
    assert done.returncode == 1
    lines = [l for l in done.stderr.splitlines() if l.startswith("cases/broken-case.yml:")]
    assert lines, done.stderr
    assert any(all(w in l for w in words) for l in lines), lines


def test_usage_error_exits_2(project: Path) -> None:
    done = run_cli("frobnicate", cwd=project)
    assert done.returncode == 2 and "コマンドの書き方が正しくありません" in done.stderr and "Traceback" not in done.stderr
    assert run_cli("validate", "cases/no-such-file.yml", cwd=project).returncode == 2


def test_not_a_project_exits_2(tmp_path: Path) -> None:
    done = run_cli("validate", cwd=tmp_path)
    assert done.returncode == 2
    assert "mkdocs.yml" in done.stderr


def test_github_format_prints_annotations(project: Path) -> None:
    data = sample_data()
    data["id"] = "broken-case"
    data.pop("title")
    _write(project, data, "broken-case")
    done = run_cli("validate", "--format", "github", cwd=project)
    assert done.returncode == 1
    assert any(l.startswith("::error file=cases/broken-case.yml,line=") for l in done.stdout.splitlines())
