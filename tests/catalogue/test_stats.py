"""The statistics page: counted here independently; samples excluded once real cases exist; unknowns as 不明."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import THEME_FILES, run_cli


def _table(html: str, table_id: str) -> dict[str, int]:
    table = html[html.index(f'id="table-{table_id}"'):]
    table = table[: table.index("</table>")]
    return {unescape(k): int(v) for k, v in re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table)}


def _make_real(project: Path, source: str, new_id: str, code: str, prefecture: str, city: str) -> dict:
    """A non-sample copy of a sample, only inside the temporary test project (never published)."""
    data = yaml.safe_load((project / "cases" / f"{source}.yml").read_text(encoding="utf-8"))
    data.update(id=new_id, title=data["title"] + "（試験用）")
    data.pop("sample")
    data.pop("key_visual", None)
    data.pop("contact", None)
    data["municipalities"] = [dict(data["municipalities"][0], code=code, prefecture=prefecture, name=city)]
    data["sources"] = [{"id": "s1", "title": "試験用の資料（テストの一時フォルダの中だけ）"}]
    _write(project, data)
    return data


def _write(project: Path, data: dict) -> None:
    (project / "cases" / f"{data['id']}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _main(d: dict) -> dict:
    """The round a page mainly describes: fiscal_year if the case names one, else the latest."""
    if "fiscal_year" in d:
        return next(r for r in d["rounds"] if r["fiscal_year"] == d["fiscal_year"])
    return max(d["rounds"], key=lambda r: r["fiscal_year"])


@pytest.mark.build
def test_statistics_exclude_samples_and_count_unknowns(project: Path) -> None:
    # Prefectures other than the samples' own, so the prefecture table can only match if it counts real cases.
    real = [_make_real(project, "sample-yukimino-josetsu", "test-real-one", "202011", "長野県", "長野市"),
            _make_real(project, "sample-ekimae-jinryu", "test-real-two", "342025", "広島県", "呉市")]
    real[1]["stage"] = {"unknown": "公開資料に記載なし"}
    _main(real[1])["type"] = {"unknown": "公開資料に記載なし"}
    _main(real[1])["budget"]["total"] = {"approx": 500_000_000}
    real[1]["design"]["plateau"] = {"used": {"unknown": "公開資料に記載なし"}}
    _write(project, real[1])
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例（架空の事例）は含めていません" in html

    def label(v):
        return "不明" if isinstance(v, dict) else v

    assert _table(html, "subsidy") == dict(Counter(label(_main(d).get("type")) for d in real))
    stages = Counter(label(d["stage"]) for d in real)
    assert _table(html, "stage") == {s: stages[s] for s in ("構想・調査", "実証", "実装", "横展開")} | {"不明": 1}
    assert _table(html, "prefecture") == {"長野県": 1, "広島県": 1}
    plateau = Counter("不明" if isinstance(d["design"]["plateau"]["used"], dict) else "活用あり" if d["design"]["plateau"]["used"] else "活用なし" for d in real)
    assert {k: v for k, v in _table(html, "plateau").items() if v} == dict(plateau)
    exact = [_main(d)["budget"]["total"] for d in real if isinstance(_main(d)["budget"]["total"], int)]
    assert exact == [_main(real[0])["budget"]["total"]]  # 約5億円 is left out of the totals, and the page says so
    assert f"{sum(exact) // 10_000:,}万円" in html
    assert "<li>事業費: 約 1 件</li>" in html  # left out, with the reason
    # samples never count in real totals and listings once a real case exists
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "掲載している事例: <strong>2 件</strong>" in home and "架空のサンプル" in home
    for d in real:
        for theme in _main(d).get("themes", []):
            page = (project / "site" / "themes" / str(_main(d)["fiscal_year"]) / theme / "index.html").read_text(encoding="utf-8")
            assert set(re.findall(r'cases/([^/"]+)/"', page)) <= {r["id"] for r in real}, theme
        case_page = (project / "site" / "cases" / d["id"] / "index.html").read_text(encoding="utf-8")
        if 'id="関連する事例"' in case_page:
            related = case_page[case_page.index('id="関連する事例"'):case_page.index('id="出典"')]
            assert "sample-" not in related and "（サンプル）" not in related


def test_statistics_with_samples_only_say_so(built_site: Path) -> None:
    html = (built_site / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例による表示例" in html
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((built_site / "cases").glob("*.yml"))]
    for path in THEME_FILES:
        year = int(path.stem)
        themes = yaml.safe_load(path.read_text(encoding="utf-8"))
        titles = {t["id"]: t["title"] for p in themes["pillars"] for t in p["themes"]}
        of_year = [_main(c) for c in cases if _main(c)["fiscal_year"] == year]
        written = [[t if isinstance(t, str) else t["theme"] for t in r.get("themes", []) if isinstance(t, str) or "theme" in t] for r in of_year]
        primary = Counter(titles[t[0]] for t in written if t)  # an inferred theme counts where it is; an unknown names none
        unknown = sum(any(isinstance(t, dict) and "unknown" in t for t in r.get("themes", [])) for r in of_year)
        assert _table(html, f"theme-{year}") == {t: primary[t] for t in titles.values()} | ({"不明": unknown} if unknown else {})
    tables = set(re.findall(r'id="table-([a-z0-9-]+)"', html))
    assert html.count('<svg class="cc-chart" role="img"') == len(tables)  # one chart per table


def test_technology_and_kpi_breakdowns_are_recounted(built_site: Path) -> None:
    html = (built_site / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((built_site / "cases").glob("*.yml"))]
    techs: Counter = Counter()
    for c in cases:
        tags = list(c.get("technologies", []))
        tags += [t for s in c.get("services", []) for t in s.get("technologies", []) if t not in tags]
        techs.update(dict.fromkeys(tags, 1))
    top = dict(sorted(techs.items(), key=lambda kv: (-kv[1], kv[0]))[:15])
    assert _table(html, "tech") == top
    assert _table(html, "kpi-none") == {"KPI なし": sum(not c.get("kpis") for c in cases), "KPI あり": sum(bool(c.get("kpis")) for c in cases)}
    assert sum(_table(html, "kpi").values()) == sum(len(c.get("kpis", [])) for c in cases)
    # labels are never cut: every theme title is in the chart's text in full (wrapped over lines)
    svg_text = re.sub(r"<[^>]+>", "", "".join(re.findall(r'<svg class="cc-chart".*?</svg>', html, re.S)))
    for path in THEME_FILES:
        for p in yaml.safe_load(path.read_text(encoding="utf-8"))["pillars"]:
            for t in p["themes"]:
                assert unescape(t["title"]) in unescape(svg_text), t["title"]
