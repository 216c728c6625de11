"""What a shared link shows: description, Open Graph, Twitter card, feed autodiscovery and JSON-LD, from each page's own content."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import SNAPSHOT

SITE_URL = "https://smartcity-cases.github.io/catalogue/"


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            key = a.get("property") or a["name"]
            assert key not in self.meta, f"{key} appears twice"
            self.meta[key] = a.get("content", "")
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False if tag == "script" else self._in_jsonld

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)


def _head(built_site: Path, page: str) -> Head:
    parser = Head()
    parser.feed((built_site / "site" / page / "index.html").read_text(encoding="utf-8"))
    return parser


def _case(name: str) -> dict:
    return yaml.safe_load((SNAPSHOT / "cases" / f"{name}.yml").read_text(encoding="utf-8"))


def _common(head: Head, url: str) -> None:
    assert head.meta["og:url"] == url
    assert head.meta["og:title"] and head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:description"] == head.meta["description"] == head.meta["twitter:description"]
    assert head.meta["og:image"].startswith(SITE_URL) and head.meta["og:image:alt"]
    assert int(head.meta["og:image:width"]) > 0 and int(head.meta["og:image:height"]) > 0
    feeds = [link for link in head.links if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]
    assert len(feeds) == 1 and feeds[0]["href"].endswith("feed.xml")


def test_a_case_with_a_key_visual_shares_its_concept_place_and_image(built_site: Path) -> None:
    data = _case("sample-shiokaze-bousai")
    head = _head(built_site, "cases/sample-shiokaze-bousai")
    _common(head, f"{SITE_URL}cases/sample-shiokaze-bousai/")
    assert head.meta["og:title"] == data["title"]
    assert data["key_concept"] in head.meta["description"]
    assert "静岡県 しおかぜ市" in head.meta["description"]
    assert head.meta["og:type"] == "article"
    assert head.meta["og:image"] == f"{SITE_URL}cases/sample-shiokaze-bousai/images/key-visual.png"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("480", "270")  # the PNG's own size
    assert head.meta["og:image:alt"] == data["key_visual"]["alt"]
    ld = json.loads("".join(head.jsonld))
    assert ld["@type"] == "Article" and ld["headline"] == data["title"]
    assert ld["image"] == head.meta["og:image"] and ld["description"] == head.meta["description"]
    assert ld["datePublished"] and ld["dateModified"]
    assert {"@type": "AdministrativeArea", "name": "静岡県 しおかぜ市"} in ld["about"]


def test_a_case_without_a_key_visual_shares_the_catalogue_image(built_site: Path) -> None:
    data = _case("sample-seseragi-mimamori")
    head = _head(built_site, "cases/sample-seseragi-mimamori")
    _common(head, f"{SITE_URL}cases/sample-seseragi-mimamori/")
    assert data["key_concept"] in head.meta["description"] and "岩手県 せせらぎ町" in head.meta["description"]
    assert head.meta["og:image"] == f"{SITE_URL}assets/social-card.png"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert "スマートシティ事例カタログ" in head.meta["og:image:alt"]
    png = (built_site / "site" / "assets" / "social-card.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_other_pages_describe_themselves_with_their_first_paragraph(built_site: Path) -> None:
    descriptions = set()
    for page, words in [("finder", "キーワードと条件を組み合わせて"), ("map", "位置が登録されている事例"), ("data", "機械で読める形式")]:
        head = _head(built_site, page)
        _common(head, f"{SITE_URL}{page}/")
        assert words in head.meta["description"], page
        assert head.meta["og:type"] == "website" and not head.jsonld
        descriptions.add(head.meta["description"])
    home = _head(built_site, ".")
    _common(home, SITE_URL)
    assert home.meta["og:title"] == "スマートシティ事例カタログ"
    descriptions.add(home.meta["description"])
    assert len(descriptions) == 4  # no page carries another page's text


@pytest.mark.build
def test_contributor_text_in_meta_tags_stays_text(project: Path) -> None:
    from conftest import run_cli

    path = project / "cases" / "sample-seseragi-mimamori.yml"
    hostile = '"><script>alert(1)</script>&amp;'
    concept = _case("sample-seseragi-mimamori")["key_concept"]
    path.write_text(path.read_text(encoding="utf-8").replace(f"key_concept: {concept}", f"key_concept: {json.dumps(hostile)}"), encoding="utf-8")
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "cases" / "sample-seseragi-mimamori" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    head = Head()
    head.feed(html)
    assert hostile in head.meta["description"]  # shown as written, not as markup
    assert hostile in json.loads("".join(head.jsonld))["description"]
