"""The Nu Html Checker (vnu) finds no error that comes from our templates.

Errors that come from Material for MkDocs' own markup are listed here with the reason we keep them;
the list is also on the accessibility page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIRST_THEME, ROOT, YEAR

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = ["index.html", f"themes/{YEAR}/{FIRST_THEME}/index.html", "cases/sample-shiokaze-bousai/index.html",
         "finder/index.html", "map/index.html", "stats/index.html", f"themes/{YEAR}/{FIRST_THEME}-review/index.html"]
# (start of the message, text that must be in the offending markup, why it stays)
MATERIAL = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"',
     "Material's hidden drawer/search toggles are checkboxes with autocomplete=off (keeps state across back/forward)"),
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link',
     "Material's navigation section labels print an empty tabindex"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control", 'class="md-nav__title"',
     "Material's table-of-contents title points to a toggle that is only rendered on small screens"),
]


def test_no_html_errors_from_our_templates(built_site: Path) -> None:
    if shutil.which("java") is None or not VNU.is_file():
        pytest.fail("java or node_modules/vnu-jar is missing: install default-jre-headless and run `npm ci`")
    site = built_site / "site"
    skip = ("pagefind/", "assets/", "data/", "schema/")
    every = sorted(str(p) for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith(skip))
    assert len(every) >= 40 and all(str(site / p) in every for p in PAGES)
    files = every  # every generated page, not a sample
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    ours = [m for m in messages
            if not any(m["message"].startswith(start) and marker in m.get("extract", "") for start, marker, _ in MATERIAL)]
    assert ours == [], [(m["url"].rsplit("/site/", 1)[-1], m.get("lastLine"), m["message"]) for m in ours]


def test_every_known_material_error_is_documented_on_the_site() -> None:
    page = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    section = page[page.index("## HTML の検査で残っている指摘"):]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| 指摘")]
    assert len(rows) == len(MATERIAL)
    for (start, _, _), row in zip(MATERIAL, rows):
        attribute = next(a for a in ("autocomplete", "tabindex", "for") if f"“{a}”" in start)
        assert f"`{attribute}`" in row, (attribute, row)
