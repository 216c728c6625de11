"""Incremental generation: a case page whose inputs have not changed is neither rendered nor written.

The key of a case page is a content hash of everything it is made from:
- the case file's text (its digest, taken when it is read for validation),
- what the page shows of other cases (its related cases: id, title, place, theme, sample flag),
- its last-change date, the site addresses,
- the generator itself (code, templates, schema, reference data) and the project's theme files.

A template that starts reading other catalogue-wide data must add it to `page_key` (the test
tests/site/test_incremental.py compares an incremental generation with a full one, byte for byte).

The index (case id → key, size and mtime of the page written) is kept in .catalogue-cache/pages.json;
a page edited or deleted by hand no longer matches its size/mtime and is rendered again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.catalogue.model import Case

CACHE_DIR = ".catalogue-cache"
VERSION = 1


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the generator package (code, templates, schema, data): any change there re-renders every page."""
    root = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folder_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def page_key(case: "Case", digest: str, context: str) -> str:
    related = [(r.id, r.title, r.sample, r.place, r.primary_theme.title if r.primary_theme else None, r.page) for r in case.related]
    inputs = [VERSION, context, case.source, digest, case.updated, case.first_commit, case.last_commit, related]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


class PageCache:
    def __init__(self, root: Path, docs_dir: Path, context: str) -> None:
        self.file = root / CACHE_DIR / "pages.json"
        self.docs_dir = docs_dir
        self.context = context  # code, programme years and site: shared by every page
        try:
            self.index: dict[str, list] = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}
        self.keys: dict[str, str] = {}
        self.hits = 0

    def current(self, path: str, case: "Case", digest: str) -> bool:
        """Whether docs/<path> is already the page these inputs give (then it is not rendered again)."""
        key = self.keys[path] = page_key(case, digest, self.context)
        entry = self.index.get(path)
        if not digest or not entry or entry[0] != key:
            return False
        try:
            stat = (self.docs_dir / path).stat()
        except OSError:
            return False
        hit = [stat.st_size, stat.st_mtime_ns] == entry[1:]
        self.hits += hit
        return hit

    def save(self) -> None:
        index = {}
        for path, key in self.keys.items():
            try:
                stat = (self.docs_dir / path).stat()
            except OSError:
                continue
            index[path] = [key, stat.st_size, stat.st_mtime_ns]
        self.file.parent.mkdir(exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.file)
