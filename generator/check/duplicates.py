"""Across files: a case id used twice, and probably the same project twice (min-hash LSH over titles, linear)."""

from __future__ import annotations

import difflib
import functools
import unicodedata
import zlib
from typing import Any

from generator.check.base import at, catalogue_rule
from generator.read.errors import Problem
from generator.read.load import Document


@catalogue_rule(("id",))
def _repeated_ids(docs: list[Document]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Document] = {}
    for doc in docs:
        case_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(case_id, str):
            if case_id in seen:
                problems.append(at(doc, ("id",), f"事例ID「{case_id}」は {seen[case_id].file} でも使われています。別の ID にしてください"))
            seen.setdefault(case_id, doc)
    return problems


SIMILAR = 0.85  # difflib ratio of two titles from which they count as the same project


_BANDS = 32  # min-hash values per title, one per LSH band (1 row each): pairs with bigram Jaccard 0.3 meet with p > 0.9999


_BUCKET_CAP = 16  # members kept per band bucket: a flood of look-alike titles cannot make the work quadratic


_VERIFY_CAP = 24  # difflib comparisons per title at most (best-colliding candidates first)


_PRIME = (1 << 61) - 1


_SEEDS = [((0x9E3779B97F4A7C15 * (i + 1)) % _PRIME or 1, (0xC2B2AE3D27D4EB4F * (i + 7)) % _PRIME) for i in range(_BANDS)]


def _title_key(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).casefold().split())


@functools.lru_cache(maxsize=65536)
def _shingle_hashes(shingle: str) -> tuple[int, ...]:
    x = zlib.crc32(shingle.encode("utf-8"))
    return tuple((a * x + b) % _PRIME for a, b in _SEEDS)


def _signature(key: str) -> list[int]:
    """Min-hash of the title's character bigrams, one value per band; deterministic across processes."""
    shingles = {key[i:i + 2] for i in range(max(len(key) - 1, 1))}
    return [min(column) for column in zip(*map(_shingle_hashes, shingles))]


@catalogue_rule(("title",))
def _near_duplicates(docs: list[Document]) -> list[Problem]:
    """Titles of one municipality that are nearly the same (difflib ratio ≥ SIMILAR): probably one project twice.

    Linear, not pairwise: each title is compared with difflib only against the few earlier titles of
    its place that share a min-hash band (locality-sensitive hashing over character bigrams), at most
    _VERIFY_CAP of them. A file is reported once, against the first earlier file that verifies
    (candidates sharing most bands are tried first), so a flood of look-alikes gives one warning per file.
    """
    problems: list[Problem] = []
    by_place: dict[str, list[Document]] = {}
    for doc in docs:
        place = _place_key(doc.data if isinstance(doc.data, dict) else {})
        if place:
            by_place.setdefault(place, []).append(doc)
    for group in by_place.values():
        if len(group) < 2:
            continue
        titles: list[str] = []
        buckets: dict[tuple[int, int], list[int]] = {}
        for index, doc in enumerate(group):
            title = str(doc.data.get("title"))
            titles.append(title)
            signature = _signature(_title_key(title))
            hits: dict[int, int] = {}
            for band, value in enumerate(signature):
                members = buckets.setdefault((band, value), [])
                for other in members:
                    hits[other] = hits.get(other, 0) + 1
                if len(members) < _BUCKET_CAP:
                    members.append(index)
            for other in sorted(hits, key=lambda o: (-hits[o], o))[:_VERIFY_CAP]:
                ratio = difflib.SequenceMatcher(None, titles[other], title).ratio()
                if ratio >= SIMILAR:
                    problems.append(at(doc, ("title",), f"同じ自治体で事業名がほぼ同じ事例が {group[other].file} にあります（一致度 {ratio:.0%}）。同じ事業なら 1 つのファイルにまとめ、年度ごとの採択は rounds に並べてください", "warning"))
                    break
    return problems


def _place_key(data: dict[str, Any]) -> str | None:
    munis = data.get("municipalities")
    if not (isinstance(munis, list) and munis and isinstance(munis[0], dict)):
        return None
    first = munis[0]
    return str(first.get("code") or f"{first.get('prefecture')}{first.get('name')}")

