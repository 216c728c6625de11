"""generator/data/city-types.yml: the published lists of 政令指定都市 and 中核市 the municipality type is read from.
Every city is one of the MIC code list, by code and name; every list and city names its sources."""

from __future__ import annotations

import re

import pytest

from generator.read.load import load_yaml_file
from generator.data.refdata import DATA, load_city_types, load_municipalities

RAW = load_yaml_file(DATA / "city-types.yml")
LISTS = load_city_types()
CODES = load_municipalities()


@pytest.mark.parametrize("key", ["designated_cities", "core_cities", "not_core_cities"])
def test_every_city_is_in_the_code_list_with_the_same_name(key: str) -> None:
    cities = RAW[key] if key == "not_core_cities" else RAW[key]["cities"]
    assert cities
    for city in cities:
        listed = CODES.get(city["code"])
        assert listed is not None, city
        assert listed.name == city["name"], (city, listed)
        assert city["code"][2] == ("1" if key == "designated_cities" else "2"), city  # a 政令指定都市 / another 市
    assert len({c["code"] for c in cities}) == len(cities)  # each once


def test_the_designated_cities_are_the_twenty_of_the_code_list() -> None:
    """20 published, and exactly the cities the code list numbers as 政令指定都市 (3rd digit 1, not 東京都's 特別区)."""
    designated = LISTS["designated_cities"]
    from_codes = {m.code: m.name for m in CODES.values() if m.code[2] == "1" and m.code[:2] != "13" and m.name}
    assert designated.published_count == 20 and designated.complete
    assert designated.cities == from_codes and len(from_codes) == 20


def test_the_core_cities_are_as_many_as_published_and_none_is_of_another_list() -> None:
    core, designated, others = LISTS["core_cities"], LISTS["designated_cities"], LISTS["not_core_cities"]
    assert core.published_count == 62
    assert (len(core.cities) == core.published_count) == core.complete  # complete only when every one is listed
    assert not set(core.cities) & set(designated.cities) and not set(core.cities) & set(others.cities)


@pytest.mark.parametrize("key", ["designated_cities", "core_cities"])
def test_every_list_and_city_says_where_it_comes_from(key: str) -> None:
    ids = set()
    for source in RAW[key]["sources"]:
        assert source["url"].startswith(("http://", "https://")), source
        assert source["publisher"] and source["as_of"] and source["title"], source
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["seen"]), source
        ids.add(source.get("id"))
    for city in RAW[key]["cities"]:
        assert set(city.get("sources", [])) <= ids, city  # a city's sources are the list's
        if key == "core_cities":
            assert city["sources"], city  # every 中核市 was seen named so in a source
    for city in RAW["not_core_cities"]:
        assert all(s["url"].startswith("https://") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["seen"]) for s in city["sources"])
