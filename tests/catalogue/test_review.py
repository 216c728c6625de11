"""Committee views: review viewpoints, KPI attainment and related cases, recomputed here independently."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import yaml

from conftest import ROOT, SNAPSHOT, THEME_FILES, YEAR, round_themes

THEMES = yaml.safe_load((SNAPSHOT / "programmes" / f"{YEAR}.yml").read_text(encoding="utf-8"))
VIEWPOINTS = ["適合性", "具体性", "実効性", "継続性", "ストーリー・デザイン", "効果検証"]


def _cases() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]


def _known(v) -> bool:
    return bool(v) and not (isinstance(v, dict) and set(v) == {"unknown"})


def _main_budget(c: dict) -> dict:
    return max(c["rounds"], key=lambda r: r["fiscal_year"]).get("budget") or {}


def _viewpoints_if(c: dict, ok) -> dict[str, bool]:
    """The viewpoints whose fields pass `ok` (known: documented; written: documented or stated as not published)."""
    design, demo, funding = c.get("design") or {}, c.get("demonstration") or {}, c.get("funding") or {}
    kpis = c.get("kpis", [])
    return {
        "適合性": ok(c.get("vision")) and bool(c.get("plans")),
        "具体性": ok(design.get("architecture")) and (ok(design.get("data")) or ok((c.get("schedule") or {}).get("months"))),
        "実効性": ok(demo.get("content")) and ok(demo.get("method")) and any("target" in k for k in kpis),
        "継続性": ok(funding.get("approach")) and (ok(funding.get("long_term")) or ok(_main_budget(c).get("running_cost_per_year"))),
        "ストーリー・デザイン": bool(c.get("story")) and any(u.get("needs") and u.get("evidence") for u in c.get("users") or []),
        "効果検証": any(("target" in k or "target_text" in k) and k.get("timing") and k.get("method") for k in kpis),
    }


def _expected_viewpoints(c: dict) -> dict[str, str]:
    """あり when documented, 公開資料に記載なし when what is needed is written as not published, なし when not written."""
    documented, written = _viewpoints_if(c, _known), _viewpoints_if(c, bool)
    return {v: "あり" if documented[v] else "公開資料に記載なし" if written[v] else "なし" for v in VIEWPOINTS}


def _attainment(k: dict) -> str:
    if "target" not in k:
        return "数値目標なし"
    actuals = sorted(k.get("actuals") or [], key=lambda a: str(a["date"]))
    if not actuals:
        return "実績待ち"
    value = actuals[-1]["value"]
    met = value <= k["target"] if k.get("direction") == "減少" else value >= k["target"]
    return "達成" if met else "未達"


def _rows(html: str) -> list[list[str]]:
    table = html[html.index("<table>"):html.index("</table>")]
    return [[unescape(re.sub(r"<[^>]+>", "", td)).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_review_pages_show_the_viewpoints_each_case_documents(built_site: Path) -> None:
    for pillar in THEMES["pillars"]:
        for theme in pillar["themes"]:
            html = (built_site / "site" / "themes" / str(YEAR) / f"{theme['id']}-review" / "index.html").read_text(encoding="utf-8")
            rows = {r[0].removesuffix("（テーマは推定）").removesuffix("（サンプル）"): r for r in _rows(html)}
            cases = [c for c in _cases() if theme["id"] in round_themes(c, YEAR)]
            assert set(rows) == {c["title"] for c in cases}
            for c in cases:
                row = rows[c["title"]]
                expected = _expected_viewpoints(c)
                assert row[3:9] == [{"あり": "✓ あり", "なし": "– なし"}.get(expected[v], "? 公開資料に記載なし") for v in VIEWPOINTS], c["id"]  # icon and word, never colour alone
                kpis = c.get("kpis", [])
                targets = sum("target" in k for k in kpis)
                achieved = sum(_attainment(k) == "達成" for k in kpis)
                assert row[9] == (f"達成 {achieved}／{targets}（全 {len(kpis)}）" if kpis else "KPI なし")
            assert "判定のルール" in html and "サンプル" in html


def test_theme_kpi_totals(built_site: Path) -> None:
    for pillar in THEMES["pillars"]:
        for theme in pillar["themes"]:
            html = (built_site / "site" / "themes" / str(YEAR) / f"{theme['id']}-review" / "index.html").read_text(encoding="utf-8")
            kpis = [k for c in _cases() if theme["id"] in round_themes(c, YEAR, inferred=False) for k in c.get("kpis", [])]
            totals = html[html.index('id="テーマ全体の-kpi"'):]
            label, *row = _rows(totals)[0]
            assert label == "テーマが公表されている事例"  # inferred themes are counted apart (a row of their own)
            assert row == [str(len(kpis)), str(sum("target" in k for k in kpis)), str(sum(bool(k.get("actuals")) for k in kpis)),
                           str(sum(_attainment(k) == "達成" for k in kpis))]


def test_case_pages_state_kpi_attainment_in_words(built_site: Path) -> None:
    for c in _cases():
        html = (built_site / "site" / "cases" / c["id"] / "index.html").read_text(encoding="utf-8")
        if not c.get("kpis"):
            assert 'id="本格導入後の効果検証"' not in html  # no heading without content
            continue
        section = html[html.index('id="本格導入後の効果検証"'):]
        rows = _rows(section)
        assert [r[4].split(" ", 1)[-1] for r in rows[: len(c["kpis"])]] == [_attainment(k) for k in c["kpis"]], c["id"]
        # the same status as a badge with an icon and the word at the top of the page (never colour alone)
        for k in c["kpis"]:
            icon = {"達成": "✓", "未達": "✗", "実績待ち": "…"}.get(_attainment(k), "–")
            assert f"{icon} {_attainment(k)}</span> {k['name']}" in html, (c["id"], k["name"])


def test_related_cases_share_a_theme_or_technology(built_site: Path) -> None:
    cases = {c["title"]: c for c in _cases()}

    def tags(c: dict) -> set[str]:
        techs = set(c.get("technologies") or []) | {t for s in c.get("services") or [] for t in s.get("technologies") or []}
        return {t for r in c["rounds"] for t in round_themes(c, r["fiscal_year"])} | techs

    for c in cases.values():
        html = (built_site / "site" / "cases" / c["id"] / "index.html").read_text(encoding="utf-8")
        if 'id="関連する事例"' not in html:
            continue
        section = html[html.index('id="関連する事例"'):html.index('id="出典"')]
        titles = [unescape(t) for t in re.findall(r'<a href="\.\./[^"]+/">([^<]+)</a>', section)]
        assert 1 <= len(titles) <= 5 and c["title"] not in titles
        for t in titles:
            assert tags(cases[t]) & tags(c), (c["id"], t)


def test_lessons_are_shown_at_the_top(built_site: Path) -> None:
    for c in _cases():
        html = (built_site / "site" / "cases" / c["id"] / "index.html").read_text(encoding="utf-8")
        if (c.get("results") or {}).get("lessons"):
            box = html.index("cc-lessons")
            assert html.index('id="キーコンセプト"') < box < html.index('id="都市まちづくりのビジョン"')


def test_a_similar_challenge_moves_a_case_up() -> None:
    from generator.catalogue.model import link_related
    from generator.pipeline import Project, catalogue_from, context, validate

    project = Project(SNAPSHOT)
    ctx = context(project)
    catalogue = catalogue_from(project, validate(project, ctx=ctx), ctx)
    by_id = {c.id: c for c in catalogue.cases}
    target = by_id["sample-hamanasu-smartmeter"]
    before = [c.id for c in target.related]
    assert len(before) >= 2
    # give the last related case the target's own challenges: it must move up the list
    last = by_id[before[-1]]
    last.data["story"] = target.data["story"]
    link_related(catalogue.cases)
    after = [c.id for c in target.related]
    assert last.id in after and after.index(last.id) < before.index(last.id), (before, after)


def test_each_documented_viewpoint_links_to_its_section_and_the_table_is_also_csv(built_site: Path) -> None:
    import csv
    import io

    for pillar in THEMES["pillars"]:
        for theme in pillar["themes"]:
            html = (built_site / "site" / "themes" / str(YEAR) / f"{theme['id']}-review" / "index.html").read_text(encoding="utf-8")
            for case_id, anchor in re.findall(r'href="\.\./\.\./\.\./cases/([^/]+)/#([^"]+)">✓ あり', html):
                page = (built_site / "site" / "cases" / case_id / "index.html").read_text(encoding="utf-8")
                assert f'id="{anchor}"' in page, (case_id, anchor)  # the link lands on the section that documents it
            data = (built_site / "site" / "data" / "review" / f"{YEAR}-{theme['id']}.csv").read_bytes()
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
            cases = [c for c in _cases() if theme["id"] in round_themes(c, YEAR)]
            assert {r["事例ID"] for r in rows} == {c["id"] for c in cases}
            for r in rows:
                c = next(x for x in cases if x["id"] == r["事例ID"])
                assert [r[v] for v in VIEWPOINTS] == [_expected_viewpoints(c)[v] for v in VIEWPOINTS]


def test_a_theme_inferred_from_the_title_is_marked_and_counted_apart(built_site: Path) -> None:
    """sample-tsukimi-suitei names safety-security only as inferred: listed (never vanishes), marked, its KPIs apart."""
    import csv
    import io

    html = (built_site / "site" / "themes" / str(YEAR) / "safety-security-review" / "index.html").read_text(encoding="utf-8")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    guessed = [c for c in _cases() if "safety-security" in round_themes(c, YEAR) and "safety-security" not in round_themes(c, YEAR, inferred=False)]
    assert [c["id"] for c in guessed] == ["sample-tsukimi-suitei"]
    assert "つきみ台市 通学路の見守りカメラ （サンプル）（テーマは推定）" in text
    assert f"うち {len(guessed)} 件は、公表資料にテーマがなく" in text
    totals = _rows(html[html.index('id="テーマ全体の-kpi"'):])
    kpis = [k for c in guessed for k in c.get("kpis", [])]
    assert totals[1] == ["テーマが推定の事例", str(len(kpis)), str(sum("target" in k for k in kpis)), str(sum(bool(k.get("actuals")) for k in kpis)), "0"]
    rows = list(csv.DictReader(io.StringIO((built_site / "site" / "data" / "review" / f"{YEAR}-safety-security.csv").read_text(encoding="utf-8-sig"))))
    assert {r["事例ID"]: r["重点テーマの出典"] for r in rows}["sample-tsukimi-suitei"] == "推定（公表資料に記載なし）"
    assert {r["重点テーマの出典"] for r in rows if r["事例ID"] != "sample-tsukimi-suitei"} == {"公表資料"}


def test_a_round_whose_themes_are_unknown_is_listed_on_its_years_theme_page(built_site: Path) -> None:
    html = (built_site / "site" / "themes" / str(YEAR) / "index.html").read_text(encoding="utf-8")
    unknown = [c for c in _cases() for r in c["rounds"] if r["fiscal_year"] == YEAR and any(isinstance(t, dict) and "unknown" in t for t in r.get("themes", []))]
    assert [c["id"] for c in unknown] == ["sample-kiri-fumei"]
    part = html[html.index('id="重点テーマが公開資料に記載なしの事例"'):]
    assert all(f"cases/{c['id']}/" in part for c in unknown)


def test_the_review_grid_says_not_published_apart_from_not_written(built_site: Path) -> None:
    """sample-nagisa-jogen writes its vision as not published: 適合性 is 公開資料に記載なし, never the なし of a field not written."""
    import csv
    import io

    html = (built_site / "site" / "themes" / str(YEAR) / "infrastructure-management-review" / "index.html").read_text(encoding="utf-8")
    row = next(r for r in _rows(html) if r[0].startswith("なぎさ浜町 漁港の見える化"))
    assert row[3] == "? 公開資料に記載なし"  # 適合性: the vision is written as not published
    assert row[4] == "– なし"  # 具体性: no architecture written at all
    data = (built_site / "site" / "data" / "review" / f"{YEAR}-infrastructure-management.csv").read_bytes()
    mine = next(r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig"))) if r["事例ID"] == "sample-nagisa-jogen")
    assert (mine["適合性"], mine["具体性"]) == ("公開資料に記載なし", "なし")
