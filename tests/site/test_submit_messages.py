"""The submit form's Japanese messages (docs/assets/submit/explain.js) say the CLI's words for the same mistake.

Runs the form's own module in node (no browser) on the same data `catalogue validate` reads.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES, copy_project, run_cli
from submit_mistakes import MISTAKES, mistaken

SCHEMA = ROOT / "generator" / "schema" / "case.schema.json"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<level>エラー|警告): (?P<message>.*)$")


def form_messages(cases: list[dict]) -> list[list[dict]]:
    if shutil.which("node") is None:
        pytest.fail("node is needed for the form's messages")
    done = subprocess.run(["node", "tests/submit_explain.mjs", str(SCHEMA)], cwd=ROOT, input=json.dumps(cases, ensure_ascii=False),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cli_messages(project: Path, data: dict, name: str) -> list[str]:
    file = project / "cases" / f"{name}.yml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_cli("validate", f"cases/{name}.yml", cwd=project)
    file.unlink()
    return [m["message"] for line in (done.stdout + done.stderr).splitlines() if (m := LINE.match(line)) and m["level"] == "エラー"]


@pytest.fixture(scope="module")
def base() -> dict:
    return yaml.safe_load((ROOT / "cases" / "sample-hoshizora-seika.yml").read_text(encoding="utf-8"))


def test_valid_samples_have_no_form_messages() -> None:
    samples = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SAMPLES]
    assert form_messages(samples) == [[] for _ in samples]


def test_each_mistake_gets_the_clis_words_in_the_form(tmp_path: Path, base: dict) -> None:
    project = copy_project(tmp_path / "project")
    assert len(MISTAKES) >= 10
    broken = [mistaken(base, m) for m in MISTAKES]
    form = form_messages(broken)
    for mistake, data, problems in zip(MISTAKES, broken, form):
        cli = cli_messages(project, data, base["id"])
        said = [p["message"] for p in problems]
        assert any(mistake.words in m for m in cli), (mistake.name, cli)
        assert any(mistake.words in m for m in said), (mistake.name, said)
        # every schema message the form gives is, word for word, one the CLI gives for the same file
        assert set(said) <= set(cli), (mistake.name, set(said) - set(cli))
