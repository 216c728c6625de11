"""The real cases: entered from published sources, every fact with its source, validated like any contribution.

The rest of the suite runs on the fictional samples (conftest removes the real cases from its project); this
file checks the real ones in a copy of the whole catalogue.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REAL_CASES, ROOT, run_cli
from generator.text import CHOOSE, PLACEHOLDER

pytestmark = pytest.mark.skipif(not REAL_CASES, reason="no real case yet")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("real") / "project"
    target.mkdir()
    for part in ("mkdocs.yml", "cases", "programmes", "docs", "overrides"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target / part)
    return target


def test_real_cases_validate_without_error(catalogue: Path) -> None:
    done = run_cli("validate", cwd=catalogue)
    assert done.returncode == 0, done.stderr
    assert " エラー: " not in done.stderr


@pytest.mark.parametrize("path", REAL_CASES, ids=[p.stem for p in REAL_CASES])
def test_a_real_case_says_where_every_fact_comes_from(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "sample" not in data and not data["id"].startswith("sample-")
    assert data["provenance"]["entered_by"] in ("カタログ（公開資料から）", "自治体", "コンソーシアム")
    assert PLACEHOLDER not in text and CHOOSE not in text
    ids = {s["id"] for s in data["sources"]}
    for source in data["sources"]:
        assert source.get("url", "").startswith(("http://", "https://")), source["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(source.get("seen", ""))), source["id"]
        assert source.get("publisher"), source["id"]
    for rnd in data["rounds"]:  # every round (its year, programme and amounts) names a source that exists
        refs = rnd.get("source") or (rnd.get("budget") or {}).get("source")
        assert refs, (data["id"], rnd["fiscal_year"])
        assert set([refs] if isinstance(refs, str) else refs) <= ids
    for municipality in data["municipalities"]:
        assert re.fullmatch(r"\d{6}", str(municipality.get("code", ""))), municipality


def test_the_real_catalogue_generates(catalogue: Path) -> None:
    done = run_cli("generate", cwd=catalogue)
    assert done.returncode == 0, done.stderr
    for path in REAL_CASES:
        assert (catalogue / "docs" / "cases" / f"{path.stem}.md").is_file()
