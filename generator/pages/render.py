"""Step 4: the one jinja2 Environment (templates are files in templates/) and its escaping filters.

Pages (generator/pages/registry.py), the Atom feed, the `catalogue new` skeleton and the field reference all
render with environment(). Which pages exist is declared in generator/pages/registry.py, not here.

Contributor text is untrusted. Every value printed by a template is escaped for both HTML and
Markdown unless a filter below has made it safe: `md` renders contributor Markdown and cleans the
HTML with nh3 (Ammonia), keeping only harmless tags and http(s)/mailto links.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any, Callable

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.catalogue.dimensions import theme_title
from generator.data.refdata import STAGES, UNKNOWN_TEXT, fiscal_label
from generator.read.values import amount_words, date_words, is_unknown, number_words, outcome_groups, source_ids, unknown_words, yen_words
from generator.read.text import CONTROL
from generator.pages.view import case_view

TEMPLATES = Path(__file__).parent / "templates"
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|])")  # characters Python-Markdown (with tables) unescapes
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "table", "thead", "tbody", "tr", "th", "td", "del", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def plain(value: Any) -> Markup:
    """Text shown as it was written: nothing in it becomes HTML or Markdown."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = CONTROL.sub("", str(value))
    text = " ".join(text.split())
    return Markup(escape(MD_SPECIAL.sub(r"\\\1", text)))


def _contributor_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML is shown as text, never passed through
    md.inlinePatterns.deregister("html")
    return md


_MD = _contributor_markdown()


def md(value: Any) -> Markup:
    """Contributor Markdown as a cleaned HTML block that the site's Markdown passes through untouched."""
    if is_unknown(value):
        return Markup('<div class="cc-text">\n<p>') + unknown(value, markdown=False) + Markup("</p>\n</div>")
    if not value:
        return Markup("")
    _MD.reset()
    html = _MD.convert(CONTROL.sub("", str(value)))
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer nofollow", attribute_filter=_no_scheme_relative)
    lines = [line for line in clean.splitlines() if line.strip()]
    return Markup('<div class="cc-text">\n' + "\n".join(lines) + "\n</div>")


def _no_scheme_relative(tag: str, attribute: str, value: str) -> str | None:
    """nh3 keeps relative links; //host/… is relative to the scheme only and opens another site: dropped."""
    if attribute == "href" and value.lstrip().startswith(("//", "\\\\", "/\\", "\\/")):
        return None
    return value


def url(value: Any) -> Markup:
    """A link target: only http(s) and mailto survive; anything else becomes a harmless '#'."""
    text = str(value or "")
    if not re.match(r"^(https?://|mailto:)", text, re.I) or re.search(r"[\s<>\"\\`]", text):  # validation refuses these
        return Markup("#")
    for char, code in (("_", "%5F"), ("*", "%2A"), ("(", "%28"), (")", "%29"), ("'", "%27")):  # Markdown-safe, same address
        text = text.replace(char, code)
    return Markup(text)


def html(value: Any) -> Markup:
    """Text inside a raw HTML block, where Markdown escapes would show: HTML escaping only."""
    return escape(" ".join(CONTROL.sub("", str(value if value is not None else "")).split()))


def code(value: Any) -> Markup:
    """Inline code, escaped for HTML (Markdown does not unescape inside it)."""
    return Markup("<code>") + escape(str(value)) + Markup("</code>")


def money_both(value: int | None) -> Markup:
    """One money format for totals: 3,600万円（36,000,000円）; 1億2,000万円（120,000,000円）."""
    if value is None:
        return Markup("—")
    words = yen_words(value)
    if words == f"{value:,}円" and value >= 10_000:  # not a round amount (an average): rounded 万円, exact 円 beside it
        words = f"約{round(value / 10_000):,}万円"
    return Markup(words if words == f"{value:,}円" else f"{words}（{value:,}円）")


def amount(value: Any) -> Markup:
    """An amount as published: 3,100万円 / 約5億円 / 1億円〜2億円 / 公開資料に記載なし."""
    if is_unknown(value):
        return unknown(value)
    return Markup(escape(amount_words(value)))


def unknown(value: Any, markdown: bool = True) -> Markup:
    """{unknown: 理由} → 公開資料に記載なし (with the reason when it says more). markdown=False inside raw HTML."""
    text = unknown_words(value)
    shown_text = MD_SPECIAL.sub(r"\\\1", text) if markdown else text
    return Markup('<span class="cc-unknown">') + escape(shown_text) + Markup("</span>")


def shown(value: Any, empty: str = "—") -> Markup:
    """Any published value: unknown said as unknown, absence as a dash, never as a negative."""
    if is_unknown(value):
        return unknown(value)
    if value is None or value == "" or value == []:
        return plain(empty)
    return plain(value)


def date(value: Any) -> Markup:
    """A date with its precision: 2024年9月 / 令和6年度（2024年度） / 9月（年は公開資料に記載なし）."""
    return Markup("—") if not value else plain(date_words(value))


def number(value: float | int | None) -> Markup:
    return Markup("—") if value is None else Markup(number_words(value))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=plain,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, url=url, code=code, html=html, number=number, plain=plain,
                       fiscal=fiscal_label, amount=amount, money_both=money_both, shown=shown, date=date, unknown=unknown)
    env.tests.update(unknown=is_unknown)
    env.globals.update(STAGES=STAGES, UNKNOWN_TEXT=UNKNOWN_TEXT, source_ids=source_ids, outcome_groups=outcome_groups)
    env.globals.update(theme_title=theme_title)  # a theme as the finder says it: （推定） when inferred (generator/catalogue/dimensions.py)
    env.globals.update(case_view=case_view)  # the case page's view (generator/pages/view/)
    return env


def _relative(page: str) -> Callable[[str], Markup]:
    """Link from a Markdown page to another source file; MkDocs turns it into the right URL."""
    base = posixpath.dirname(page) or "."
    return lambda target: Markup(posixpath.relpath(target, base))


def _href(page: str) -> Callable[[str], Markup]:
    """URL from a page's published address (directory URLs) to a file of the site, for raw HTML."""
    stem = page.removesuffix(".md")
    folder = posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
    def href(target: str) -> Markup:
        rel = posixpath.relpath(target, folder or ".")
        return Markup(rel + "/" if target.endswith("/") and not rel.endswith("/") else rel)  # keep a directory URL's slash

    return href


def render_page(env: Environment, template: str, page: str, **context: Any) -> str:
    text = env.get_template(template).render(page=page, link=_relative(page), href=_href(page), **context)
    return re.sub(r"\n{3,}", "\n\n", text)


