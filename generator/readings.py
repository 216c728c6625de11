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
    from generator.model import Case

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
    from generator.text import strings

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

WORDS_DIR = "data/words"
LATIN_LETTER = re.compile(r"[a-z0-9]")
MAX_KEY = 24


HIRAGANA_RUN = re.compile(r"^[\u3041-\u3096\u30fc]+$")


@functools.lru_cache(maxsize=200_000)
def _long_words(line: str) -> tuple[str, ...]:
    """The words of one normalised line in SudachiPy's longest mode (C: 東京都千代田区), every part of speech;
    words written in hiragana next to each other are one (と し て → として, as the browser's segmenter has it)."""
    words: list[str] = []
    for surface in (m.surface() for m in _tokenizers()[2].tokenize(line)):
        if words and HIRAGANA_RUN.match(surface) and HIRAGANA_RUN.match(words[-1]):
            words[-1] += surface
        else:
            words.append(surface)
    return tuple(words)


def case_keys(case: "Case") -> set[str]:
    """The keys the word index lists a case under: every ending of every word of its own text in the longest mode
    (東京都千代田区, 京都千代田区, 都千代田区 … 区), so that a query found anywhere inside a word starts a key
    (守り in 見守り, とし in として), and its theme titles whole (index_words). Each key is a piece of the case's
    normalised own text, so a query that starts a key is in the text. An ending that would start inside a Latin
    word is left out (ai is not in kaizen)."""
    keys = set(index_words(case))
    for line in normalise(own_text(case)).split(" "):
        for word in _long_words(line):
            keys.update(word[i:i + MAX_KEY] for i in range(len(word))
                        if not (i and LATIN_LETTER.match(word[i]) and LATIN_LETTER.match(word[i - 1])))
    return keys


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


def word_index_files(cases: Iterable["Case"]) -> dict[str, str]:
    """The finder's word index (docs/assets/finder.js), so that it counts and lists the cases holding a word
    without opening any page's search fragment:

    - data/words/<code point of the first character>.json: word → the case numbers holding it (as gaps);
    - data/words/cases.json: how many cases, and every facet value → its case numbers (the facet counts);
    - data/words/ids.json: case number → case id (only for words the index cannot answer, checked as before).

    A case's number is its place in case_order; generator/search.py index_site writes, after Pagefind, where
    each number's search fragment is (pagefind/cases/<k>.json), so the finder opens only the ten it shows."""
    from generator.search import facet_values

    ordered = case_order(cases)
    holding: dict[str, set[int]] = defaultdict(set)
    values: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for n, case in enumerate(ordered):
        for key in case_keys(case):
            holding[key].add(n)
        for name, value in [("record", "サンプル" if case.sample else "実在の事例"), *facet_values(case)]:
            values[name][value].add(n)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for key in sorted(holding):
        shards[f"{ord(key[0]):x}"][key] = _deltas(holding[key])
    dump = functools.partial(json.dumps, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    table = {"count": len(ordered), "facets": {name: {v: _deltas(ns) for v, ns in vs.items()} for name, vs in values.items()}}
    return {**{f"{WORDS_DIR}/{key}.json": dump(shard) + "\n" for key, shard in sorted(shards.items())},
            f"{WORDS_DIR}/cases.json": dump(table) + "\n", f"{WORDS_DIR}/ids.json": dump([c.id for c in ordered]) + "\n"}
