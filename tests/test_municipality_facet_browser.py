"""「自治体の種類」 narrows the finder, in real headless chromium (style of tests/test_search_browser.py).

The samples have no municipality codes (their type is 不明), so the site is the samples plus two real cases with
codes: 岐阜市 (a 中核市 in generator/data/city-types.yml) and 大阪市 (a 政令指定都市)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SNAPSHOT, copy_project, run_cli

pytestmark = pytest.mark.browser

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


def _status_count(page, n: int) -> None:
    page.wait_for_function("() => document.querySelector('#cc-status').textContent.startsWith('%d 件')" % n)


def _titles(page) -> set[str]:
    while page.locator("#cc-more").is_visible():
        shown = page.locator(".cc-result").count()
        page.click("#cc-more")
        page.wait_for_function(f"() => document.querySelectorAll('.cc-result').length > {shown}")
    return set(page.locator(".cc-result h2 a").all_inner_texts())


def test_the_municipality_type_narrows_the_finder(page, typed_site: str) -> None:
    page.goto(f"{typed_site}finder/")
    page.wait_for_selector("body[data-finder-ready=true]", timeout=15000)
    samples = {_title(p) for p in (SNAPSHOT / "cases").glob("*.yml")}
    real = {t: _title(ROOT / "cases" / f"{case_id}.yml") for case_id, t in REAL.items()}
    assert _titles(page) == samples | set(real.values())
    assert page.locator("label[for=cc-f-municipality]").inner_text() == "自治体の種類"
    shown = [v for v in page.locator("#cc-f-municipality option").evaluate_all("os => os.map(o => o.value)") if v]
    assert shown == ["政令指定都市", "中核市", "不明"]  # the declared order, 不明 last; only the values some case has
    for kind, title in real.items():
        page.select_option("#cc-f-municipality", kind)
        _status_count(page, 1)
        assert _titles(page) == {title}
        assert "municipality=" in page.url  # the selection is in the shared address
    page.select_option("#cc-f-municipality", "不明")
    _status_count(page, len(samples))
    assert _titles(page) == samples
    assert page.errors == []
