"""No heading without content: on every built page, a heading is followed by something before the next heading
of the same or a higher level (an empty section would tell a reader there is something where there is not)."""

from __future__ import annotations

import re
from pathlib import Path


def _empty_headings(html: str) -> list[str]:
    article = html[html.find("<article"):html.find("</article>")]
    article = re.sub(r'<a class="headerlink".*?</a>', "", article)
    article = re.sub(r"<div[^>]*\shidden[\s>][^>]*>.*?</div>|<div[^>]*\shidden>.*?</div>", "", article, flags=re.S)  # filled by scripts
    found = []
    heads = list(re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", article, re.S))
    for this, nxt in zip(heads, heads[1:] + [None]):
        level = int(this.group(1))
        between = article[this.end(): nxt.start() if nxt else len(article)]
        text = re.sub(r"<[^>]+>|\s", "", between)
        if not text and (nxt is None or int(nxt.group(1)) <= level) and not re.search(r"<(svg|img|table|input|select|div id)", between):
            found.append(re.sub(r"<[^>]+>", "", this.group(2)).strip())
    return found


def test_no_heading_without_content(built_site: Path) -> None:
    site = built_site / "site"
    empty = {}
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("pagefind/", "assets/")):
            continue
        found = _empty_headings(page.read_text(encoding="utf-8"))
        if found:
            empty[rel] = found
    assert empty == {}


def test_the_check_finds_an_empty_section() -> None:
    assert _empty_headings("<article><h2>A</h2><h2>B</h2><p>x</p></article>") == ["A"]
    assert _empty_headings("<article><h2>A</h2><h3>a</h3><p>x</p><h2>B</h2><p>y</p></article>") == []
    assert _empty_headings('<article><div id="x" hidden><h2>A</h2></div><h2>B</h2><p>y</p></article>') == []
