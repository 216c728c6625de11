"""`catalogue new` writes a commented skeleton that editors can check against the schema."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def test_new_writes_skeleton_with_schema_line(project: Path) -> None:
    done = run_cli("new", "minato-test", cwd=project)
    assert done.returncode == 0, done.stderr
    text = (project / "cases" / "minato-test.yml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../generator/schema/case.schema.json"
    assert (project / "cases" / first.split("=", 1)[1]).resolve().name == "case.schema.json"


def test_skeleton_is_refused_until_placeholders_are_replaced(project: Path) -> None:
    run_cli("new", "minato-test", cwd=project)
    done = run_cli("validate", "cases/minato-test.yml", cwd=project)
    assert done.returncode == 1
    errors = [l for l in done.stderr.splitlines() if ": エラー: " in l]
    assert errors and all("ひな形のまま" in l for l in errors), errors
    path = project / "cases" / "minato-test.yml"
    text = path.read_text(encoding="utf-8")
    for field, value in (("code", '"131016"'), ("prefecture", "東京都"), ("name", "千代田区"), ("url", "https://www.city.chiyoda.lg.jp/")):
        text = text.replace(f"{field}: " + ('"（記入してください）"' if field == "code" else "https://（記入してください）" if field == "url" else "（記入してください）"), f"{field}: {value}")
    path.write_text(text.replace("（記入してください）", "みなと"), encoding="utf-8")
    done = run_cli("validate", "cases/minato-test.yml", cwd=project)
    assert done.returncode == 0, done.stderr


def test_new_refuses_bad_or_existing_ids(project: Path) -> None:
    assert run_cli("new", "Bad_ID", cwd=project).returncode == 2
    assert run_cli("new", "sample-ekimae-jinryu", cwd=project).returncode == 2
