"""Programme years are data: a new fiscal year (its programme, rules and themes) is one YAML file, no code."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import run_cli, sample_data

NEXT_YEAR = """fiscal_year: 2025
label: 令和7年度
pillars:
  - id: safety
    title: 住民の生命を守る
    themes:
      - id: heat-safety
        title: 暑熱対策の高度化
        description: 試験用のテーマ
        examples: [暑さ指数の配信]
"""


def test_a_new_year_is_a_data_only_change(project: Path) -> None:
    (project / "programmes" / "2025.yml").write_text(NEXT_YEAR, encoding="utf-8")
    data = sample_data()
    data.update(id="next-year-case")
    data.pop("sample")  # a real case: theme pages list real cases only once the catalogue has one
    data.update(title="来年度の架空の事業", contact={"department": "テスト課"})  # no example address, no near-duplicate title
    data["rounds"] = [{"fiscal_year": 2025, "themes": ["heat-safety"]}]
    (project / "cases" / "next-year-case.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = run_cli("generate", cwd=project)
    assert done.returncode == 0, done.stderr
    page = (project / "docs" / "themes" / "2025" / "heat-safety.md").read_text(encoding="utf-8")
    assert "next-year-case" in page
    assert "themes/2025/heat-safety.md" in (project / "docs" / "SUMMARY.md").read_text(encoding="utf-8")


def test_a_case_names_themes_of_its_own_year(project: Path) -> None:
    (project / "programmes" / "2025.yml").write_text(NEXT_YEAR, encoding="utf-8")
    data = sample_data()
    data.update(id="wrong-year-theme")
    data["rounds"][-1]["fiscal_year"] = 2025  # keeps the 2024 theme safety-security
    (project / "cases" / "wrong-year-theme.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = run_cli("validate", cwd=project)
    assert done.returncode == 1
    assert "safety-security" in done.stderr and "2025 年度にありません" in done.stderr


def test_a_broken_theme_file_is_explained(project: Path) -> None:
    (project / "programmes" / "2025.yml").write_text("fiscal_year: 2025\nlabel: 令和7年度\npillars:\n  - id: x\n    title: 柱\n", encoding="utf-8")
    done = run_cli("validate", cwd=project)
    assert done.returncode == 1
    assert "programmes/2025.yml:1:1: エラー: 年度のファイルに項目「themes」がありません" in done.stderr
    assert "Traceback" not in done.stderr and "KeyError" not in done.stderr
