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


def word_readings(text: str) -> set[tuple[str, str]]:
    """(reading in hiragana, word as written) of every content word of the text, in the three modes."""
    found: set[tuple[str, str]] = set()
    for line in normalise(text).split(" "):
        if not WORTH_READING.search(line):
            continue
        for tokenizer in _tokenizers():
            for m in tokenizer.tokenize(line):
                surface, reading = m.surface(), m.reading_form()
                if m.part_of_speech()[0] not in CONTENT or not KATAKANA_READING.match(reading):
                    continue
                if WORTH_READING.search(surface) and len(reading) >= MIN_QUERY and len(surface) <= 24:
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
            for tokenizer in _tokenizers():
                words.update(m.surface() for m in tokenizer.tokenize(line) if m.part_of_speech()[0] in CONTENT)
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
