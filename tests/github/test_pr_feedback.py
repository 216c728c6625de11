"""Pull-request feedback in Japanese, posted safely: the untrusted build only uploads the comment; a separate
workflow_run job with write permission posts or updates one comment and never checks out the pull request."""

from __future__ import annotations

from pathlib import Path

import json
import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, copy_project
from generator.github.markdown import ZWJ, code, plain
from generator.github.pr_feedback import FORMAT, MARKER, MAX_PROBLEMS, PREVIEW_ARTIFACT, UNREADABLE, ArtifactError, main, read_artifact, render

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
    assert job["concurrency"]["cancel-in-progress"] is False and "workflow_run.head_branch" in job["concurrency"]["group"]
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 1  # the default branch's code (the event's ref), never the pull request's
    assert set(checkouts[0]["with"]) == {"persist-credentials", "sparse-checkout"} and checkouts[0]["with"]["persist-credentials"] is False
    assert any(s.get("uses", "").startswith("actions/download-artifact@") for s in job["steps"])
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "python3 -m generator.github.pr_feedback render" in script and "comment.md" not in script  # rebuilt, not copied
    assert "pip" not in script  # nothing installed in the job that can write
    assert "head.sha" in script and "PATCH" in script  # bound to the PR it was built from; updated, not repeated
    assert "${{" not in script
    render = next(s for s in job["steps"] if "generator.github.pr_feedback render" in s.get("run", ""))
    assert "GH_TOKEN" not in render.get("env", {})  # the untrusted artifact is read without a token


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
    assert "generator.github.issue_form case" in str(flow["jobs"]["submit"]) and "generator.github.issue_form fix" in str(flow["jobs"]["fix"])


SHA = "0123456789abcdef0123456789abcdef01234567"


def _collect_and_render(tmp_path: Path, project: Path, pr: str = "42") -> str:
    """Both halves as the workflows run them: collect in the pull_request job, render in the comment job."""
    assert main(["collect", "--pr", pr, "--out", str(tmp_path / "out"), "--root", str(project)]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["feedback.json"]  # data only, no Markdown
    assert main(["render", "--artifact", str(tmp_path / "out" / "feedback.json"), "--repo", "smartcity-cases/catalogue",
                 "--sha", SHA, "--out", str(tmp_path / "body.md")]) == 0
    return (tmp_path / "body.md").read_text(encoding="utf-8")


def test_comment_has_summary_links_to_lines_and_the_preview_name(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "project")
    case = project / "cases" / "sample-asahino-rename.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("title: あさひ野市 駅前広場の人流データ活用", "title: ''"), encoding="utf-8")
    line = next(i for i, t in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("title:"))
    text = _collect_and_render(tmp_path, project)
    assert capsys.readouterr().out.strip() == "42"  # the number the comment job posts to (then checked against the head SHA)
    data = json.loads((tmp_path / "out" / "feedback.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["pr"] == 42 and {"file", "line", "column", "level", "message"} == set(data["problems"][0])
    assert text.startswith(MARKER) and "## 事例の検証結果" in text
    assert "エラー 1 件" in text
    link = f"https://github.com/smartcity-cases/catalogue/blob/{SHA}/cases/sample-asahino-rename.yml#L{line}"
    assert f"]({link}): 「事業名（表示名）」(title) が空です" in text
    assert f"**{PREVIEW_ARTIFACT}**" in text


def test_contributor_text_in_the_comment_stays_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    case = project / "cases" / "sample-asahino-rename.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("role: 代表", "role: '[x](https://e.jp) <b> @maint'"), encoding="utf-8")
    text = _collect_and_render(tmp_path, project, "1")
    assert f'\\[x\\](https:{ZWJ}//e.jp) \\<b\\> @{ZWJ}maint' in text and '<b>' not in text


# --- an artifact written by a hostile pull request --------------------------------------------------------

def _problem(**change) -> dict:
    return {"file": "cases/x.yml", "line": 3, "column": 1, "level": "error", "message": "「段階」(stage) が空です", **change}


def _artifact(problems: list[dict], **change) -> bytes:
    return json.dumps({"format": FORMAT, "pr": 7, "files": 1, "problems": problems, **change}).encode()


def test_markdown_injected_in_the_artifact_is_posted_as_text() -> None:
    message = ("ok\n\n## 承認しました @smartcity-cases/maintainers ![x](https://evil.example/p.png) [ここ](https://evil.example/)"
               " <img src=x onerror=alert(1)> <!-- catalogue-pr-feedback --> | a | b |\n|---|---|" + "長" * 5000)
    pr, body = render(_artifact([_problem(message=message)]), "smartcity-cases/catalogue", SHA)
    assert pr == 7
    line = next(x for x in body.splitlines() if x.startswith("- ["))
    assert "## 承認" not in body and "\\#\\# 承認しました" in line  # no heading: the message stays on its line
    assert f"@{ZWJ}smartcity-cases/maintainers" in line and "@smartcity-cases" not in body
    assert "\\!\\[x\\](https:" in line and "\\[ここ\\]" in line and "\\<img" in line
    assert re.findall(r"(?<!\\)[<>]", body.removeprefix(MARKER)) == []  # no HTML tag or comment can open
    assert body.count("<!--") == 1  # only the job's own marker, first
    assert len(line) < 700  # capped
    assert f"](https://github.com/smartcity-cases/catalogue/blob/{SHA}/cases/x.yml#L3)" in line  # link built from the event


@pytest.mark.parametrize("bad", [
    b"not json", b"[]", _artifact([], format="other"), _artifact([], pr="7; rm -rf /"),
    _artifact([_problem(file="../../etc/passwd")]), _artifact([_problem(file="https://evil.example/x")]),
    _artifact([_problem(file="cases/x.yml) [y](https://e")]), _artifact([_problem(line="3")]), _artifact([_problem(level="notice")]),
    _artifact([_problem(markdown="## hi")]), _artifact([_problem(message=["a"])]), _artifact([_problem()] * (MAX_PROBLEMS + 1)),
])
def test_an_artifact_that_does_not_fit_is_refused_and_nothing_of_it_is_posted(bad: bytes) -> None:
    with pytest.raises(ArtifactError):
        read_artifact(bad)
    pr, body = render(bad, "o/r", SHA)
    assert body == UNREADABLE and pr in (None, 7)


def test_render_names_no_pull_request_when_the_number_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "feedback.json").write_bytes(_artifact([], pr=0))
    assert main(["render", "--artifact", str(tmp_path / "feedback.json"), "--repo", "o/r", "--sha", SHA, "--out", str(tmp_path / "b.md")]) == 1
    assert not (tmp_path / "b.md").exists()
    (tmp_path / "good.json").write_bytes(_artifact([_problem()]))
    (tmp_path / "link.json").symlink_to(tmp_path / "good.json")  # an artifact is a regular file, never a link
    assert main(["render", "--artifact", str(tmp_path / "link.json"), "--repo", "o/r", "--sha", SHA, "--out", str(tmp_path / "b.md")]) == 1
    assert not (tmp_path / "b.md").exists()
    assert main(["render", "--artifact", str(tmp_path / "good.json"), "--repo", "o/r", "--sha", SHA, "--out", str(tmp_path / "b.md")]) == 0


def test_render_runs_with_the_standard_library_only(tmp_path: Path) -> None:
    """The comment job installs nothing: render must import no third-party package (jinja2, yaml, …)."""
    (tmp_path / "feedback.json").write_bytes(_artifact([_problem()]))
    code = ("import sys, runpy; sys.argv = ['x', 'render', '--artifact', sys.argv[1], '--repo', 'o/r', '--sha', sys.argv[2], '--out', sys.argv[3]];"
            "import importlib.abc\n"
            "class Block(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path, target=None):\n"
            "        if name.split('.')[0] in ('yaml', 'jinja2', 'jsonschema', 'markdown', 'nh3', 'openpyxl'): raise ImportError(name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "runpy.run_module('generator.github.pr_feedback', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "feedback.json"), SHA, str(tmp_path / "b.md")], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "cases/x.yml 3 行 1 列" in (tmp_path / "b.md").read_text(encoding="utf-8")


def test_quoting_helpers() -> None:
    assert code("@maint `rm` [a](https://e.jp)") == f"`@{ZWJ}maint rm [a](https:{ZWJ}//e.jp)`"
    assert code("a" * 200, 10) == "`aaaaaaaaa…`" and code("") == "`（空）`" and code("x\n\ny\u202e") == "`x y`"
    assert plain("**b** <i> #1 www.e.jp") == f"\\*\\*b\\*\\* \\<i\\> \\#1 w{ZWJ}ww.e.jp"
