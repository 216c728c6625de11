"""The built site: one page per case, per theme and the home page; cases listed where they belong."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import yaml

from conftest import FIRST_THEME, ROOT, SNAPSHOT, THEME_FILES, YEAR, round_themes


def _cases() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]


def _themes() -> dict:
    return yaml.safe_load((SNAPSHOT / "programmes" / f"{YEAR}.yml").read_text(encoding="utf-8"))


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_one_page_per_case_theme_and_home(built_site: Path) -> None:
    site = built_site / "site"
    assert (site / "index.html").is_file()
    for case in _cases():
        assert (site / "cases" / case["id"] / "index.html").is_file()
    for pillar in _themes()["pillars"]:
        for theme in pillar["themes"]:
            assert (site / "themes" / str(YEAR) / theme["id"] / "index.html").is_file()
    pages = list((site / "cases").glob("*/index.html"))
    assert len(pages) == len(list((SNAPSHOT / "cases").glob("*.yml")))


def test_every_case_is_listed_on_its_theme_pages(built_site: Path) -> None:
    site = built_site / "site"
    for case in _cases():
        for theme_id in round_themes(case, YEAR):
            html = (site / "themes" / str(YEAR) / theme_id / "index.html").read_text(encoding="utf-8")
            assert f'href="../../../cases/{case["id"]}/"' in html, (case["id"], theme_id)
    for pillar in _themes()["pillars"]:
        for theme in pillar["themes"]:
            html = (site / "themes" / str(YEAR) / theme["id"] / "index.html").read_text(encoding="utf-8")
            listed = set(re.findall(r'href="\.\./\.\./\.\./cases/([^/"]+)/"', html))
            assert listed == {c["id"] for c in _cases() if theme["id"] in round_themes(c, YEAR)}


def test_home_counts_match(built_site: Path) -> None:
    html = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    assert f"掲載している事例: {len(_cases())} 件" in _text(html)
    for pillar in _themes()["pillars"]:
        for theme in pillar["themes"]:
            count = sum(theme["id"] in round_themes(c, YEAR) for c in _cases())
            card = re.search(rf'<li>\s*<p><strong><a href="themes/{YEAR}/' + theme["id"] + r'/">(.*?)</li>', html, re.S)
            assert card, theme["id"]
            assert f"事例 {count} 件" in _text(card.group(1)), theme["id"]


def test_case_pages_are_not_in_the_navigation(built_site: Path) -> None:
    html = (built_site / "site" / "about" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('md-nav--primary'))]
    assert "/cases/" not in nav
    assert f'href="../themes/{YEAR}/"' in nav
    summary = (built_site / "docs" / "SUMMARY.md").read_text(encoding="utf-8")  # the whole navigation
    assert "cases/" not in summary
    assert all(f"themes/{YEAR}/{t['id']}.md" in summary for p in _themes()["pillars"] for t in p["themes"])


def test_edit_link_opens_the_case_yaml(built_site: Path) -> None:
    html = (built_site / "site" / "cases" / "sample-yukimino-josetsu" / "index.html").read_text(encoding="utf-8")
    assert "edit/main/cases/sample-yukimino-josetsu.yml" in html
    assert "edit/main/cases/sample-yukimino-josetsu.md" not in html


def test_japanese_heading_anchors_are_readable(built_site: Path) -> None:
    html = (built_site / "site" / "cases" / "sample-yukimino-josetsu" / "index.html").read_text(encoding="utf-8")
    assert 'id="都市まちづくりのビジョン"' in html
    assert '<html lang="ja"' in html


def test_sample_banner_and_tables(built_site: Path) -> None:
    html = (built_site / "site" / "cases" / "sample-seseragi-mimamori" / "index.html").read_text(encoding="utf-8")
    text = _text(html)
    assert "サンプル事例" in text and "架空のサンプル" in text
    assert "◎ 代表" in text
    assert re.search(r"見守りサービス利用世帯数（世帯）\s*0\s*300\s*312\s*令和7年（2025年）3月\s*✓ 達成", text)


def test_prefecture_pages_list_their_cases(built_site: Path) -> None:
    site = built_site / "site"
    prefectures = yaml.safe_load((ROOT / "generator" / "data" / "prefectures.yml").read_text(encoding="utf-8"))["prefectures"]
    slug = {p["name"]: p["slug"] for p in prefectures}
    by_pref: dict[str, set[str]] = {}
    for case in _cases():
        for m in case["municipalities"]:
            by_pref.setdefault(m["prefecture"], set()).add(case["id"])
    for name, ids in by_pref.items():
        html = (site / "prefectures" / slug[name] / "index.html").read_text(encoding="utf-8")
        assert set(re.findall(r'href="\.\./\.\./cases/([^/"]+)/"', html)) == ids, name
    index = _text((site / "prefectures" / "index.html").read_text(encoding="utf-8"))
    assert "北海道" in index and "九州・沖縄" in index


def test_pagefind_indexes_cases_and_hand_written_pages_only(built_site: Path) -> None:
    site = built_site / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    for page in ["index.html", f"themes/{YEAR}/{FIRST_THEME}/index.html", "finder/index.html", "prefectures/index.html"]:
        assert "data-pagefind-body" not in (site / page).read_text(encoding="utf-8"), page
    for page in ["cases/sample-ekimae-jinryu/index.html", "about/index.html"]:
        html = (site / page).read_text(encoding="utf-8")
        assert "data-pagefind-body" in html
        body = html[html.index("data-pagefind-body"):]
        assert "md-nav" not in body.split("</article>")[0], page  # no navigation chrome inside the indexed part
