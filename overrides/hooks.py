"""MkDocs hook: a generated page's edit link opens the YAML it came from, not the generated Markdown."""

from __future__ import annotations

from typing import Any


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if "edit_path" in page.meta:  # a generated page: link its source, or show no edit button at all
        edit_path = page.meta["edit_path"]
        page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/{edit_path}" if edit_path and config.repo_url else None
    return context
