"""Pull-request feedback in Japanese, posted safely: the untrusted build only uploads the comment; a separate
workflow_run job with write permission posts or updates one comment and never checks out the pull request."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT, copy_project
from generator.pr_feedback import MARKER, PREVIEW_ARTIFACT, main

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_comment_job_is_a_workflow_run_with_only_the_permissions_it_needs() -> None:
    pr, post = _load("pull-request.yml"), _load("pr-comment.yml")
    assert post["on"] == {"workflow_run": {"workflows": [pr["name"]], "types": ["completed"]}}
    assert post["permissions"] == {}
    assert list(post["jobs"]) == ["comment"]
    job = post["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    uses = [s.get("uses", "") for s in job["steps"]]
    assert not any(u.startswith("actions/checkout") for u in uses)  # never the pull request's code
    assert "actions/download-artifact@v4" in uses
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "head.sha" in script and "PATCH" in script  # bound to the PR it was built from; updated, not repeated
    assert "${{" not in script


def test_pull_request_job_is_read_only_and_uploads_the_comment() -> None:
    pr = _load("pull-request.yml")
    assert set(pr["on"]) == {"pull_request"} and pr["permissions"] == {"contents": "read"}
    steps = pr["jobs"]["validate-test-build"]["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["name"] == "pr-feedback"]
    assert upload and upload[0]["if"] == "always()"
    assert any(s.get("with", {}).get("name") == PREVIEW_ARTIFACT for s in steps)


def test_issue_workflow_passes_the_body_as_data() -> None:
    flow = _load("issue-to-pr.yml")
    assert flow["on"] == {"issues": {"types": ["opened", "edited"]}} and flow["permissions"] == {}
    for job in flow["jobs"].values():
        for step in job["steps"]:
            assert "github.event.issue.body" not in step.get("run", "")  # only through env, never into the script
            assert "github.event.issue.title" not in step.get("run", "")
    assert flow["jobs"]["fix"]["permissions"] == {"contents": "read", "issues": "write"}
    assert "generator.issue_form case" in str(flow["jobs"]["submit"]) and "generator.issue_form fix" in str(flow["jobs"]["fix"])


def test_comment_has_summary_links_to_lines_and_the_preview_name(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    case = project / "cases" / "sample-asahino-rename.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("title: あさひ野市 駅前広場の人流データ活用", "title: ''"), encoding="utf-8")
    line = next(i for i, t in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("title:"))
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert main(["--repo", "smartcity-cases/catalogue", "--sha", sha, "--pr", "42", "--out", str(tmp_path / "out"), "--root", str(project)]) == 0
    text = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert text.startswith(MARKER) and "## 事例の検証結果" in text
    assert "エラー 1 件" in text
    link = f"https://github.com/smartcity-cases/catalogue/blob/{sha}/cases/sample-asahino-rename.yml#L{line}"
    assert f"]({link}): 「事業名（表示名）」(title) が空です" in text
    assert f"**{PREVIEW_ARTIFACT}**" in text
    assert (tmp_path / "out" / "pr-number").read_text() == "42\n"


def test_contributor_text_in_the_comment_stays_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    case = project / "cases" / "sample-asahino-rename.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("role: 代表", "role: '[x](https://e.jp) <b> @maint'"), encoding="utf-8")
    main(["--repo", "o/r", "--sha", "abcdef1", "--pr", "1", "--out", str(tmp_path / "out"), "--root", str(project)])
    text = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert '\\[x\\](https://e.jp) \\<b\\> @\u200bmaint' in text and '<b>' not in text
