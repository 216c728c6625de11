"""The statistics page: counted here independently; samples excluded once real cases exist."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import yaml

from conftest import run_cli
from generator.refdata import STAGES, SUBSIDY_TYPES


def _table(html: str, table_id: str) -> dict[str, int]:
    table = html[html.index(f'id="table-{table_id}"'):]
    table = table[: table.index("</table>")]
    return {unescape(k): int(v) for k, v in re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table)}


def _make_real(project: Path, source: str, new_id: str, code: str, prefecture: str) -> dict:
    """A non-sample copy of a sample, only inside the temporary test project (never published)."""
    data = yaml.safe_load((project / "cases" / f"{source}.yml").read_text(encoding="utf-8"))
    data.update(id=new_id, title=data["title"] + "（試験用）")
    data.pop("sample")
    data.pop("key_visual", None)
    data["municipalities"] = [dict(data["municipalities"][0], code=code, prefecture=prefecture)]
    (project / "cases" / f"{new_id}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return data


def test_statistics_exclude_samples(project: Path) -> None:
    # Prefectures other than the samples' own, so the prefecture table can only match if it counts real cases.
    real = [_make_real(project, "sample-yukimino-josetsu", "test-real-one", "202011", "長野県"),  # 長野市（検査数字が正しい）
            _make_real(project, "sample-ekimae-jinryu", "test-real-two", "342025", "広島県")]  # 呉市
    done = run_cli("generate", cwd=project)
    assert done.returncode == 0, done.stderr
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例（架空の事例）は含めていません" in html
    assert _table(html, "subsidy") == {k: sum(d["subsidy_type"] == k for d in real) for k in SUBSIDY_TYPES}
    stages = Counter(d["stage"] for d in real)
    assert _table(html, "stage") == {s: stages[s] for s in STAGES}
    assert _table(html, "prefecture") == dict(Counter(d["municipalities"][0]["prefecture"] for d in real))
    total = sum(d["budget"]["total"] for d in real)
    assert f"{total // 10_000:,}万円" in html


def test_statistics_with_samples_only_say_so(built_site: Path) -> None:
    html = (built_site / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例による表示例" in html
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((built_site / "cases").glob("*.yml"))]
    years = sorted({c["fiscal_year"] for c in cases})
    for year in years:
        themes = yaml.safe_load((built_site / "themes" / f"{year}.yml").read_text(encoding="utf-8"))
        titles = {t["id"]: t["title"] for p in themes["pillars"] for t in p["themes"]}
        primary = Counter(titles[c["themes"][0]] for c in cases if c["fiscal_year"] == year)
        assert _table(html, f"theme-{year}") == {t: primary[t] for t in titles.values()}
    # one chart per table: the theme tables of each year, prefecture, subsidy type, stage
    assert html.count('<svg class="cc-chart" role="img"') == len(set(re.findall(r'id="table-([a-z0-9-]+)"', html))) == len(years) + 3
