"""Dimensions (generator/catalogue/dimensions.py): one declaration per way of classifying a case; the facet, the "cases by X"
pages, the statistics table and the open-data column follow from it."""

from __future__ import annotations

import csv
import io
import json
import re
from types import SimpleNamespace

import pytest
import yaml

from conftest import SNAPSHOT
from generator.catalogue import dimensions
from generator.catalogue.dimensions import DIMENSIONS, UNKNOWN, ColumnSpec, Dimension
from generator.pages.opendata import case_columns
from generator.pages.registry import PAGES, render_catalogue
from generator.pipeline import Project, catalogue_from, context, validate
from generator.data.refdata import STAGES
from generator.catalogue.review import statistics
from generator.pages.search import facets
from generator.read.values import known


@pytest.fixture(scope="module")
def catalogue():
    project = Project(SNAPSHOT)
    ctx = context(project)
    return catalogue_from(project, validate(project, ctx=ctx), ctx)


def _stage_in_yaml(case) -> str:
    """The stage recounted from the YAML as written: not written or {unknown: …} → 不明."""
    data = yaml.safe_load((SNAPSHOT / case.source).read_text(encoding="utf-8"))
    return data["stage"] if isinstance(data.get("stage"), str) else "不明"


def _what_follows(files: dict, dimension_id: str, key: str) -> dict[str, bool]:
    case_pages = [text for path, text in files.items() if path.startswith("cases/") and path.endswith(".md")]
    header = next(csv.reader(io.StringIO(files["data/cases.csv"].decode("utf-8-sig"))))
    return {"facet": dimension_id in [f["name"] for f in json.loads(files["data/facets.json"])["facets"]],
            "span": any(f'data-pagefind-filter="{dimension_id}"' in page for page in case_pages),
            "listing": f"by/{dimension_id}/index.md" in files,
            "nav": f"(by/{dimension_id}/index.md)" in files["SUMMARY.md"],
            "stats": f'id="table-{dimension_id}"' in files["stats.md"],
            "column": key in header}


def test_cases_by_stage_is_one_declaration(catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked example from ARCHITECTURE.md: "cases by stage" (facet, listing pages, statistics, column) is one Dimension."""
    without = [d for d in DIMENSIONS if d.id != "stage"]
    monkeypatch.setattr(dimensions, "DIMENSIONS", without)
    assert not any(_what_follows(render_catalogue(catalogue), "stage", "stage").values())

    stage = Dimension("stage", "段階", lambda c: [known(c.data["stage"])] if known(c.data["stage"]) else None, tuple(STAGES),
                      listing="by", slugs=dict(zip(STAGES, ["concept", "demonstration", "implementation", "expansion"])),
                      column=ColumnSpec("stage", "事業の段階（公開資料になければ「不明」）", width=10))
    monkeypatch.setattr(dimensions, "DIMENSIONS", without + [stage])
    files = render_catalogue(catalogue)
    assert all(_what_follows(files, "stage", "stage").values()), _what_follows(files, "stage", "stage")

    expected = {c.id: _stage_in_yaml(c) for c in catalogue.cases}
    assert "不明" in expected.values() and set(expected.values()) - {"不明"}  # the samples have both
    for case in catalogue.cases:  # the facet: the case page's span
        assert f'<span data-pagefind-filter="stage">{expected[case.id]}</span>' in files[case.page], case.id
    rows = {c["id"]: c["stage"] for c in csv.DictReader(io.StringIO(files["data/cases.csv"].decode("utf-8-sig")))}
    assert rows == expected  # the column: unknown is 不明, never an empty cell
    for value in set(expected.values()):  # the listing: one page per value, with exactly its cases
        page = files[f"by/stage/{stage.slug(value)}.md"]
        assert set(re.findall(r"\(\.\./\.\./cases/([^)]+)\.md\)", page)) == {i for i, v in expected.items() if v == value}, value
        assert f"({stage.slug(value)}.md)" in files["by/stage/index.md"]
    table = files["stats.md"][files["stats.md"].index('id="table-stage"'):]
    table = table[:table.index("</table>")]
    counted = {k: int(n) for k, n in re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table)}
    assert counted == {s: list(expected.values()).count(s) for s in STAGES} | {"不明": list(expected.values()).count("不明")}
    assert list(counted)[-1] == "不明"  # apart, after the known stages


def test_every_declared_dimension_has_what_its_flags_say(catalogue) -> None:
    files = render_catalogue(catalogue)
    tables = {t.id for t in statistics(catalogue, catalogue.counted)}
    roots = {p.root for p in PAGES}
    keys = [c.key for c in case_columns()]
    for d in DIMENSIONS:
        assert (d.id in [f.name for f in facets()]) == d.facet, d.id
        assert any(t == d.id or t.startswith(f"{d.id}-") for t in tables) == d.stats, d.id
        assert (d.column is not None and d.column.key in keys) == (d.column is not None), d.id
        if d.listing == "by":
            assert f"by/{d.id}/index.md" in files and f"(by/{d.id}/index.md)" in files["SUMMARY.md"], d.id
        elif d.listing:
            assert d.listing in roots, d.id  # pages of its own, in pages.PAGES
        else:
            assert not any(path.startswith(f"by/{d.id}/") for path in files), d.id
    assert len({d.id for d in DIMENSIONS}) == len(DIMENSIONS)


def _cases(*reads: list[str] | None) -> list[SimpleNamespace]:
    return [SimpleNamespace(value=r) for r in reads]


def test_unknown_is_counted_apart_and_never_as_a_negative() -> None:
    used = Dimension("used", "活用", lambda c: c.value, ("あり", "なし"))
    cases = _cases(["あり"], None, None, [], ["なし"], ["あり"])  # [] = does not apply: not counted at all
    assert used.rows(SimpleNamespace(), cases) == [("あり", 2), ("なし", 1), (UNKNOWN, 2)]
    assert used.values(cases[1]) == [UNKNOWN] and used.cell(cases[1]) == UNKNOWN and used.cell(cases[3]) == ""
    assert used.rows(SimpleNamespace(), _cases(["あり"])) == [("あり", 1), ("なし", 0)]  # no 不明 row when nothing is unknown
    by_count = Dimension("tech", "技術", lambda c: c.value, top=2)
    assert by_count.rows(SimpleNamespace(), _cases(["b", "a"], ["b"], ["c", "a"], None, ["c"])) == [("a", 2), ("b", 2), (UNKNOWN, 1)]
    per_kpi = Dimension("kpi", "KPI", lambda c: c.value, ("達成", "未達"), unit="指標")
    assert per_kpi.rows(SimpleNamespace(), _cases(["達成", "達成", "未達"], [])) == [("達成", 2), ("未達", 1)]


DESIGNATED_CITIES = {"札幌市", "仙台市", "さいたま市", "千葉市", "横浜市", "川崎市", "相模原市", "新潟市", "静岡市", "浜松市",
                     "名古屋市", "京都市", "大阪市", "堺市", "神戸市", "岡山市", "広島市", "北九州市", "福岡市", "熊本市"}  # the 20 of 2020


def test_municipality_type_is_read_from_the_code() -> None:
    from generator.catalogue.dimensions import MUNICIPALITY_TYPES, municipality_type
    from generator.data.refdata import load_city_types, load_municipalities

    core = load_city_types()["core_cities"]
    types: dict[str, list[str]] = {}
    for m in load_municipalities().values():
        types.setdefault(municipality_type({"code": m.code, "name": m.name}) or "", []).append(m.name)
    assert set(types["政令指定都市"]) == DESIGNATED_CITIES
    assert set(types["中核市"]) == set(core.cities.values()) and len(types["中核市"]) == core.published_count == 62
    assert len(types["特別区"]) == 23 and all(n.endswith("区") for n in types["特別区"])
    assert all(n.endswith("市") for n in types["その他の市"]) and len(types["その他の市"]) == 792 - 20 - 62  # 792 市 in the 2020 list
    assert all(n.endswith("町") for n in types["町"]) and all(n.endswith("村") for n in types["村"])
    assert types[""] == [""] * 47  # the prefectures' own codes: no municipality type
    assert set(types) - {""} == set(MUNICIPALITY_TYPES) == {"政令指定都市", "中核市", "その他の市", "特別区", "町", "村"}
    assert municipality_type({"code": None, "name": "みなと市"}) is None  # no code (the fictional samples): unknown, not 市


# Real cases (cases/*.yml with codes), with their municipalities' types as published: 岐阜市 is a 中核市, 大阪市 a
# 政令指定都市, 千代田区 a 特別区; the joint case of 精華町 and 木津川市 has both types; the Shizuoka case names the
# prefecture itself (220001: no municipality type) with 熱海市 and 下田市.
REAL_TYPES = {"gifu-kenko-mobility": ["中核市"], "osaka-umekita-smartcity": ["政令指定都市"],
              "chiyoda-daimaruyu-eriamane-dx": ["特別区"], "keihanna-seika-nishikizu": ["町", "その他の市"],
              "shizuoka-virtual-shizuoka": ["その他の市"], "moroyama-smartcity": ["町"], "aizuwakamatsu-digital-bousai": ["その他の市"]}


def test_a_real_case_has_the_types_of_its_municipalities(tmp_path) -> None:
    """Built from the real case files: the case page's facet span, the statistics row and the open-data cell."""
    import shutil

    from conftest import ROOT

    target = tmp_path / "real"
    target.mkdir()
    for part in ("mkdocs.yml", "programmes", "docs", "overrides"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target / part)
    (target / "cases").mkdir()
    for case_id in REAL_TYPES:
        shutil.copy2(ROOT / "cases" / f"{case_id}.yml", target / "cases")
    project = Project(target)
    ctx = context(project)
    real = catalogue_from(project, validate(project, ctx=ctx), ctx)
    files = render_catalogue(real)
    for case in real.cases:
        spans = re.findall(r'<span data-pagefind-filter="municipality">(.*?)</span>', files[case.page])
        assert spans == REAL_TYPES[case.id], case.id
    rows = {c["id"]: c["municipality_types"] for c in csv.DictReader(io.StringIO(files["data/cases.csv"].decode("utf-8-sig")))}
    assert rows == {k: "；".join(v) for k, v in REAL_TYPES.items()}
    table = files["stats.md"][files["stats.md"].index('id="table-municipality"'):]
    counted = dict(re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table[:table.index("</table>")]))
    assert counted == {"政令指定都市": "1", "中核市": "1", "その他の市": "3", "特別区": "1", "町": "2", "村": "0"}
