"""Sources: unique ids, every `source:` reference resolved."""

from __future__ import annotations

from typing import Any, Iterable

from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath
from generator.read.values import source_ids


def source_refs(value: Any, path: JsonPath = ()) -> Iterable[tuple[JsonPath, Any]]:
    """Every `source:` reference in a case, with its path (sources themselves are skipped)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "source" and path[:1] != ("sources",):
                yield path + (k,), v
            elif k != "sources" or path:
                yield from source_refs(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from source_refs(v, path + (i,))


@rule
def _check_sources(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    ids: list[str] = []
    for i, src in dicts(data.get("sources")):
        sid = src.get("id")
        if isinstance(sid, str):
            if sid in ids:
                problems.append(at(doc, ("sources", i, "id"), f"出典ID「{sid}」が 2 回使われています。別の ID にしてください"))
            ids.append(sid)
    for path, ref in source_refs(data):
        for sid in source_ids(ref):
            if sid not in ids:
                listing = "、".join(ids) or "（なし）"
                problems.append(at(doc, path, f"出典「{sid}」が sources にありません（sources の id: {listing}）。sources に資料を追加するか、id を直してください"))
    return problems

