"""MkDocs hook for a sharded build (see generator/site/build.py): MkDocs renders pages one after another on one
core, so `catalogue build` runs N MkDocs processes at once, each rendering a share of the case pages.

This file is loaded by MkDocs (listed in the temporary shard configuration), never imported by the
generator. Every shard reads the same files and builds the same navigation, so links and the
navigation of each page come out exactly as in a one-process build; a shard only skips reading and
rendering the pages that are not its own:

- shard 0 of N: every page except the case pages of the other shards (and all static files);
- shard k > 0: only its case pages (every k-th of the sorted case pages), no static files.

CATALOGUE_SHARD="k/N" selects the shard (none: every page, as in `catalogue serve`).

`catalogue serve` loads this hook too, for one repair: in a `--dirty` rebuild MkDocs decides twice
whether a page changed (when reading pages, then when rendering them); a page saved in between is
rendered without having been read (Material fails on `page.content` None). Such a page is read first.
"""

from __future__ import annotations

import os
from typing import Any

import mkdocs.commands.build as _build

_SKIP: set[str] = set()
_FILES: list[Any] = [None]


def _shard() -> tuple[int, int]:
    k, n = os.environ.get("CATALOGUE_SHARD", "0/1").split("/")
    return int(k), int(n)


def _skipping(original: Any) -> Any:
    def wrapper(page: Any, *args: Any, **kwargs: Any) -> None:
        if page.file.src_uri in _SKIP:
            return None
        return original(page, *args, **kwargs)

    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    return wrapper


def _reading_first(original: Any) -> Any:
    def wrapper(page: Any, config: Any, *args: Any, **kwargs: Any) -> None:
        if page.content is None and page.file.src_uri not in _SKIP and _FILES[0] is not None and page.file.is_modified():
            getattr(_build._populate_page, "__wrapped__", _build._populate_page)(page, config, _FILES[0])
        return original(page, config, *args, **kwargs)

    return wrapper


def on_startup(command: str, dirty: bool) -> None:
    for name in ("_populate_page", "_build_page"):
        if not hasattr(getattr(_build, name), "__wrapped__"):
            wrapped = _skipping(getattr(_build, name))
            if name == "_build_page":
                wrapped = _reading_first(wrapped)
                wrapped.__wrapped__ = True  # type: ignore[attr-defined]
            setattr(_build, name, wrapped)


def on_files(files: Any, config: Any) -> Any:
    _FILES[0] = files
    k, n = _shard()
    pages = [f.src_uri for f in files.documentation_pages()]
    cases = sorted(uri for uri in pages if uri.startswith("cases/"))
    mine = set(cases[k::n])
    _SKIP.clear()
    _SKIP.update(uri for uri in cases if uri not in mine)
    if k > 0:
        _SKIP.update(uri for uri in pages if not uri.startswith("cases/"))
        files.copy_static_files = lambda *args, **kwargs: None  # shard 0 copies them
        config.theme.static_templates.clear()  # sitemap.xml, 404.html: shard 0 writes them
    return files
