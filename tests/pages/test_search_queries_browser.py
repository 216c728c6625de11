"""A query set the finder must answer truthfully, in real chromium, on the built sample site.

Every query's expected set is computed here from the cases' own text (their YAML strings, prefectures and theme
titles) and their words' readings (SudachiPy, called here independently of generator/pages/readings.py): a case is
expected when it contains every word of the query as written (NFKC, Latin case folded) or, for a word written only
in kana, a word that reads so. The finder must give exactly that set (precision and recall 1.0), both through its
search function (window.ccFind, Pagefind's API underneath) and as a reader types into the box.

The queries are chosen from the samples by rule, not by hand: words present (the nouns most cases share),
words absent (their expected set is empty), hiragana and katakana readings, Latin case and width, two-word AND,
municipality and prefecture names with and without their suffix, theme titles and technology words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import SNAPSHOT

pytestmark = pytest.mark.browser

KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30f6\u30fc]+$")
CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接尾辞", "接頭辞", "代名詞"}


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def hira(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def kata(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


@functools.lru_cache(maxsize=1)
def tokenizers():
    from sudachipy import Dictionary, SplitMode

    d = Dictionary(dict="core")
    return [d.tokenizer(mode=m) for m in (SplitMode.A, SplitMode.B, SplitMode.C)]


# Not words a reader reads: slugs and ids (sample-x, s1, infrastructure-management, 2024-05-01), addresses.
NOT_WORDS = re.compile(r"^(?:[a-z0-9]+(?:[-_./][a-z0-9]+)*|https?://\S*|mailto:\S*|\S+@\S+\.\S+)$")


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) and not NOT_WORDS.match(value.strip()) else []


THEME_TITLES = {t["id"]: t["title"] for p in sorted((SNAPSHOT / "programmes").glob("*.yml"))
                for pillar in (yaml.safe_load(p.read_text(encoding="utf-8")).get("pillars") or []) for t in pillar["themes"]}


def theme_titles(rnd: dict) -> list[str]:
    """A round's theme titles: a theme is written by id or title, or as {theme: …, inferred: …}; {unknown: …} has none."""
    titles = set(THEME_TITLES.values())
    written = [t["theme"] if isinstance(t, dict) and "theme" in t else t for t in rnd.get("themes") or []]
    return [THEME_TITLES.get(t) or (t if t in titles else "") for t in written if isinstance(t, str)]


@functools.lru_cache(maxsize=1)
def cases() -> dict[str, dict]:
    """id → {text, readings, data}: the case's own words, normalised, and the readings of its words."""
    out = {}
    for path in sorted((SNAPSHOT / "cases").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        themes = [t for r in data.get("rounds", []) for t in theme_titles(r)]
        text = norm(" ".join(strings(data) + themes))
        readings = {hira(m.reading_form()) for line in text.split(" ") for tk in tokenizers() for m in tk.tokenize(line)
                    if m.part_of_speech()[0] in CONTENT and KANA.match(m.reading_form()) and len(m.surface()) >= 2}
        out[data["id"]] = {"text": text, "readings": readings, "data": data}
    return out


def expected(query: str) -> set[str]:
    words = [norm(w) for w in unicodedata.normalize("NFKC", query).split()]

    def written(text: str, w: str) -> bool:  # as written; a Latin word is never matched inside another (ai ≠ saisei)
        edge = "[a-z0-9]"
        pattern = ("(?<!" + edge + ")" if re.match(edge, w) else "") + re.escape(w) + ("(?!" + edge + ")" if re.search(edge + "$", w) else "")
        return re.search(pattern, text) is not None

    def holds(case: dict, w: str) -> bool:
        return written(case["text"], w) or (bool(KANA.match(w)) and len(w) >= 2 and hira(w) in case["readings"])

    return {cid for cid, case in cases().items() if all(holds(case, w) for w in words)}


def nouns_by_spread() -> list[str]:
    """Nouns of the samples (SudachiPy, mode C) that some but not all cases contain, most widely shared first."""
    spread: Counter[str] = Counter()
    for case in cases().values():
        words = {m.surface() for line in case["text"].split(" ") for m in tokenizers()[2].tokenize(line)
                 if m.part_of_speech()[0] == "名詞" and len(m.surface()) >= 2 and re.search(r"[\u4e00-\u9fff]", m.surface())}
        spread.update(words)
    n = len(cases())
    return [w for w, k in sorted(spread.items(), key=lambda x: (-x[1], x[0])) if 2 <= k < n]


def reading_of(word: str) -> str:
    return "".join(m.reading_form() for m in tokenizers()[2].tokenize(word))


def query_set() -> list[tuple[str, str]]:
    present = nouns_by_spread()[:16]
    queries = [("present", w) for w in present]
    queries += [("hiragana", hira(reading_of(w))) for w in present[:8]]
    queries += [("katakana", reading_of(w)) for w in present[:4]]
    queries += [("absent", w) for w in ["横浜市", "防犯", "札幌", "量子コンピュータ", "よこはま", "ぞなもし"]]
    queries += [("latin", w) for w in ["PLATEAU", "plateau", "Plateau", "ＰＬＡＴＥＡＵ", "ﾄﾞﾛｰﾝ", "どろーん"]]
    queries += [("and", f"{a} {b}") for a, b in zip(present[:5], present[5:10])]
    queries += [("and-absent", f"{present[0]} 横浜")]
    places = sorted({(m["name"], m["prefecture"]) for c in cases().values() for m in c["data"]["municipalities"]
                     if isinstance(m.get("name"), str)})
    for name, prefecture in places[:6]:
        queries += [("municipality", name), ("municipality", re.sub(r"(市|町|村|区)$", "", name)),
                    ("municipality-reading", hira(reading_of(name)))]
        queries += [("prefecture", prefecture), ("prefecture", re.sub(r"(都|府|県)$", "", prefecture))]
    queries += [("theme", t) for t in sorted({t for c in cases().values() for r in c["data"]["rounds"] for t in theme_titles(r) if t})]
    technologies = sorted({t for c in cases().values() for t in [*(c["data"].get("technologies") or []),
                           *(x for svc in c["data"].get("services") or [] for x in svc.get("technologies") or [])] if isinstance(t, str)})
    queries += [("technology", t) for t in technologies[:6]]
    return list(dict.fromkeys(queries))


QUERIES = query_set()


def test_the_query_set_covers_every_kind() -> None:
    kinds = Counter(kind for kind, _ in QUERIES)
    assert len(QUERIES) >= 60, len(QUERIES)
    for kind in ["present", "hiragana", "katakana", "absent", "latin", "and", "municipality", "municipality-reading", "prefecture", "theme", "technology"]:
        assert kinds[kind] >= 1, kind
    assert all(not expected(q) for kind, q in QUERIES if kind in ("absent", "and-absent"))
    assert all(expected(q) for kind, q in QUERIES if kind in ("present", "hiragana", "katakana", "municipality", "theme"))


def url_of(case_id: str) -> str:
    return f"cases/{case_id}/"


@pytest.fixture(scope="module")
def finder(browser, site_url: str):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{site_url}finder/")
    page.wait_for_selector("body[data-finder-ready=true]", timeout=20000)
    yield page
    context.close()


@pytest.mark.parametrize(("kind", "query"), QUERIES, ids=[f"{k}-{q}" for k, q in QUERIES])
def test_the_finder_answers_exactly_the_cases_that_hold_the_query(finder, site_url: str, kind: str, query: str) -> None:
    want = {url_of(c) for c in expected(query)}
    got = finder.evaluate("q => window.ccFind(q)", query)
    got = {u.lstrip("/") for u in got}  # Pagefind's URLs start at the site's root
    assert got == want, f"{query}: extra {sorted(got - want)}, missing {sorted(want - got)}"
    assert finder.errors == []


@pytest.mark.parametrize(("kind", "query"), QUERIES[::3], ids=[f"{k}-{q}" for k, q in QUERIES[::3]])
def test_as_a_reader_types(finder, kind: str, query: str) -> None:
    """Typed into the box: the status says how many cases hold the words (or that none does), and lists them."""
    finder.fill("#cc-q", "")
    finder.wait_for_timeout(50)
    finder.locator("#cc-q").press_sequentially(query, delay=20)
    want = expected(query)
    finder.wait_for_function("q => document.body.dataset.finderAnswered === q", arg=query, timeout=10000)
    status = finder.inner_text("#cc-status")
    if want:
        assert f"{len(want)} 件見つかりました" in status, status
        assert finder.locator(".cc-result").count() == min(len(want), 10)
    else:
        assert "を含む事例はありません" in status or "を両方含む事例はありません" in status, status
        assert finder.locator(".cc-result").count() == 0
