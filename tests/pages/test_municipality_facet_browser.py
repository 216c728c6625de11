"""「自治体の種類」 narrows the finder, in real headless chromium (style of tests/pages/test_search_browser.py).

The samples have no municipality codes (their type is 不明), so the site is the samples plus two real cases with
codes: 岐阜市 (a 中核市 in generator/data/city-types.yml) and 大阪市 (a 政令指定都市)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SNAPSHOT, copy_project, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.build]  # builds its own site (two real cases beside the samples)

REAL = {"gifu-kenko-mobility": "中核市", "osaka-umekita-smartcity": "政令指定都市"}


def _title(path: Path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["title"]


@pytest.fixture(scope="module")
def typed_site(tmp_path_factory: pytest.TempPathFactory, site_for) -> str:
    root = copy_project(tmp_path_factory.mktemp("municipality-types") / "project")
    for case_id in REAL:
        shutil.copy2(ROOT / "cases" / f"{case_id}.yml", root / "cases")
    done = run_cli("build", cwd=root)
    assert done.returncode == 0, done.stderr
    return site_for(root / "site")


def _runs(page) -> int:
    return int(page.evaluate("() => document.body.dataset.finderRuns || '0'"))


def _status_count(page, n: int, before: int) -> None:
    """Wait for the answer after `before` (finder.js counts its answers), then check its count."""
    page.wait_for_function("b => Number(document.body.dataset.finderRuns || 0) > b", arg=before)
    assert page.inner_text("#cc-status").startswith(f"{n} 件") or f" {n} 件見つかりました" in page.inner_text("#cc-status")


def _titles(page) -> set[str]:
    while page.locator("#cc-more").is_visible():
        shown = page.locator(".cc-result").count()
        page.click("#cc-more")
        page.wait_for_function(f"() => document.querySelectorAll('.cc-result').length > {shown}")
    return set(page.locator(".cc-result h2 a").all_inner_texts())


def test_the_municipality_type_narrows_the_finder(page, typed_site: str) -> None:
    page.goto(f"{typed_site}finder/?samples=show")  # the samples (type 不明) are shown by the switch
    page.wait_for_selector("body[data-finder-ready=true]", timeout=15000)
    samples = {_title(p) for p in (SNAPSHOT / "cases").glob("*.yml")}
    real = {t: _title(ROOT / "cases" / f"{case_id}.yml") for case_id, t in REAL.items()}
    assert _titles(page) == samples | set(real.values())
    assert page.locator("label[for=cc-f-municipality]").inner_text() == "自治体の種類"
    shown = [v for v in page.locator("#cc-f-municipality option").evaluate_all("os => os.map(o => o.value)") if v]
    assert shown == ["政令指定都市", "中核市", "不明"]  # the declared order, 不明 last; only the values some case has
    for kind, title in real.items():
        before = _runs(page)
        page.select_option("#cc-f-municipality", kind)
        _status_count(page, 1, before)
        assert _titles(page) == {title}
        assert "municipality=" in page.url  # the selection is in the shared address
    before = _runs(page)
    page.select_option("#cc-f-municipality", "不明")
    _status_count(page, len(samples), before)
    assert _titles(page) == samples
    assert page.errors == []


def test_samples_stay_out_until_the_reader_asks_for_them(page, typed_site: str) -> None:
    """Once real cases exist the finder lists them alone; the visible switch adds the samples, and the address keeps it."""
    page.goto(f"{typed_site}finder/")
    page.wait_for_selector("body[data-finder-ready=true]", timeout=15000)
    samples = {_title(p) for p in (SNAPSHOT / "cases").glob("*.yml")}
    real = {_title(ROOT / "cases" / f"{case_id}.yml") for case_id in REAL}
    assert _titles(page) == real
    assert f"サンプル（説明のための架空の事例 {len(samples)} 件）も表示する" in page.inner_text(".cc-finder__samples")
    page.fill("#cc-q", "見守り")
    page.wait_for_function("() => document.body.dataset.finderAnswered === '見守り'")
    assert _titles(page) <= real  # a keyword never brings the samples back
    page.fill("#cc-q", "")
    page.wait_for_function("() => document.body.dataset.finderAnswered === ''")
    before = _runs(page)
    page.check("#cc-samples")
    _status_count(page, len(samples | real), before)
    assert "samples=show" in page.url
    assert _titles(page) == samples | real
    assert page.errors == []
