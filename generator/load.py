"""Step 1: read contributor files safely and remember where every value stands (line, column)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import CaseError, Problem

MAX_BYTES = 256 * 1024  # a real case is ~10 KB; anything far larger is a mistake or an attack
MAX_DEPTH = 12

JsonPath = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data and the (line, column) of every key and value, 1-based."""

    file: str
    data: Any
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: JsonPath) -> tuple[int, int]:
        """Position of the value at path, or of its nearest existing parent."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


class _StrictLoader(yaml.SafeLoader):
    """Safe loader without aliases and without implicit dates (dates stay strings for the schema)."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _YamlRefused(event.start_mark, "アンカー・エイリアス（& や *）は使えません。値をそのまま書いてください")
        return Composer.compose_node(self, parent, index)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _YamlRefused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def read_text(path: Path, file: str) -> str:
    """Read a file as UTF-8 text, refusing what is too large, not UTF-8, or indented with tabs."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CaseError([Problem(file, 1, 1, f"ファイルが大きすぎます（{size:,} バイト）。1 件の事例は {MAX_BYTES // 1024} KB 以下にしてください。画像は YAML に埋め込まず、事例フォルダに別ファイルで置いてください")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError([Problem(file, line, 1, "文字コードが UTF-8 ではありません。エディタで「UTF-8」を選んで保存し直してください（Shift_JIS などは読めません）")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    tabs = [Problem(file, n, m.start() + 1, "行頭にタブ文字があります。YAML の字下げは半角スペースで書いてください")
            for n, line in enumerate(text.splitlines(), 1) if (m := re.match(r"^ *\t", line))]
    if tabs:
        raise CaseError(tabs)
    return text


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text into a Document, reporting syntax errors and duplicate keys with their line."""
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except _YamlRefused as exc:
        raise CaseError([Problem(file, exc.mark.line + 1, exc.mark.column + 1, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise CaseError([Problem(file, line, col, _syntax_message(exc))]) from None
    doc = Document(file, None)
    if node is None:
        raise CaseError([Problem(file, 1, 1, "ファイルが空です。`catalogue new` で作ったひな形を使って書き始めてください")])
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems, 0)
    if problems:
        raise CaseError(problems)
    return doc


def load_document(path: Path, file: str) -> Document:
    return parse_yaml(read_text(path, file), file)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    hints = {
        "mapping values are not allowed here": "「キー: 値」の書き方が崩れています。値の中に「: 」がある場合は値全体を \"…\" で囲んでください",
        "could not find expected ':'": "「キー: 値」の「:」が見つかりません。コロンの後に半角スペースを入れてください",
        "found character '\\t' that cannot start any token": "タブ文字は使えません。半角スペースで書いてください",
        "did not find expected key": "字下げがそろっていません。同じ階層のキーは同じ数の半角スペースで始めてください",
        "did not find expected '-' indicator": "箇条書き（- ）の字下げがそろっていません",
        "found undefined alias": "アンカー・エイリアス（& や *）は使えません",
        "found unexpected end of stream": "引用符（\" や '）が閉じられていません",
        "found unknown escape character": "\"…\" の中の \\ の使い方が正しくありません。\\ を使わないか、'…' で囲んでください",
    }
    for key, hint in hints.items():
        if problem.startswith(key):
            return f"YAML の書き方に誤りがあります: {hint}"
    return f"YAML の書き方に誤りがあります（{problem or '構文エラー'}）。字下げ、コロンの後の空白、引用符の閉じ忘れを確認してください"


def _build(node: Node, path: JsonPath, doc: Document, problems: list[Problem], depth: int) -> Any:
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > MAX_DEPTH:
        problems.append(Problem(doc.file, *doc.marks[path], f"入れ子が深すぎます（{MAX_DEPTH} 段まで）"))
        return None
    if isinstance(node, MappingNode):
        return _build_mapping(node, path, doc, problems, depth)
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), doc, problems, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    if node.tag not in _SCALAR_TAGS:
        problems.append(Problem(doc.file, *doc.marks[path], f"タグ「{node.tag}」は使えません。値をそのまま書いてください"))
        return None
    return _SCALARS.construct_object(node)


def _build_mapping(node: MappingNode, path: JsonPath, doc: Document, problems: list[Problem], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, ScalarNode):
            problems.append(Problem(doc.file, line, col, "キーには文字列を書いてください"))
            continue
        key = str(key_node.value)
        if key in out:
            first = doc.marks.get(path + (key,), (0, 0))[0]
            problems.append(Problem(doc.file, line, col, f"キー「{key}」が 2 回書かれています（最初は {first} 行目）。どちらか 1 つにまとめてください"))
            continue
        out[key] = _build(value_node, path + (key,), doc, problems, depth + 1)
        doc.marks[path + (key,)] = (line, col)
    return out


_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
_SCALARS = _StrictLoader("")  # constructs single scalar nodes with the same resolver rules


def load_yaml_file(path: Path) -> Any:
    """Load a maintainer data file (themes, prefectures) with the same strict rules."""
    return load_document(path, str(path)).data
