"""The submit job of .github/workflows/issue-to-pr.yml, run step by step as the runner would: its own `run:`
scripts (bash -eo pipefail), its `if:` conditions and `env:` expressions, against a local bare repository as
`origin` and a stub `gh` that records what would be sent to GitHub. Three runs on saved `issues` events:
opened → a branch and a pull request; edited → a new commit on top and a comment; the same body again →
no commit, no token minted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project

EVENTS = ROOT / "tests" / "fixtures" / "events"
PR_URL = "https://github.com/smartcity-cases/catalogue/pull/61"
STUB = r'''#!PYTHON
"""gh, as far as the workflow uses it: logs each call and the files it sends."""
import json, os, shutil, sys
log = os.environ["GH_LOG"]
n = len(os.listdir(log))
call = {"args": sys.argv[1:], "token": os.environ.get("GH_TOKEN", "")}
if "--body-file" in sys.argv:
    call["body"] = open(sys.argv[sys.argv.index("--body-file") + 1], encoding="utf-8").read()
json.dump(call, open(os.path.join(log, f"{n:03}.json"), "w", encoding="utf-8"), ensure_ascii=False)
if sys.argv[1:3] == ["pr", "list"]:
    sys.stdout.write(open(os.environ["GH_PRS"], encoding="utf-8").read())
elif sys.argv[1:3] == ["pr", "create"]:
    print("Creating pull request for issue-57 into main\n")
    print("https://github.com/smartcity-cases/catalogue/pull/61")
elif sys.argv[1:3] == ["issue", "comment"] and "--edit-last" in sys.argv:
    sys.exit(1)  # no earlier comment to edit: the workflow then posts a new one
'''


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    """origin (bare), a checkout of main with the project and .venv, a stub gh on PATH."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    seed = copy_project(tmp_path / "seed")
    shutil.copy2(ROOT / ".gitignore", seed / ".gitignore")
    git(seed, "init", "--quiet", "--initial-branch=main")
    git(seed, "add", ".")
    git(seed, "-c", "user.name=m", "-c", "user.email=m@example.jp", "commit", "--quiet", "-m", "main")
    git(seed, "push", "--quiet", str(origin), "main")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "gh").write_text(STUB.replace("PYTHON", sys.executable), encoding="utf-8")
    (bin_ / "gh").chmod(0o755)
    return {"tmp": tmp_path, "origin": origin, "bin": bin_}


def expression(expr: str, ctx: dict[str, str]) -> str:
    """The `${{ … }}` of the submit job's env and if: a closed table, so a new expression makes the test say so."""
    expr = expr.strip()
    if expr in ctx:
        return ctx[expr]
    raise AssertionError(f"expression not known to the test: {expr}")


def run_job(world: dict[str, Path], event_name: str, prs: list[dict], run: str) -> tuple[list[dict], str]:
    """One run of the submit job. Returns the gh calls and the issue comment's body."""
    tmp = world["tmp"]
    work, temp, log = tmp / f"{run}-work", tmp / f"{run}-temp", tmp / f"{run}-gh"
    for d in (temp, log):
        d.mkdir()
    git(tmp, "clone", "--quiet", "--depth=1", f"file://{world['origin']}", str(work))  # actions/checkout, no token kept
    (work / ".venv").symlink_to(ROOT / ".venv")  # the install step's result
    event = json.loads((EVENTS / f"{event_name}.json").read_text(encoding="utf-8"))
    (temp / "event.json").write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    (temp / "prs.json").write_text(json.dumps(prs), encoding="utf-8")
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "issue-to-pr.yml").read_text(encoding="utf-8"))
    outputs: dict[str, dict[str, str]] = {}
    outcomes: dict[str, str] = {}
    ctx = {"secrets.GITHUB_TOKEN": "github-token", "github.repository": "smartcity-cases/catalogue",
           "github.event.issue.number": str(event["issue"]["number"]), "github.event.issue.body": event["issue"]["body"],
           "secrets.CATALOGUE_APP_ID": "12345", "secrets.CATALOGUE_APP_PRIVATE_KEY": "key",
           "github.event.repository.name": "catalogue", "always()": "true", "success()": "true"}
    for step in flow["jobs"]["submit"]["steps"]:
        for sid, out in outputs.items():
            ctx.update({f"steps.{sid}.outputs.{k}": v for k, v in out.items()})
        for sid in ("convert", "plan", "app", "push"):
            ctx.setdefault(f"steps.{sid}.outputs.token", "")
            ctx.setdefault(f"steps.{sid}.outputs.remote", "")
            ctx[f"steps.{sid}.outcome"] = outcomes.get(sid, "skipped")
        cond = step.get("if", "success()")
        match = re.fullmatch(r"(.+?) == '(.*)'", cond)
        if (match and expression(match.group(1), ctx) != match.group(2)) or (not match and expression(cond, ctx) != "true"):
            continue
        uses = step.get("uses", "")
        if uses.startswith("actions/create-github-app-token@"):
            outputs[step["id"]], outcomes[step["id"]] = {"token": "app-token"}, "success"
            continue
        if uses or step["run"].startswith("python -m venv .venv\n"):
            continue  # checkout, setup-python and the install: done above (a clone, this Python's .venv)
        env = {k: re.sub(r"\$\{\{(.+?)\}\}", lambda m: expression(m.group(1), ctx), str(v)) for k, v in step.get("env", {}).items()}
        output = temp / f"output-{len(outcomes)}"
        output.touch()
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=work, capture_output=True, text=True,
                              env={"PATH": f"{world['bin']}:{os.environ['PATH']}", "HOME": str(tmp), "RUNNER_TEMP": str(temp),
                                   "GITHUB_EVENT_PATH": str(temp / "event.json"), "GITHUB_OUTPUT": str(output),
                                   "GH_LOG": str(log), "GH_PRS": str(temp / "prs.json"), **env})
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout}{done.stderr}"
        if "id" in step:
            outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
            outcomes[step["id"]] = "success"
    calls = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(log.iterdir())]
    comment = next(c["body"] for c in calls if c["args"][:2] == ["issue", "comment"] and "--edit-last" not in c["args"])
    return calls, comment


def test_the_submit_job_opens_then_adds_a_commit_on_top_then_does_nothing(world: dict[str, Path]) -> None:
    origin, path = world["origin"], "cases/chiyoda-ekimae-data.yml"
    calls, comment = run_job(world, "issues-opened", [], "run1")
    first = git(origin, "rev-parse", "issue-57")
    create = next(c for c in calls if c["args"][:2] == ["pr", "create"])
    assert create["token"] == "app-token" and "Closes #57" in create["body"]  # an App token: the PR's own checks start
    assert create["args"][create["args"].index("--title") + 1] == f"事例の追加: {path}（issue #57）"
    assert f"プルリクエスト: {PR_URL}" in comment and "検証を通りました" in comment
    assert next(c for c in calls if c["args"][:2] == ["issue", "comment"])["token"] == "github-token"

    ours = [{"number": 61, "state": "OPEN", "url": PR_URL, "isCrossRepository": False}]
    calls, comment = run_job(world, "issues-edited-body", ours, "run2")
    assert git(origin, "rev-parse", "issue-57^") == first  # a new commit on top, the first one kept
    assert "stage: 実装" in git(origin, "show", f"issue-57:{path}")
    note = next(c for c in calls if c["args"][:2] == ["pr", "comment"])
    assert note["args"][2] == PR_URL and note["token"] == "app-token" and "- `stage`: `実証` → `実装`" in note["body"]
    assert not any(c["args"][:2] == ["pr", "create"] for c in calls)
    assert "新しいコミットとして追加しました" in comment

    second = git(origin, "rev-parse", "issue-57")
    calls, comment = run_job(world, "issues-edited-body", ours, "run3")
    assert git(origin, "rev-parse", "issue-57") == second
    assert [c["args"][:2] for c in calls if c["args"][0] == "pr"] == [["pr", "list"]]  # no create, no comment, no App token minted
    assert "コミットはしていません" in comment
