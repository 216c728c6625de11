"""A large site is indexed in parts (generator/pages/search.py index_site): every page is in exactly one part, the
parts hold the same pages as one run, and the finder merges them so that searching and filtering give the same
answers as with one bundle. CATALOGUE_INDEX_PART makes parts of a few case pages out of the samples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.pages.search import index_parts, index_site, indexed_urls

PART = 4  # case pages per part: the 14 samples make 4 parts


@pytest.fixture(scope="module")
def parted_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(built_site / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CATALOGUE_INDEX_PART", str(PART))
        assert index_site(site, site / "pagefind")
    return site


def test_every_page_is_in_exactly_one_part(built_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = built_site / "site"
    monkeypatch.setenv("CATALOGUE_INDEX_PART", str(PART))
    parts = index_parts(site)
    cases = sorted(p.relative_to(site) for p in (site / "cases").glob("*/index.html"))
    assert len(parts) == -(-len(cases) // PART) > 1
    listed = [p for part in parts for p in part]
    assert len(listed) == len(set(listed))
    assert set(listed) == {p.relative_to(site) for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("pagefind")}
    assert all(p.parts[0] == "cases" for part in parts[1:] for p in part)  # the other pages stay in the main bundle
    assert max(len(part) for part in parts[1:]) <= PART


def test_a_small_site_is_one_bundle(built_site: Path) -> None:
    site = built_site / "site"
    assert len(index_parts(site)) == 1
    assert json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8")) == []


def test_the_parts_hold_the_pages_of_one_run(built_site: Path, parted_site: Path) -> None:
    listed = json.loads((parted_site / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert listed == [f"part-{k}/" for k in range(1, len(listed) + 1)] and len(listed) >= 2
    for part in listed:
        assert (parted_site / "pagefind" / part / "pagefind-entry.json").is_file()
    assert indexed_urls(parted_site) == indexed_urls(built_site / "site")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["", "見守り", "防災", "PLATEAU", "除雪"])
def test_the_finder_merges_the_parts(page, site_url: str, site_for, parted_site: Path, query: str) -> None:
    def answer(url: str) -> tuple[str, list[str], list[str]]:
        page.goto(f"{url}finder/?q={quote(query)}")
        page.wait_for_selector("body[data-finder-ready=true]", timeout=30000)
        while page.locator("#cc-more").is_visible():
            shown = page.locator(".cc-result").count()
            page.click("#cc-more")
            page.wait_for_function(f"() => document.querySelectorAll('.cc-result').length > {shown}")
        options = page.locator("#cc-finder select option").all_inner_texts()
        return page.locator("#cc-status").inner_text(), sorted(page.locator(".cc-result h2 a").all_inner_texts()), options

    one = answer(site_url)
    parted = answer(site_for(parted_site))
    assert parted == one
    assert one[1], "the query must find something for the comparison to mean anything"
    assert page.errors == []
