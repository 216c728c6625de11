"""Issue forms ↔ case files, offline: the 「事例を投稿したい」 form is generated from the schema, a submitted
issue body becomes cases/<id>.yml (or a Japanese comment saying what is wrong), and a 「掲載内容の修正依頼」
gets a comment naming the file and the fields it concerns.

The body is only read as text: nothing in it is executed, evaluated or used as a path outside cases/.

    python -m generator.github.issue_form template                 # print .github/ISSUE_TEMPLATE/submit-case.yml
    python -m generator.github.issue_form case BODY --comment OUT  # exit 0: cases/<id>.yml valid; 2: written with errors; 1: rejected
    python -m generator.github.issue_form fix BODY --comment OUT   # comment for a correction request
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.data.caseschema import case_schema, subschema
from generator.read.errors import CaseError, Problem
from generator.github.markdown import code, plain
from generator.read.load import MAX_BYTES, parse_yaml

UNKNOWN = "公開資料に記載なし"
NO_RESPONSE = "_No response_"
MARKER = "<!-- catalogue-issue-form -->"


@dataclass(frozen=True)
class Field:
    """One question of the issue form: its id, the schema field it fills, and the form element."""

    id: str
    path: tuple[str | int, ...]
    kind: str = "input"  # input | textarea | dropdown
    required: bool = False


FIELDS: list[Field] = [
    Field("id", ("id",), required=True),
    Field("title", ("title",), required=True),
    Field("prefecture", ("municipalities", 0, "prefecture"), required=True),
    Field("municipality", ("municipalities", 0, "name"), required=True),
    Field("code", ("municipalities", 0, "code")),
    Field("fiscal-year", ("rounds", 0, "fiscal_year"), required=True),
    Field("round-title", ("rounds", 0, "title")),
    Field("funding", ("rounds", 0, "funding"), "dropdown"),
    Field("stage", ("stage",), "dropdown"),
    Field("key-concept", ("key_concept",)),
    Field("vision", ("vision",), "textarea"),
    Field("purpose", ("purpose",), "textarea"),
    Field("department", ("contact", "department")),
    Field("source-title", ("sources", 0, "title"), required=True),
    Field("source-url", ("sources", 0, "url")),
    Field("source-publisher", ("sources", 0, "publisher")),
]
CONSENT = "掲載内容に権利関係の問題がなく、個人情報を含んでいません"


def _enum(node: dict[str, Any]) -> list[str] | None:
    if "enum" in node:
        return list(node["enum"])
    for branch in node.get("anyOf", []):
        if "enum" in branch:
            return list(branch["enum"])
    return None


def _may_be_unknown(node: dict[str, Any]) -> bool:
    return any(b.get("$ref") == "#/$defs/unknown" for b in node.get("anyOf", []))


def form_label(field: Field) -> str:
    """The question's label: the schema titles of the path (e.g. 自治体「都道府県」)."""
    names = [(subschema(field.path[: i + 1]) or {}).get("title", str(step)) for i, step in enumerate(field.path) if isinstance(step, str)]
    return " ／ ".join(dict.fromkeys(names))


def issue_template() -> dict[str, Any]:
    """The 「事例を投稿したい」 issue form, made from FIELDS and the schema's titles, descriptions and lists."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": (
        "このフォームに書くと、自動で事例ファイル（cases/<事例ID>.yml）とプルリクエストが作られ、検証の結果がこの issue にコメントされます。\n"
        "サイトの「事例を投稿する」ページ（/submit/）のフォームを使うと、すべての項目を入力しながら確認できます。\n"
        f"公開資料に書かれていない項目は「{UNKNOWN}」と書いてください（空欄のままでもかまいません）。\n"
        "**個人の氏名や個人の連絡先は書かないでください。**\n")}}]
    for field in FIELDS:
        node = subschema(field.path) or {}
        description = node.get("description", "")
        attributes: dict[str, Any] = {"label": form_label(field), "description": description}
        if field.kind == "dropdown":
            options = _enum(node) or []
            attributes["options"] = options + ([UNKNOWN] if _may_be_unknown(node) else [])
        element: dict[str, Any] = {"type": field.kind, "id": field.id, "attributes": attributes}
        element["validations"] = {"required": field.required}
        body.append(element)
    body.append({"type": "checkboxes", "id": "consent", "attributes": {"label": "確認", "options": [{"label": CONSENT, "required": True}]}})
    return {"name": "事例を投稿したい", "description": "事例の内容を書くと、事例ファイルとプルリクエストが自動で作られます",
            "title": "[事例の投稿] ", "labels": ["事例の投稿"], "body": body}


def template_text() -> str:
    header = "# Generated from generator/schema/case.schema.json by `python -m generator.github.issue_form template`; do not edit by hand.\n"
    return header + yaml.safe_dump(issue_template(), allow_unicode=True, sort_keys=False, width=1000)


# --- reading a submitted issue body ----------------------------------------------------------------------

class Rejected(Exception):
    """The body does not match the form; .args[0] is the Japanese comment."""


def sections(body: str) -> dict[str, str]:
    """The answers of an issue-form body: `### label` followed by the answer, as GitHub writes it."""
    out: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("### "):
            if current is not None:
                out[current] = "\n".join(lines).strip()
            current, lines = line[4:].strip(), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        out[current] = "\n".join(lines).strip()
    return out


def _value(field: Field, text: str) -> Any:
    node = subschema(field.path) or {}
    if text == UNKNOWN and _may_be_unknown(node):
        return {"unknown": UNKNOWN}
    kind = node.get("type")
    if kind == "integer" and re.fullmatch(r"[0-9]+", text):
        return int(text)
    return text  # anything else stays text: the schema then says, in Japanese, what is wrong


def _put(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for step, nxt in zip(path, path[1:]):
        if isinstance(step, int):
            while len(node) <= step:
                node.append({})
            node = node[step]
        else:
            node = node.setdefault(step, [] if isinstance(nxt, int) else {})
    node[path[-1]] = value


def case_from_issue(body: str) -> dict[str, Any]:
    """The case data an issue body describes; Rejected (with the Japanese comment) when it is not the form."""
    if len(body.encode("utf-8")) > MAX_BYTES:
        raise Rejected(f"issue の本文が大きすぎます（{len(body.encode('utf-8')):,} バイト）。{MAX_BYTES // 1024} KB 以下にしてください。")
    answers = sections(body)
    labels = {form_label(f): f for f in FIELDS}
    missing_headings = [name for name in labels if name not in answers]
    if len(missing_headings) == len(labels):
        raise Rejected("この issue の本文は「事例を投稿したい」のフォームの形になっていません（「### 項目名」の見出しが見つかりません）。"
                       "フォームの見出しを消さずに、新しい issue として書き直してください。")
    problems: list[str] = []
    if missing_headings:
        problems += [f"見出し {code('### ' + name)} が見つかりません。フォームの見出しは消さないでください。" for name in missing_headings]
    unknown_headings = [name for name in answers if name not in labels and name != "確認"]
    problems += [f"見出し {code('### ' + name)} はフォームにない項目です。フォームの見出しを書き換えないでください。" for name in unknown_headings]
    data: dict[str, Any] = {}
    for name, field in labels.items():
        text = answers.get(name, "").strip()
        if text in ("", NO_RESPONSE):
            if field.required and name in answers:
                problems.append(f"必須の項目「{name}」が空です。{(subschema(field.path) or {}).get('description', '')}")
            continue
        _put(data, field.path, _value(field, text))
    consent = answers.get("確認", "")
    if "[x]" not in consent.lower():
        problems.append("「確認」のチェック（権利関係・個人情報）が付いていません。")
    if problems:
        raise Rejected("この issue から事例ファイルを作れませんでした。issue を編集して直すと、もう一度確かめます。\n\n" + "\n".join(f"- {p}" for p in problems))
    if "sources" in data:
        data["sources"][0] = {"id": "s1", **data["sources"][0]}
        data["rounds"][0]["source"] = "s1"
    data.setdefault("municipalities", [{}])[0].setdefault("role", "代表")
    order = list(case_schema()["properties"])
    return {k: data[k] for k in sorted(data, key=order.index)}


def case_yaml(data: dict[str, Any]) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return "# yaml-language-server: $schema=../generator/schema/case.schema.json\n" + text


def _problem_lines(problems: list[Problem]) -> list[str]:
    level = {"error": "エラー", "warning": "警告"}
    return [f"- {p.line} 行 {p.column} 列（{level[p.level]}）: {plain(p.message)}" for p in problems]


def convert(body: str, root: Path) -> tuple[int, str, Path | None]:
    """(exit code, Japanese comment, written file). Writes cases/<id>.yml under root when the body matches."""
    from generator.pipeline import Project, validate  # the same checks as `catalogue validate`
    try:
        data = case_from_issue(body)
    except Rejected as exc:
        return 1, f"{MARKER}\n{exc.args[0]}\n", None
    case_id = data.get("id")
    if not isinstance(case_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,63}", case_id):
        message = f"事例ID {code(case_id)} は使えません。{(subschema(('id',)) or {}).get('description', '')}"
        return 1, f"{MARKER}\nこの issue から事例ファイルを作れませんでした。\n\n- {message}\n", None
    target = root / "cases" / f"{case_id}.yml"
    if target.exists():
        return 1, f"{MARKER}\n事例ID {code(case_id)} の事例（{code(f'cases/{case_id}.yml')}）はすでにあります。別の事例IDにするか、掲載内容の修正依頼を使ってください。\n", None
    target.write_text(case_yaml(data), encoding="utf-8")
    result = validate(Project(root), [target])
    errors = [p for p in result.problems if p.level == "error"]
    warnings = [p for p in result.problems if p.level == "warning"]
    head = f"事例ファイル {code(f'cases/{case_id}.yml')} を作りました。"
    if errors:
        text = f"{head}検証でエラーが {len(errors)} 件見つかりました。issue を編集して直すと、ファイルを作り直して、もう一度確かめます。"
    else:
        text = f"{head}検証を通りました（エラー 0 件、警告 {len(warnings)} 件）。担当者が確認して掲載します。"
    lines = _problem_lines(errors + warnings)
    return (2 if errors else 0), f"{MARKER}\n{text}\n" + ("\n" + "\n".join(lines) + "\n" if lines else ""), target


# --- 「掲載内容の修正依頼」 --------------------------------------------------------------------------------

CASE_URL = re.compile(r"/cases/([a-z0-9][a-z0-9-]{2,63})(?:/|\.html|$)")


def fix_comment(body: str, root: Path) -> str:
    """A comment for a correction request: the case file, and the fields the request names (with their lines)."""
    answers = sections(body)
    url = answers.get("対象ページの URL", "")
    match = CASE_URL.search(url)
    if not match:
        return f"{MARKER}\n対象ページの URL から事例を特定できませんでした（…/cases/<事例ID>/ の形の URL を書いてください）。担当者が確認します。\n"
    case_id = match.group(1)
    file = root / "cases" / f"{case_id}.yml"
    if not file.is_file():
        return f"{MARKER}\n事例 {code(case_id)} のファイル（{code(f'cases/{case_id}.yml')}）が見つかりません。URL を確かめてください。\n"
    doc = parse_yaml(file.read_text(encoding="utf-8"), f"cases/{case_id}.yml")
    text = "\n".join(answers.get(k, "") for k in ("誤っている内容", "正しい内容と出典", "対象の項目"))
    found: list[tuple[int, str]] = []
    for key, node in case_schema()["properties"].items():
        title = node.get("title", key)
        if (title in text or re.search(rf"\b{re.escape(key)}\b", text)) and key in doc.data:
            found.append((doc.where((key,))[0], f"「{title}」({key})"))
    lines = [f"- {name}: {doc.file} の {line} 行目" for line, name in sorted(found)]
    fields = "\n".join(lines) if lines else "- 本文から項目を特定できませんでした。担当者がファイル全体を確認します。"
    return (f"{MARKER}\n修正依頼ありがとうございます。対象のファイルは {code(doc.file)} です。\n\n関係する項目:\n{fields}\n\n"
            f"担当者が出典を確認して修正します。\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.github.issue_form")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("template")
    for name in ("case", "fix"):
        p = sub.add_parser(name)
        p.add_argument("body", type=Path)
        p.add_argument("--comment", type=Path, required=True)
        p.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if args.command == "template":
        sys.stdout.write(template_text())
        return 0
    raw = args.body.read_bytes()[: MAX_BYTES + 1]
    body = raw.decode("utf-8", errors="replace")
    if args.command == "fix":
        try:
            args.comment.write_text(fix_comment(body, args.root), encoding="utf-8")
        except CaseError:
            args.comment.write_text(f"{MARKER}\n事例ファイルを読めませんでした。担当者が確認します。\n", encoding="utf-8")
        return 0
    code, comment, written = convert(body, args.root)
    args.comment.write_text(comment, encoding="utf-8")
    if written:
        print(written.relative_to(args.root).as_posix())
    return code


if __name__ == "__main__":
    raise SystemExit(main())
