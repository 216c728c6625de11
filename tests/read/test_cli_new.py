"""`catalogue new` writes a commented skeleton that editors can check against the schema."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import run_cli


def test_new_writes_skeleton_with_schema_line(project: Path) -> None:
    done = run_cli("new", "minato-test", cwd=project)
    assert done.returncode == 0, done.stderr
    text = (project / "cases" / "minato-test.yml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../generator/schema/case.schema.json"
    assert (project / "cases" / first.split("=", 1)[1]).resolve().name == "case.schema.json"


def _fill(path: Path, theme: str, kind: str) -> None:
    """Replace every placeholder as a contributor would: the place, the choices, then any text."""
    text = path.read_text(encoding="utf-8")
    for field, value in (("code", '"131016"'), ("prefecture", "東京都"), ("name", "千代田区"), ("url", "https://www.city.chiyoda.lg.jp/")):
        text = text.replace(f"{field}: " + ('"（記入してください）"' if field == "code" else "https://（記入してください）" if field == "url" else "（記入してください）"), f"{field}: {value}")
    for field, value in (("funding", "補助"), ("type", kind), ("stage", "実証")):
        text = text.replace(f"{field}: （選んでください）", f"{field}: {value}")
    text = text.replace("- （選んでください）", f"- {theme}")
    path.write_text(text.replace("（記入してください）", "みなと"), encoding="utf-8")


def test_skeleton_is_refused_until_placeholders_are_replaced(project: Path) -> None:
    run_cli("new", "minato-test", cwd=project)
    done = run_cli("validate", "cases/minato-test.yml", cwd=project)
    assert done.returncode == 1
    errors = [l for l in done.stderr.splitlines() if ": エラー: " in l]
    assert errors and all("ひな形のまま" in l for l in errors), errors
    assert len({l.split(": エラー: ")[0] for l in errors}) == len(errors), "one message per placeholder"
    lines = {int(l.split(":")[1]) for l in errors}
    text = (project / "cases" / "minato-test.yml").read_text(encoding="utf-8").splitlines()
    for field in ("funding:", "type:", "stage:", "- （選んでください）"):  # nothing real-looking by default: every choice is refused
        assert any(text[n - 1].strip().startswith(field) for n in lines), (field, errors)
    _fill(project / "cases" / "minato-test.yml", "safety-security", "通常タイプ")
    done = run_cli("validate", "cases/minato-test.yml", cwd=project)
    assert done.returncode == 0, done.stderr


def test_skeleton_follows_a_later_year_with_other_themes(project: Path) -> None:
    """`catalogue new` uses the newest year with themes; its skeleton lists that year's themes and types, and
    validates once filled with them (the skeleton once hard-coded a theme of 2024)."""
    later = {"fiscal_year": 2026, "label": "令和8年度", "source": "テスト用の架空の年度", "funding": ["補助"],
             "types": [{"name": "架空タイプ", "cap": 10000000}],
             "pillars": [{"id": "p", "title": "架空の柱", "themes": [{"id": "future-mobility", "title": "架空の移動テーマ", "description": "テスト用"}]}]}
    (project / "programmes" / "2026.yml").write_text(yaml.safe_dump(later, allow_unicode=True), encoding="utf-8")
    assert run_cli("new", "minato-later", cwd=project).returncode == 0
    path = project / "cases" / "minato-later.yml"
    skeleton = path.read_text(encoding="utf-8")
    assert "fiscal_year: 2026" in skeleton and "future-mobility: 架空の移動テーマ" in skeleton and "架空タイプ" in skeleton
    assert "disaster-prevention" not in skeleton
    _fill(path, "future-mobility", "架空タイプ")
    done = run_cli("validate", "cases/minato-later.yml", cwd=project)
    assert done.returncode == 0, done.stderr


def test_new_refuses_bad_or_existing_ids(project: Path) -> None:
    assert run_cli("new", "Bad_ID", cwd=project).returncode == 2
    assert run_cli("new", "sample-ekimae-jinryu", cwd=project).returncode == 2
