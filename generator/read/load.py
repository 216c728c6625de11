"""Step 1: read contributor files safely and remember where every value stands (line, column)."""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.read.errors import CaseError, Problem
from generator.data.words import say

MAX_BYTES = 256 * 1024  # a real case is ~10 KB; anything far larger is a mistake or an attack
MAX_DEPTH = 12

JsonPath = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data and the (line, column) of every key and value, 1-based."""

    file: str
    data: Any
    text: str = ""
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    kept: frozenset[JsonPath] | None = None  # after slim(): the only paths whose position is still known
    digest: str = ""  # sha256 of the text, taken before slim(): the case's part of its page's cache key

    def slim(self, keep: frozenset[JsonPath]) -> None:
        """Forget the text and every position except those later steps report at (saves memory at scale)."""
        self.marks = {k: v for k, v in self.marks.items() if k in keep}
        self.kept = keep
        if self.text:
            self.digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self.text = ""

    def where(self, path: JsonPath) -> tuple[int, int]:
        """Position of the value at path, or of its nearest existing parent."""
        path = tuple(path)
        if self.kept is not None and path not in self.kept:
            raise KeyError(f"{path} was not declared by a catalogue rule (validate.CATALOGUE_RULES), so its position was dropped")
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


_BASE = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader  # libyaml: ~10x faster


class _StrictLoader(_BASE):  # type: ignore[misc,valid-type]
    """Safe loader without implicit dates (dates stay strings for the schema). Aliases are refused in _Builder."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:  # the hot path, kept short
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return "tag:yaml.org,2002:map" if kind is MappingNode else "tag:yaml.org,2002:seq"


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, file: str) -> str:
    """Read a file as UTF-8 text, refusing what is not a plain file, too large, not UTF-8, or indented with tabs.

    The read is bounded whatever the path is: a symlink, a folder, a FIFO or a device (``/dev/zero``) is
    refused before it is opened, and at most MAX_BYTES + 1 bytes are ever read."""
    raw = _read_bounded(path, file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError([Problem(file, line, 1, "文字コードが UTF-8 ではありません。エディタで「UTF-8」を選んで保存し直してください（Shift_JIS などは読めません）")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if (bad := UNREADABLE.search(text)) is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise CaseError([Problem(file, line, column, say("yaml_control", code=f"{ord(bad.group()):04X}", line=line, column=column))])
    if "\t" not in text:
        return text
    tabs = [Problem(file, n, m.start() + 1, say("yaml_tab"))
            for n, line in enumerate(text.splitlines(), 1) if (m := re.match(r"^ *\t", line))]
    if tabs:
        raise CaseError(tabs)
    return text


# What YAML cannot read (yaml.reader.Reader.NON_PRINTABLE): NUL, BEL, ESC, DEL, C1 controls, U+FFFE/U+FFFF, lone surrogates.
UNREADABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _read_bounded(path: Path, file: str) -> bytes:
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise CaseError([Problem(file, 1, 1, "ファイルが見つかりません。ファイル名（事例ID.yml）を確かめてください")]) from None
    if stat.S_ISLNK(info.st_mode):
        raise CaseError([Problem(file, 1, 1, "事例ファイルがシンボリックリンクです。リンクではなく、ファイルそのものを cases/ に置いてください")])
    if stat.S_ISDIR(info.st_mode):
        raise CaseError([Problem(file, 1, 1, "この名前はフォルダです。事例ファイルは cases/事例ID.yml という 1 つのファイルにしてください（フォルダの名前には .yml を付けません）")])
    if not stat.S_ISREG(info.st_mode):
        raise CaseError([Problem(file, 1, 1, "普通のファイルではありません（デバイスや名前付きパイプなど）。事例は cases/ に置いたテキストファイル（.yml）で書いてください")])
    if info.st_size > MAX_BYTES:
        raise _too_large(file, say("yaml_bytes", size=f"{info.st_size:,}"))
    with open(path, "rb") as handle:  # the file may have grown since lstat: never read more than the limit
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _too_large(file, f"{MAX_BYTES:,} バイトより大きい")  # grown since lstat
    return raw


def _too_large(file: str, size: str) -> CaseError:
    return CaseError([Problem(file, 1, 1, say("yaml_too_large", size=size, limit=MAX_BYTES // 1024))])


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text into a Document, reporting syntax errors and duplicate keys with their line."""
    depth, line = _flow_depth(text)
    if depth > MAX_DEPTH * 2:
        raise CaseError([Problem(file, line, 1, say("yaml_flow_depth", depth=depth, limit=MAX_DEPTH))])
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        quoted = "quoted scalar" in (exc.context or "")  # an unclosed quote: point at where it opens
        mark = exc.context_mark if quoted and exc.context_mark else exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise CaseError([Problem(file, line, col, _syntax_message(exc))]) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError: not a MarkedYAMLError; its position is read from its text
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        raise CaseError([Problem(file, line, col, "YAML として読めない文字や書き方があります。その行を打ち直してください")]) from None
    if node is None:
        raise CaseError([Problem(file, 1, 1, say("yaml_empty"))])
    builder = _Builder(Document(file, None, text))
    builder.doc.data = builder.build(node, (), 0)
    if builder.problems:
        raise CaseError(builder.problems)
    return builder.doc


def _flow_depth(text: str) -> tuple[int, int]:
    """Deepest nesting of [ and { (an upper bound: brackets inside quotes count too), and its line."""
    if text.count("[") + text.count("{") <= MAX_DEPTH * 2:
        return 0, 1
    depth = deepest = 0
    line = where = 1
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            line += 1
    return deepest, where


def load_document(path: Path, file: str) -> Document:
    return parse_yaml(read_text(path, file), file)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    hints = {
        "mapping values are not allowed": "「キー: 値」の書き方が崩れています。値の中に「: 」がある場合は値全体を \"…\" で囲んでください",
        "could not find expected ':'": "「キー: 値」の「:」が見つかりません。コロンの後に半角スペースを入れてください",
        "found character '\\t' that cannot start any token": "タブ文字は使えません。半角スペースで書いてください",
        "found character that cannot start any token": "使えない文字（タブ、@、` など）が値の先頭にあります。値を \"…\" で囲んでください",
        "did not find expected key": "字下げがそろっていません。同じ階層のキーは同じ数の半角スペースで始めてください",
        "did not find expected '-' indicator": "箇条書き（- ）の字下げがそろっていません",
        "found undefined alias": "アンカー・エイリアス（& や *）は使えません",
        "found unexpected end of stream": "引用符（\" や '）が閉じられていません",
        "found unknown escape character": "\"…\" の中の \\ の使い方が正しくありません。\\ を使わないか、'…' で囲んでください",
    }
    for key, hint in hints.items():
        if problem.startswith(key):
            return f"YAML の書き方に誤りがあります: {hint}"
    return f"YAML の書き方に誤りがあります（{problem or '構文エラー'}）。{say('yaml_syntax_check')}"


class _Builder:
    """Turns the YAML node tree into plain data, recording positions and refusing what is unsafe."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def refuse(self, path: JsonPath, message: str) -> None:
        problem = Problem(self.doc.file, *self.doc.marks[path], message)
        if not any(p.line == problem.line and p.message == message for p in self.problems):  # once per line
            self.problems.append(problem)

    def build(self, node: Node, path: JsonPath, depth: int) -> Any:
        self.doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:  # a node met twice is an alias (*name): refused, so no alias bomb expands
            self.refuse(path, say("yaml_alias"))
            return None
        self.seen.add(id(node))
        if node.tag not in _TAGS:
            self.refuse(path, say("yaml_tag", tag=node.tag))
            return None
        if depth > MAX_DEPTH:
            self.refuse(path, say("yaml_depth", limit=MAX_DEPTH))
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            return node.value
        try:
            return _SCALARS.construct_object(node)
        except ValueError:  # an integer of thousands of digits (Python refuses to convert more than 4,300)
            self.refuse(path, f"数が長すぎます（{len(node.value):,} 桁）。金額や人数は 15 桁以内の数で書いてください。番号などの文字列なら \"…\" で囲んでください")
            return None

    def mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.doc.file, line, col, "キーには文字列を書いてください（<< などは使えません）"))
                continue
            key = str(key_node.value)
            if key in out:
                first = self.doc.marks.get(path + (key,), (0, 0))[0]
                self.problems.append(Problem(self.doc.file, line, col, f"キー「{key}」が 2 回書かれています（最初は {first} 行目）。どちらか 1 つにまとめてください"))
                continue
            out[key] = self.build(value_node, path + (key,), depth + 1)
            self.doc.marks[path + (key,)] = (line, col)
        return out


_STR = "tag:yaml.org,2002:str"
_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_SCALARS = _StrictLoader("")  # constructs single scalar nodes with the same resolver rules


def load_yaml_file(path: Path) -> Any:
    """Load a maintainer data file (themes, prefectures) with the same strict rules."""
    return load_document(path, str(path)).data
