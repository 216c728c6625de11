"""Readings of the cases' words, so that a reader who types kana finds what kanji finds (みまもり → 見守り).

At build time every case's text (what its page shows: contributor text, place names, theme titles) is split
into words by SudachiPy with its core dictionary, in its three modes (A: 千代田 / 区, B: 千代田区,
C: 東京都千代田区), and each word's reading is kept: reading (hiragana) → the words, as the case writes them,
that read so. The finder (docs/assets/finder.js) loads the one file of the first kana of a query written only
in kana (data/readings/<code point>.json, a few KB) and searches for those words too; it then says how it read
the query (「『みまもり』（見守り）を含む事例」).

Only words that occur in some case are listed, so a reading never leads to a word no case contains.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from generator.catalogue.model import Case

CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接尾辞", "接頭辞", "代名詞"}
KATAKANA_READING = re.compile(r"^[\u30a1-\u30f6\u30fc]+$")
WORTH_READING = re.compile(r"[\u4e00-\u9fff\u3005\u30a1-\u30f6A-Za-z]")  # kanji (々), katakana or Latin letters
MIN_QUERY = 2  # a reading of one kana (し) would stand for hundreds of words: not offered


def hiragana(text: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "\u30a1" <= ch <= "\u30f6" else ch for ch in text)


def normalise(text: str) -> str:
    """As the finder reads a query and a page (finder.js normalise): NFKC, Latin letters in lower case."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


@functools.lru_cache(maxsize=1)
def _tokenizers() -> tuple:
    from sudachipy import Dictionary, SplitMode  # imported here: loading the dictionary takes ~0.3 s

    dictionary = Dictionary(dict="core")
    return tuple(dictionary.tokenizer(mode=mode) for mode in (SplitMode.A, SplitMode.B, SplitMode.C))


@functools.lru_cache(maxsize=200_000)
def _content_words(line: str) -> tuple[tuple[str, str], ...]:
    """(word as written, reading in katakana) of every content word of one normalised line, in the three modes.

    Cached by line: a catalogue repeats its lines (theme titles, prefectures, shared phrases; synthetic cases are
    copies), and the readings, the words indexed beside the page and the word index all read the same lines, so
    SudachiPy analyses each distinct line once per process."""
    return tuple(dict.fromkeys((m.surface(), m.reading_form()) for tokenizer in _tokenizers()
                               for m in tokenizer.tokenize(line) if m.part_of_speech()[0] in CONTENT))


def word_readings(text: str) -> set[tuple[str, str]]:
    """(reading in hiragana, word as written) of every content word of the text, in the three modes."""
    found: set[tuple[str, str]] = set()
    for line in normalise(text).split(" "):
        if not WORTH_READING.search(line):
            continue
        for surface, reading in _content_words(line):
            if KATAKANA_READING.match(reading) and WORTH_READING.search(surface) and len(reading) >= MIN_QUERY and len(surface) <= 24:
                found.add((hiragana(reading), surface))
    return found


# Strings of a case file that are not words a reader reads: identifiers (事例ID, theme and source ids, codes,
# dates), addresses, file names. Their letters would make 「management」 or 「s1」 find every case.
IDENTIFIER = re.compile(r"^(?:[a-z0-9]+(?:[-_./][a-z0-9]+)*|https?://\S*|mailto:\S*|\S+@\S+\.\S+)$")


def case_words(case: "Case") -> Iterable[str]:
    """What a case's page says in words: the strings of its file that a reader reads (not identifiers, addresses
    or file names), its prefectures and every round's theme titles."""
    from generator.read.text import strings

    for _, text in strings(case.data):
        if not IDENTIFIER.match(text.strip()):
            yield text
    yield from (p.name for p in case.prefectures)
    yield from dict.fromkeys(t.title for r in case.rounds for t in r.themes)  # every round's themes, as the facet


def own_text(case: "Case") -> str:
    """The case's own words, normalised, as one text: what the finder checks a result against (a page's labels
    and menus, such as 「PLATEAU の活用」 on every case page, are not the case's words). Put in the page as
    Pagefind metadata (templates/_pagefind.html.j2)."""
    return " ".join(unicodedata.normalize("NFKC", " ".join(case_words(case))).split())  # case kept: shown in excerpts


def index_words(case: "Case") -> list[str]:
    """Every word of the case's own text in SudachiPy's three modes (千代田 / 区 / 千代田区 / 東京都千代田区),
    indexed beside the page (templates/_search_terms.html.j2) so that Pagefind, whose segmentation differs
    from the query's, finds a page by any word of it, short or compound. The finder then keeps a result only
    when the case's own text holds the query (own_text)."""
    words: set[str] = set()
    for line in normalise(own_text(case)).split(" "):
        if WORTH_READING.search(line):
            words.update(surface for surface, _ in _content_words(line))
    words = {w for w in words if WORTH_READING.search(w) and len(w) <= 24}
    return sorted(words | {normalise(t.title) for r in case.rounds for t in r.themes})  # a theme's title, whole: readers search by it


def readings(cases: Iterable["Case"]) -> dict[str, list[str]]:
    """reading → the words that read so, as the cases write them (a word different from its reading only)."""
    table: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for text in case_words(case):
            for reading, surface in word_readings(text):
                if surface != reading and len(surface) >= 2:  # one kanji (年: とし) sits inside words read otherwise
                    table[reading].add(surface)
    return {r: sorted(words) for r, words in sorted(table.items())}


def readings_files(cases: Iterable["Case"]) -> dict[str, str]:
    """data/readings/<code point of the first kana>.json: one small file per first kana."""
    shards: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for reading, words in readings(cases).items():
        shards[f"{ord(reading[0]):x}"][reading] = words
    return {f"data/readings/{key}.json": json.dumps(shard, ensure_ascii=False, sort_keys=True) + "\n"
            for key, shard in sorted(shards.items())}


# --- the word index: which cases hold which words -------------------------------------------------
#
# A text is read as runs of one script each: kanji (々), hiragana, katakana (ー・), Latin letters and digits, other
# signs (見守り = 見守 | り; 住民モニター = 住民 | モニター). A key starts at every character of the case's own text
# (never inside a Latin word: ai is not in kaizen) and runs to the end of the next run, at most MAX_KEY characters.
# So a query of one or two runs is in the text exactly when it starts a key: the index answers it with no page
# opened. A longer query (三 runs or more: 見守りサービス, a theme's title) has each pair of its neighbouring runs
# in the text; the cases holding all of them are the candidates, checked against their own text (finder.js).

WORDS_DIR = "data/words"
MAX_KEY = 24
SHARD_BYTES = 48_000  # a file bigger than this is split by the next character (its keys' second, third… character)
SPLIT = " "  # the key of a split file's list of parts: no key holds a space (the text is cut at spaces)
SCRIPTS = [(re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]"), "k"), (re.compile(r"[\u3041-\u309f]"), "h"),
           (re.compile(r"[\u30a0-\u30ff]"), "t"), (re.compile(r"[a-z0-9]"), "l")]


def script(ch: str) -> str:
    """Which script a character is written in (finder.js script: the same ranges)."""
    return next((name for pattern, name in SCRIPTS if pattern.match(ch)), "o")


def runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of one script."""
    out: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if out and script(text[i - 1]) == script(ch):
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


@functools.lru_cache(maxsize=200_000)
def line_keys(line: str) -> frozenset[str]:
    """Every key of one normalised line (cached: catalogues repeat their lines)."""
    spans = runs(line)
    keys = set()
    for j, (start, end) in enumerate(spans):
        stop = spans[j + 1][1] if j + 1 < len(spans) else end
        for i in range(start, end):
            if i > start and script(line[i]) == "l":
                continue
            keys.add(line[i:min(stop, i + MAX_KEY)])
    return frozenset(keys)


def case_keys(case: "Case") -> set[str]:
    """The keys the word index lists a case under: every piece of its normalised own text that starts a key."""
    return {k for line in normalise(own_text(case)).split(" ") for k in line_keys(line)}


def _deltas(numbers: Iterable[int]) -> list[int]:
    """Sorted case numbers as the first and then the gaps (small numbers: short, and gzip folds runs of 1)."""
    out, last = [], 0
    for n in sorted(numbers):
        out.append(n - last)
        last = n
    return out


def case_order(cases: Iterable["Case"]) -> list["Case"]:
    """The cases as the word index numbers them: the newest fiscal year first, as the finder lists its results."""
    return sorted(cases, key=lambda c: -c.year)


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _shards(holding: dict[str, list[int]], depth: int = 1) -> dict[str, str]:
    """data/words/<code points of the first characters, joined by ->.json: one file per first character, split by
    the next character while bigger than SHARD_BYTES (the split file lists its parts under SPLIT, and holds the keys
    no longer than its prefix)."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for key, numbers in holding.items():
        groups["-".join(f"{ord(ch):x}" for ch in key[:depth])][key] = numbers
    files = {}
    for name, group in sorted(groups.items()):
        text = _dump(group)
        if len(text.encode()) <= SHARD_BYTES or depth >= MAX_KEY:
            files[name] = text
            continue
        short = {k: v for k, v in group.items() if len(k) <= depth}
        parts = _shards({k: v for k, v in group.items() if len(k) > depth}, depth + 1)
        files.update(parts)
        files[name] = _dump({**short, SPLIT: sorted(parts)})
    return files


def word_index_files(cases: Iterable["Case"]) -> dict[str, str]:
    """The finder's word index (docs/assets/finder.js), so that it counts and lists the cases holding a word
    without opening any page's search fragment:

    - data/words/<first characters>.json: key → the case numbers holding it (as gaps), see _shards;
    - data/words/cases.json: how many cases, and every facet value → its case numbers (the facet counts);
    - data/words/ids.json: case number → case id (for window.ccFind and the checked candidates).

    A case's number is its place in case_order; generator/pages/search.py index_site writes, after Pagefind, where
    each number's search fragment is (pagefind/cases/<k>.json), so the finder opens only the ten it shows."""
    from generator.pages.search import facet_values

    ordered = case_order(cases)
    holding: dict[str, set[int]] = defaultdict(set)
    values: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for n, case in enumerate(ordered):
        for key in case_keys(case):
            holding[key].add(n)
        for name, value in [("record", "サンプル" if case.sample else "実在の事例"), *facet_values(case)]:
            values[name][value].add(n)
    shards = _shards({k: _deltas(ns) for k, ns in holding.items()})
    table = {"count": len(ordered), "facets": {name: {v: _deltas(ns) for v, ns in vs.items()} for name, vs in values.items()}}
    return {**{f"{WORDS_DIR}/{name}.json": text for name, text in shards.items()},
            f"{WORDS_DIR}/cases.json": _dump(table), f"{WORDS_DIR}/ids.json": _dump([c.id for c in ordered])}
