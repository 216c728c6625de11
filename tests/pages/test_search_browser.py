"""Search and facets in real headless chromium, against the built sample site."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import yaml

from conftest import ROOT, SNAPSHOT

pytestmark = pytest.mark.browser

# Each query must find exactly the sample cases whose text contains the word (counted independently here).
QUERIES = ["見守り", "立地適正化", "除雪", "デジタルツイン", "人流データ", "防災ドローン", "水位予測", "PLATEAU", "防災", "ドローン", "水道"]
# The same words typed differently: half-width kana, full-width letters, hiragana (folded to katakana), and a word
# that a sample writes in half-width kana (ﾓﾆﾀｰ), found by its usual form. See finder.js normalise.
VARIANTS = ["ﾄﾞﾛｰﾝ", "ＰＬＡＴＥＡＵ", "どろーん", "モニター", "ﾃﾞｼﾞﾀﾙﾂｲﾝ"]
VOCABULARY = yaml.safe_load((ROOT / "generator" / "data" / "vocabulary.yml").read_text(encoding="utf-8"))["terms"]


# Not words a reader reads: slugs and ids (sample-x, s1, infrastructure-management, 2024-05-01), addresses.
NOT_WORDS = re.compile(r"^(?:[a-z0-9]+(?:[-_./][a-z0-9]+)*|https?://\S*|mailto:\S*|\S+@\S+\.\S+)$")


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) and not NOT_WORDS.match(value.strip()) else []


def _normalise(text: str) -> str:
    """Written independently of finder.js: NFKC and casefold (a hiragana-only word stands for its readings:
    tests/pages/test_search_queries_browser.py asks those; どろーん here is a word that reads ドローン)."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text).casefold()
    if re.fullmatch(r"[\u3041-\u3096\u30fc]+", text):
        text = "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in text)
    return text


THEME_TITLES = {t["id"]: t["title"] for p in sorted((SNAPSHOT / "programmes").glob("*.yml"))
                for pillar in (yaml.safe_load(p.read_text(encoding="utf-8")).get("pillars") or []) for t in pillar["themes"]}


def theme_titles(rnd: dict) -> list[str]:
    """A round's theme titles: a theme is written by id or title, or as {theme: …, inferred: …}; {unknown: …} has none."""
    titles = set(THEME_TITLES.values())
    written = [t["theme"] if isinstance(t, dict) and "theme" in t else t for t in rnd.get("themes") or []]
    return [THEME_TITLES.get(t) or (t if t in titles else "") for t in written if isinstance(t, str)]


def _cases_containing(word: str) -> set[str]:
    """Cases whose own words (their file's text and their rounds' theme titles) contain the word."""
    found = set()
    for path in (SNAPSHOT / "cases").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        themes = [t for r in data.get("rounds", []) for t in theme_titles(r)]
        if any(_normalise(word) in unicodedata_nfkc(s).casefold() for s in _strings(data) + themes):
            found.add(data["title"])
    return found


def unicodedata_nfkc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def _finder(page, site_url: str, params: str = ""):
    page.goto(f"{site_url}finder/{params}")
    page.wait_for_selector("body[data-finder-ready=true]", timeout=15000)
    return page


def _titles(page) -> set[str]:
    while page.locator("#cc-more").is_visible():
        shown = page.locator(".cc-result").count()
        page.click("#cc-more")
        page.wait_for_function(f"() => document.querySelectorAll('.cc-result').length > {shown}")
    return set(page.locator(".cc-result h2 a").all_inner_texts())


@pytest.mark.parametrize("word", QUERIES + VARIANTS + [w for w in VOCABULARY if w not in QUERIES and _cases_containing(w)])
def test_query_finds_the_cases_that_contain_it(page, site_url: str, word: str) -> None:
    expected = _cases_containing(word)
    assert expected, f"no sample contains {word}"
    _finder(page, site_url, f"?q={quote(word)}")
    assert _titles(page) == expected
    assert page.locator("#cc-status").inner_text().endswith(f"を含む事例が {len(expected)} 件見つかりました")
    assert page.errors == []


def test_query_without_match_says_so(page, site_url: str) -> None:
    _finder(page, site_url, f"?q={quote('存在しない語句ぞなもし')}")
    assert page.locator("#cc-status").inner_text() == "「存在しない語句ぞなもし」を含む事例はありません。"
    assert "重点テーマの一覧" in page.locator("#cc-hint").inner_text()
    assert page.locator(".cc-result").count() == 0


def test_header_search_box_goes_to_the_finder(page, site_url: str) -> None:
    page.goto(f"{site_url}about/")
    page.fill("#cc-search-q", "除雪")
    page.press("#cc-search-q", "Enter")
    page.wait_for_selector("body[data-finder-ready=true]")
    assert _titles(page) == _cases_containing("除雪")


def _samples() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]


def _main(c: dict) -> dict:
    if "fiscal_year" in c:
        return next(r for r in c["rounds"] if r["fiscal_year"] == c["fiscal_year"])
    return max(c["rounds"], key=lambda r: r["fiscal_year"])


def _option_count(page, facet: str, value: str) -> int:
    label = page.locator(f"#cc-f-{facet} option[value='{value}']").inner_text()
    return int(label.rsplit("（", 1)[1].split(" ")[0])


def test_facets_narrow_the_list_and_counts_agree(page, site_url: str) -> None:
    _finder(page, site_url)
    samples = _samples()
    assert len(_titles(page)) == len(samples)
    subsidy = "都市サービス実装タイプ"
    expected = {c["title"] for c in samples if _main(c).get("type") == subsidy}
    assert _option_count(page, "subsidy", subsidy) == len(expected)
    page.select_option("#cc-f-subsidy", subsidy)
    page.wait_for_function("() => document.querySelector('#cc-status').textContent.startsWith('%d 件')" % len(expected))
    assert _titles(page) == expected
    # second facet: counts shown for 段階 are within the subsidy selection
    stage_counts = {}
    for c in samples:
        if _main(c).get("type") == subsidy:
            stage = c["stage"] if isinstance(c.get("stage"), str) else "不明"
            stage_counts[stage] = stage_counts.get(stage, 0) + 1
    for stage, n in stage_counts.items():
        assert _option_count(page, "stage", stage) == n
    stage = "実装"
    page.select_option("#cc-f-stage", stage)
    both = {c["title"] for c in samples if _main(c).get("type") == subsidy and c.get("stage") == stage}
    page.wait_for_function("() => document.querySelector('#cc-status').textContent.startsWith('%d 件')" % len(both))
    assert _titles(page) == both
    assert "subsidy=" in page.url and "stage=" in page.url


def test_shared_url_restores_the_filtered_list(page, browser, site_url: str) -> None:
    _finder(page, site_url)
    page.fill("#cc-q", "見守り")
    page.select_option("#cc-f-prefecture", "岩手県")
    page.wait_for_function("() => location.search.includes('q=') && location.search.includes('prefecture=')"
                           " && document.querySelector('#cc-status').textContent.endsWith(' 1 件見つかりました')")
    shared = page.url
    first = _titles(page)
    other = browser.new_page()
    other.goto(shared)
    other.wait_for_selector("body[data-finder-ready=true]")
    assert other.input_value("#cc-q") == "見守り"
    assert other.input_value("#cc-f-prefecture") == "岩手県"
    assert _titles(other) == first and first
    other.close()


def test_finder_without_javascript_lists_every_case(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{site_url}finder/")
    assert not pg.locator("#cc-finder").is_visible()
    links = pg.locator("#cc-all li a").all_inner_texts()
    assert set(links) == {c["title"] for c in _samples()}
    context.close()


def test_finder_is_usable_with_the_keyboard(page, site_url: str) -> None:
    _finder(page, site_url)
    page.focus("#cc-q")
    page.keyboard.type("除雪")
    page.wait_for_function("() => document.querySelector('#cc-status').textContent.endsWith(' 1 件見つかりました')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cc-f-theme"
    assert page.locator("label[for=cc-f-theme]").inner_text() == "重点テーマ"
    assert page.get_attribute("#cc-status", "role") == "status"


def test_options_of_a_dimension_with_a_given_order_come_in_that_order(page, site_url: str) -> None:
    """段階 is declared with the stages in order (generator/catalogue/dimensions.py): the finder lists them so, 不明 last."""
    from generator.data.refdata import STAGES

    _finder(page, site_url)
    page.wait_for_function("() => document.querySelectorAll('#cc-f-stage option').length > 1")
    shown = [v for v in page.locator("#cc-f-stage option").evaluate_all("os => os.map(o => o.value)") if v]
    stages = {c["stage"] if isinstance(c.get("stage"), str) else "不明" for c in _samples()}
    assert shown == [s for s in STAGES if s in stages] + (["不明"] if "不明" in stages else [])
    assert len(shown) >= 3  # the samples have several stages: the order is really tested


def _theme_written(t) -> tuple[str, bool] | None:
    """(theme title, inferred) of one written theme; None for {unknown: …}. Read here, not by the generator."""
    if isinstance(t, dict) and "theme" in t:
        return THEME_TITLES.get(t["theme"], t["theme"]), True
    return (THEME_TITLES.get(t, t), False) if isinstance(t, str) else None


def test_a_theme_inferred_from_the_title_is_counted_apart_and_marked(page, site_url: str) -> None:
    """An inferred theme is an option of its own, 「…（推定）」: the count of the theme as published holds no guess,
    and a result whose main theme is inferred says （推定） on its card."""
    samples = _samples()
    written = {c["title"]: [w for r in c["rounds"] for t in r.get("themes") or [] if (w := _theme_written(t))] for c in samples}
    inferred = {title for title, ws in written.items() if ("安心・安全の提供", True) in ws}
    published = {title for title, ws in written.items() if ("安心・安全の提供", False) in ws}
    assert inferred and published  # the samples have both
    _finder(page, site_url)
    page.wait_for_function("() => document.querySelectorAll('#cc-f-theme option').length > 1")
    assert _option_count(page, "theme", "安心・安全の提供") == len(published)
    assert _option_count(page, "theme", "安心・安全の提供（推定）") == len(inferred)
    assert "（推定）」は、公表資料にテーマが書かれておらず" in page.locator(".cc-finder__note").inner_text()
    page.select_option("#cc-f-theme", "安心・安全の提供（推定）")
    page.wait_for_function("() => document.querySelector('#cc-status').textContent.startsWith('%d 件')" % len(inferred))
    assert _titles(page) == inferred
    cards = page.locator(".cc-result").all_inner_texts()
    assert cards and all("安心・安全の提供（推定）" in card for card in cards)
    assert page.errors == []


# A word most samples hold (more than two pages of results): the finder answers from its word index
# (data/words/, generator/pages/readings.py word_index_files) and opens a case's search fragment only to show it.
MANY = "市"
PAGE = 10


def _fragments(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda r: found.append(r.url) if r.url.endswith(".pf_fragment") else None)
    return found


def test_the_first_query_opens_only_the_fragments_it_shows(page, site_url: str) -> None:
    want = _cases_containing(MANY)
    assert len(want) > 2 * PAGE
    _finder(page, site_url)
    fetched = _fragments(page)
    page.locator("#cc-q").press_sequentially(MANY, delay=20)
    page.wait_for_function("q => document.body.dataset.finderAnswered === q", arg=MANY)
    assert page.locator("#cc-status").inner_text().endswith(f"を含む事例が {len(want)} 件見つかりました")
    assert page.locator(".cc-result").count() == PAGE
    assert len(fetched) == len(set(fetched)) <= PAGE, fetched
    page.click("#cc-more")
    page.wait_for_function(f"() => document.querySelectorAll('.cc-result').length === {2 * PAGE}")
    assert len(fetched) == len(set(fetched)) <= 2 * PAGE, fetched
    assert page.errors == []


def test_more_after_overlapping_runs(page, site_url: str) -> None:
    """Two runs of the finder overlap (a first query still opening its fragments, slowed down here, when the reader
    changes it), and a typed query fires input and then change (when the box loses focus, as when さらに表示 is
    clicked). さらに表示, clicked twice at once, then shows each next case of the newest query once."""
    want = _cases_containing(MANY)
    _finder(page, site_url)
    opened: list[str] = []

    def slowly(route) -> None:  # the first query's fragments come last: its run ends after the newer one
        opened.append(route.request.url)
        page.wait_for_timeout(1500 if len(opened) <= 3 else 300)
        route.continue_()

    page.route("**/*.pf_fragment", slowly)
    page.evaluate("""q => { const box = document.getElementById('cc-q');
        box.value = '見守り'; box.dispatchEvent(new Event('change', { bubbles: true }));
        setTimeout(() => { box.value = q; box.dispatchEvent(new Event('input', { bubbles: true }));
                           box.dispatchEvent(new Event('change', { bubbles: true })); }, 100); }""", MANY)
    page.wait_for_function("q => document.body.dataset.finderAnswered === q", arg=MANY, timeout=20000)
    page.wait_for_timeout(2500)  # the runs still waiting end too (the first query's; the input's, 250 ms later)
    assert page.locator(".cc-result").count() == PAGE
    page.evaluate("() => { const more = document.getElementById('cc-more'); more.click(); more.click(); }")
    page.wait_for_function(f"() => document.querySelectorAll('.cc-result').length >= {len(want)}", timeout=20000)
    page.wait_for_timeout(500)
    titles = page.locator(".cc-result h2 a").all_inner_texts()
    assert len(titles) == len(want) and set(titles) == want, titles
    assert page.locator("#cc-more").is_hidden()
    assert page.locator("#cc-status").inner_text().endswith(f"を含む事例が {len(want)} 件見つかりました")
    assert page.errors == []
