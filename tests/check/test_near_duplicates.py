"""Probable duplicates (same municipality, nearly the same title): a linear method with the old findings."""

from __future__ import annotations

import difflib
import random

import yaml

from conftest import SAMPLES
from generator.read.load import Document
from generator.check.duplicates import SIMILAR, _near_duplicates, _place_key


def _docs(items: list[tuple[str, dict]]) -> list[Document]:
    return [Document(file=file, data=data) for file, data in items]


def _samples() -> list[tuple[str, dict]]:
    return [(f"cases/{p.name}", yaml.safe_load(p.read_text(encoding="utf-8"))) for p in SAMPLES]


def _pairwise(docs: list[Document]) -> dict[str, dict[str, float]]:
    """The former method, every pair of one place with difflib: later file → {earlier file: ratio}."""
    found: dict[str, dict[str, float]] = {}
    by_place: dict[str, list[Document]] = {}
    for doc in docs:
        if place := _place_key(doc.data):
            by_place.setdefault(place, []).append(doc)
    for group in by_place.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                ratio = difflib.SequenceMatcher(None, str(a.data["title"]), str(b.data["title"])).ratio()
                if ratio >= SIMILAR:
                    found.setdefault(b.file, {})[a.file] = ratio
    return found


def _check_same_findings(docs: list[Document]) -> int:
    expected = _pairwise(docs)
    problems = _near_duplicates(docs)
    assert sorted(p.file for p in problems) == sorted(expected)  # the same files, each reported once
    for p in problems:
        partner = p.message.split("事例が ")[1].split(" にあります")[0]
        assert partner in expected[p.file], (p.file, partner)  # a pair the pairwise method finds too
        assert f"（一致度 {expected[p.file][partner]:.0%}）" in p.message
    return len(problems)


def _variant(title: str, rng: random.Random) -> str:
    chars = list(title)
    for _ in range(rng.choice([0, 1, 1, 2, 3, 6])):
        kind, at = rng.choice(["sub", "del", "ins"]), rng.randrange(len(chars))
        if kind == "sub":
            chars[at] = rng.choice("あいうえお事業実証DX")
        elif kind == "del" and len(chars) > 3:
            del chars[at]
        else:
            chars.insert(at, rng.choice("新第二期 "))
    return "".join(chars)


def test_samples_have_the_same_findings_as_the_pairwise_method() -> None:
    assert _check_same_findings(_docs(_samples())) == 0  # the samples: no probable duplicate, before or after


def test_look_alike_titles_of_one_place_give_the_pairwise_findings() -> None:
    """The samples moved to one place, each with edited copies: every pair the pairwise method finds is found."""
    rng = random.Random(13)
    samples = _samples()
    place = samples[0][1]["municipalities"]
    items = []
    for n, (file, data) in enumerate(samples):
        for k in range(6):
            copy = dict(data, municipalities=place, title=data["title"] if k == 0 else _variant(data["title"], rng))
            items.append((file.replace(".yml", f"-{n}{k}.yml"), copy))
    rng.shuffle(items)
    assert _check_same_findings(_docs(items)) > 10


def test_a_near_duplicate_pair_is_found() -> None:
    (file, data), _ = _samples()[0], None
    copy = dict(data, title=data["title"].replace(" ", "") + "（第2期）")
    problems = _near_duplicates(_docs([(file, data), ("cases/copy.yml", copy)]))
    assert [(p.file, p.level) for p in problems] == [("cases/copy.yml", "warning")]
    assert f"事業名がほぼ同じ事例が {file} にあります" in problems[0].message
    other_place = dict(copy, municipalities=[dict(data["municipalities"][0], name="べつの市")])
    assert _near_duplicates(_docs([(file, data), ("cases/copy.yml", other_place)])) == []


def test_a_flood_of_one_place_reports_each_file_once() -> None:
    file, data = _samples()[0]
    items = [(f"cases/flood-{i:04d}.yml", dict(data, title=f"{data['title']}（{i:04d}）")) for i in range(600)]
    problems = _near_duplicates(_docs(items))
    assert sorted(p.file for p in problems) == [f for f, _ in items[1:]]
