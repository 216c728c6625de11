"""The statistics page's amounts, recomputed from the YAML with a reader of this test's own (not the generator's model)
and compared with the generated page: on the fictional samples and on the whole catalogue (the real cases).

Every exact amount counts wherever it sits (every round, not only the main one), each kind apart (事業費, 補助額,
an amount whose kind the sources do not give); what is left out is counted by reason.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import REAL_CASES, ROOT, copy_project, run_cli

KINDS = {"total": "事業費", "subsidy": "補助額", "unclassified": "総額か補助額か分からない金額"}
REASONS = {"approx": "約", "range": "幅", "unknown": "公開資料に記載なし", "unclassified": "総額か補助額か分からない金額だけ",
           "absent": "金額の記載なし"}


def _yen(text: str) -> int | None:
    """「1,500万円（15,000,000円）」, 「1億2,000万円」, 「28,222,222円」 → 円; 「—」 → None."""
    text = text.strip()
    if text == "—":
        return None
    exact = re.search(r"（([\d,]+)円）", text)
    if exact:
        return int(exact.group(1).replace(",", ""))
    m = re.fullmatch(r"(?:([\d,]+)億)?(?:([\d,]+)万)?([\d,]*)円", text)
    assert m, text
    oku, man, rest = (int(g.replace(",", "")) if g else 0 for g in m.groups())
    return oku * 100_000_000 + man * 10_000 + rest


def _kind(value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "exact"
    if "approx" in value:
        return "approx"
    if "min" in value:
        return "range"
    return "unknown" if "unknown" in value else None


def _read(folder: Path) -> list[dict]:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((folder / "cases").glob("*.yml"))]
    real = [c for c in cases if not c.get("sample")]
    return real or cases


def _titles(folder: Path) -> dict[int, dict[str, str]]:
    """Theme id and title → title, per programme year with themes."""
    out = {}
    for path in sorted((folder / "programmes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        themes = [t for p in data.get("pillars") or [] for t in p["themes"]]
        if themes:
            out[int(path.stem)] = {**{t["id"]: t["title"] for t in themes}, **{t["title"]: t["title"] for t in themes}}
    return out


def _sums(rounds: list[dict]) -> dict[str, dict]:
    """Per kind: count, cases, total, average, left out by reason (rounds as (case id, round) pairs)."""
    out = {}
    for key in KINDS:
        values = [(cid, (r.get("budget") or {}).get(key)) for cid, r in rounds]
        exact = [(cid, v) for cid, v in values if _kind(v) == "exact"]
        left: Counter = Counter()
        for cid, r in rounds:
            budget = r.get("budget") or {}
            kind = _kind(budget.get(key))
            if kind == "exact" or (key == "unclassified" and kind is None):
                continue
            if kind in ("approx", "range", "unknown"):
                left[kind] += 1
            elif key != "unclassified" and _kind(budget.get("unclassified")) is not None:
                left["unclassified"] += 1
            else:
                left["absent"] += 1
        total = sum(v for _, v in exact)
        out[key] = {"count": len(exact), "cases": len({cid for cid, _ in exact}), "total": total,
                    "average": total // len(exact) if exact else None, "left": dict(left)}
    return out


def _page(folder: Path) -> str:
    done = run_cli("generate", cwd=folder)
    assert done.returncode == 0, done.stderr
    return (folder / "docs" / "stats.md").read_text(encoding="utf-8")


def _compare(folder: Path) -> dict[str, dict]:
    cases = _read(folder)
    page = _page(folder)
    rounds = [(c["id"], r) for c in cases for r in c["rounds"]]
    sums = _sums(rounds)
    assert f"（{len(cases)} 件）" in page or f"{len(cases)} 件**で集計" in page
    assert f"（対象: {len(rounds)} 年度分）" in page
    money = page[page.index("## 経費"):]
    # the table of kinds: | 事業費 | 1 件 | 1 件 | 合計 | 平均 |
    for key, label in KINDS.items():
        row = re.search(rf"^\| {label} \| (\d+) 件 \| (\d+) 件 \| ([^|]+) \| ([^|]+) \|$", money, re.M)
        assert row, label
        want = sums[key]
        assert (int(row[1]), int(row[2]), _yen(row[3]), _yen(row[4])) == (want["count"], want["cases"], want["total"] if want["count"] else None, want["average"]), label
        listed = re.search(rf"^- {label}: (.*)$", money, re.M)
        said = dict((w, int(n)) for w, n in re.findall(r"([^、]+?) (\d+) 件", listed[1])) if listed else {}
        assert said == {REASONS[k]: n for k, n in want["left"].items()}, label
    left_total = sum(n for s in sums.values() for n in s["left"].values())
    if left_total:
        assert f"のべ {left_total} 件" in money
    # the breakdown: per fiscal year (every round of that year), and per main theme of each themed year
    titles = _titles(folder)
    groups: dict[str, list] = {}
    for y in sorted({r["fiscal_year"] for _, r in rounds}):
        groups[f"{y}年度の全事例"] = [(cid, r) for cid, r in rounds if r["fiscal_year"] == y]
    for cid, r in rounds:
        # a theme is written by id or title, or inferred ({theme: …, inferred: …}); an unknown names none
        themes = [t if isinstance(t, str) else t.get("theme") for t in r.get("themes") or []]
        themes = [t for t in themes if t is not None]
        if themes and r["fiscal_year"] in titles and themes[0] in titles[r["fiscal_year"]]:
            groups.setdefault(f"{r['fiscal_year']}年度 {titles[r['fiscal_year']][themes[0]]}（主テーマ）", []).append((cid, r))
    rows = dict(re.findall(r"^\| (\d{4}年度[^|]*?) \|(.*)\|$", money, re.M))
    assert set(rows) == set(groups)
    for label, of in groups.items():
        cells = [c.strip() for c in rows[label].split("|")]
        want = _sums(of)
        for cell, key in zip(cells, KINDS):
            if want[key]["count"]:
                m = re.fullmatch(r"(\d+) 件・(.+)（平均 (.+)）", cell)
                assert m, (label, cell)
                assert (int(m[1]), _yen(m[2]), _yen(m[3])) == (want[key]["count"], want[key]["total"], want[key]["average"]), (label, key)
            else:
                assert cell == "—", (label, key)
        assert cells[3] == f"{sum(n for s in want.values() for n in s['left'].values())} 件", label
    assert not re.search(r"(?<![\d,])0(万円|円)", money)  # never a 0 total or average: 「—」 when nothing exact is published
    _compare_member_kinds(cases, page)
    return sums


def _compare_member_kinds(cases: list[dict], page: str) -> None:
    """構成員の種別: each case once per kind of its members; a kind written {other: 記述} counts as その他, members
    not published (or not written) as 不明, apart."""
    want: Counter = Counter()
    for c in cases:
        members = (c.get("consortium") or {}).get("members") or []
        kinds = {m["kind"] if isinstance(m["kind"], str) else "その他" for m in members} if members else {"不明"}
        want.update(kinds)
    table = page[page.index('id="table-member"'):]
    table = table[:table.index("</table>")]
    said = {k: int(n) for k, n in re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', table)}
    assert {k: n for k, n in said.items() if n} == dict(want)


def test_the_samples_statistics_recomputed_from_the_yaml(tmp_path: Path) -> None:
    sums = _compare(copy_project(tmp_path / "project"))
    assert sums["total"]["count"] > 1 and sums["unclassified"]["count"] >= 1  # the samples cover several kinds
    kinds = [m["kind"] for c in _read(tmp_path / "project") for m in (c.get("consortium") or {}).get("members") or []]
    assert {"other": "商工会議所"} in kinds  # the samples cover a kind the list lacks (counted as その他 above)


@pytest.mark.skipif(not REAL_CASES, reason="no real case yet")
def test_the_real_statistics_recomputed_from_the_yaml(tmp_path: Path) -> None:
    target = tmp_path / "real"
    target.mkdir()
    for part in ("mkdocs.yml", "cases", "programmes", "docs", "overrides"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target / part)
    sums = _compare(target)
    # a real case publishes an exact subsidy in a round other than its main one: it is counted, never 0
    assert sums["subsidy"]["count"] >= 1 and sums["subsidy"]["total"] > 0
