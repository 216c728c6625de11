"""Issue → case file, offline: the issue form follows the schema; saved issue bodies become cases that validate,
or the Japanese comment that says why not; a correction request names the file and its fields."""

from __future__ import annotations

from pathlib import Path

import json
import re

import pytest
import yaml

from conftest import ROOT, copy_project, run_cli
from generator.github.markdown import ZWJ
from generator.data.caseschema import subschema
from generator.github.issue_form import FIELDS, MARKER, convert, fix_comment, form_label, issue_template, template_text

BODIES = ROOT / "tests" / "fixtures" / "issues"
TEMPLATE = ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-case.yml"


def test_issue_form_is_generated_from_the_schema() -> None:
    assert TEMPLATE.read_text(encoding="utf-8") == template_text(), "run: python -m generator.github.issue_form template > .github/ISSUE_TEMPLATE/submit-case.yml"
    form = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    questions = {e["id"]: e for e in form["body"] if e["type"] != "markdown"}
    for field in FIELDS:
        node = subschema(field.path)
        assert node is not None, field  # every question is a field of the schema
        q = questions[field.id]
        assert q["attributes"]["label"] == form_label(field) and q["attributes"]["description"] == node["description"]
        enum = node.get("enum") or next((b["enum"] for b in node.get("anyOf", []) if "enum" in b), None)
        if q["type"] == "dropdown":
            assert q["attributes"]["options"][: len(enum)] == enum
    required = {f.path for f in FIELDS if f.required}
    assert {("id",), ("title",), ("municipalities", 0, "prefecture"), ("municipalities", 0, "name"), ("rounds", 0, "fiscal_year")} <= required


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


GOOD = [("good-full.md", "chiyoda-ekimae-data"), ("good-unknowns.md", "chiyoda-minimal")]


@pytest.mark.parametrize(("body", "case_id"), GOOD)
def test_good_issue_becomes_a_case_that_validates(project: Path, body: str, case_id: str) -> None:
    code, comment, written = convert((BODIES / body).read_text(encoding="utf-8"), project)
    assert code == 0 and written == project / "cases" / f"{case_id}.yml"
    assert comment.startswith(MARKER) and "検証を通りました（エラー 0 件" in comment
    done = run_cli("validate", f"cases/{case_id}.yml", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["municipalities"][0] == {"code": "131016", "prefecture": "東京都", "name": "千代田区", "role": "代表"}
    assert data["sources"][0]["id"] == "s1" and data["rounds"][0]["source"] == "s1"
    if body == "good-unknowns.md":
        assert data["stage"] == data["vision"] == data["contact"]["department"] == {"unknown": "公開資料に記載なし"}


BROKEN = [
    ("broken-not-the-form.md", "フォームの形になっていません（「### 項目名」の見出しが見つかりません）"),
    ("broken-heading-removed.md", "見出し `### 事業名（表示名）` が見つかりません。フォームの見出しは消さないでください。"),
    ("broken-no-consent.md", "「確認」のチェック（権利関係・個人情報）が付いていません。"),
    ("broken-required-empty.md", "必須の項目「事業名（表示名）」が空です。"),
    ("broken-bad-id.md", "事例ID `../../.github/workflows/x` は使えません。"),
    ("broken-existing-id.md", "事例ID `sample-koiki-renkei` の事例（`cases/sample-koiki-renkei.yml`）はすでにあります。"),
]


@pytest.mark.parametrize(("body", "words"), BROKEN)
def test_broken_issue_gets_a_japanese_comment_and_no_file(project: Path, body: str, words: str) -> None:
    before = sorted(p.name for p in (project / "cases").rglob("*"))
    code, comment, written = convert((BODIES / body).read_text(encoding="utf-8"), project)
    assert code == 1 and written is None
    assert comment.startswith(MARKER) and words in comment
    assert sorted(p.name for p in (project / "cases").rglob("*")) == before
    assert not (project / ".github").exists() or not list((project / ".github").rglob("x*"))


def test_invalid_values_are_written_and_explained_with_the_clis_words(project: Path) -> None:
    code, comment, written = convert((BODIES / "invalid-reiwa-year.md").read_text(encoding="utf-8"), project)
    assert code == 2 and written is not None
    done = run_cli("validate", "cases/chiyoda-reiwa.yml", cwd=project)
    words = "年度は西暦の半角数字で書いてください（「令和6年度」なら 2024）"
    assert words in comment and words in done.stdout + done.stderr
    assert "5 行 3 列（エラー）" in comment


def test_nothing_in_the_body_is_executed(project: Path, tmp_path: Path) -> None:
    canary = tmp_path / "ran"
    body = (BODIES / "good-full.md").read_text(encoding="utf-8").replace("千代田区 駅前広場の人流データ活用", f"$(touch {canary}) `touch {canary}` {{{{ 7*7 }}}} !!python/object/apply:os.system ['touch {canary}']")
    code, comment, written = convert(body, project)
    assert not canary.exists()
    assert f"$(touch {canary})" in yaml.safe_load(written.read_text(encoding="utf-8"))["title"]


def test_correction_request_names_the_file_and_fields(project: Path) -> None:
    comment = fix_comment((BODIES / "fix-request.md").read_text(encoding="utf-8"), project)
    assert "対象のファイルは `cases/sample-asahino-rename.yml` です" in comment
    text = (project / "cases" / "sample-asahino-rename.yml").read_text(encoding="utf-8").splitlines()
    stage_line = next(i for i, line in enumerate(text, 1) if line.startswith("stage:"))
    concept_line = next(i for i, line in enumerate(text, 1) if line.startswith("key_concept:"))
    assert f"「段階」(stage): cases/sample-asahino-rename.yml の {stage_line} 行目" in comment
    assert f"「キーコンセプト」(key_concept): cases/sample-asahino-rename.yml の {concept_line} 行目" in comment
    assert "対象ページの URL から事例を特定できませんでした" in fix_comment("### 対象ページの URL\n\nhttps://example.jp/\n", project)


def _outside_code(comment: str) -> str:
    return re.sub(r"`[^`\n]*`", "", comment)


def test_a_hostile_case_id_is_echoed_as_code_with_the_mention_neutralised(project: Path) -> None:
    """The saved event of an issue whose 事例ID holds a mention, backticks, a link, an image and HTML."""
    event = json.loads((ROOT / "tests" / "fixtures" / "events" / "issues-opened-hostile-id.json").read_text(encoding="utf-8"))
    code, comment, written = convert(event["issue"]["body"], project)
    assert code == 1 and written is None
    line = next(x for x in comment.splitlines() if x.startswith("- 事例ID"))
    assert line.startswith(f"- 事例ID `@{ZWJ}maintainers x [click](https:{ZWJ}//evil.example/) <img src=x> ![i](https:{ZWJ}//evil.")
    assert "…` は使えません。" in line and line.count("`") == 2 and "a" * 20 not in line  # one code span, capped at 80 characters
    assert "@maintainers" not in comment and "evil" not in _outside_code(comment) and "<img" not in _outside_code(comment)


def test_headings_and_messages_echoed_from_the_body_stay_text(project: Path) -> None:
    body = (BODIES / "good-full.md").read_text(encoding="utf-8") + "\n### @maint `x` [a](https://evil.example/)\n\nx\n"
    code, comment, _ = convert(body, project)
    line = next(x for x in comment.splitlines() if "フォームにない項目" in x)
    assert f"見出し `### @{ZWJ}maint x [a](https:{ZWJ}//evil.example/)` はフォームにない項目です" in line
    title = (BODIES / "good-full.md").read_text(encoding="utf-8").replace("千代田区 駅前広場の人流データ活用", "@maint <b>x</b> [a](https://evil.example/)")
    code, comment, _ = convert(title.replace("### 段階\n\n実証", "### 段階\n\n@maint [a](https://evil.example/)"), project)
    assert code == 2 and "@maint" not in comment and "<b>" not in comment and "](https://evil" not in comment
