"""The statistics page: counted here independently; samples excluded once real cases exist."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import yaml

from conftest import run_cli


def _table(html: str, table_id: str) -> dict[str, int]:
    table = html[html.index(f'id="table-{table_id}"'):]
    table = table[: table.index("</table>")]
    return {unescape(k): int(v) for k, v in re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table)}


def _make_real(project: Path, source: str, new_id: str, code: str) -> dict:
    """A non-sample copy of a sample, only inside the temporary test project (never published)."""
    data = yaml.safe_load((project / "cases" / f"{source}.yml").read_text(encoding="utf-8"))
    data.update(id=new_id, title=data["title"] + "（試験用）")
    data.pop("sample")
    data.pop("key_visual", None)
    data["municipalities"] = [dict(data["municipalities"][0], code=code)]
    (project / "cases" / f"{new_id}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return data


def test_statistics_exclude_samples(project: Path) -> None:
    real = [_make_real(project, "sample-yukimino-josetsu", "test-real-one", "152021"),  # 新潟県の市のコード（検査数字が正しい）
            _make_real(project, "sample-ekimae-jinryu", "test-real-two", "232017")]  # 愛知県の市のコード
    for d, pref in zip(real, ["新潟県", "愛知県"]):
        d["municipalities"][0]["prefecture"] = pref
    done = run_cli("generate", cwd=project)
    assert done.returncode == 0, done.stderr
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例（架空の事例）は含めていません" in html
    assert _table(html, "subsidy") == {k: sum(d["subsidy_type"] == k for d in real) for k in ("通常タイプ", "都市サービス実装タイプ")}
    stages = Counter(d["stage"] for d in real)
    assert _table(html, "stage") == {s: stages[s] for s in ("構想・調査", "実証", "実装", "横展開")}
    assert _table(html, "prefecture") == dict(Counter(d["municipalities"][0]["prefecture"] for d in real))
    total = sum(d["budget"]["total"] for d in real)
    assert f"{total // 10_000:,}万円" in html


def test_statistics_with_samples_only_say_so(built_site: Path) -> None:
    html = (built_site / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "サンプル事例による表示例" in html
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((built_site / "cases").glob("*.yml"))]
    themes = yaml.safe_load((built_site / "themes" / "2024.yml").read_text(encoding="utf-8"))
    titles = {t["id"]: t["title"] for p in themes["pillars"] for t in p["themes"]}
    primary = Counter(titles[c["themes"][0]] for c in cases)
    assert _table(html, "theme-2024") == {t: primary[t] for t in titles.values()}
    assert html.count('<svg class="cc-chart" role="img"') == 4
