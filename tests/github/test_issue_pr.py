"""Issue → pull request on saved `issues` event payloads: an edit after the pull request exists is a NEW
commit on top of the branch (never a force-push), no commit when the file is the same, nothing over a
maintainer's change, and the pull request is told what changed (values quoted, mentions neutralised).

The git tests play the workflow's steps against a local bare repository: a shallow checkout of main, the
branch fetched, `python -m generator.github.issue_pr plan`, then a plain `git push` (no --force)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from generator.github.issue_pr import BOT_EMAIL, BranchState, PullRequest, decide, main, write
from generator.github.markdown import ZWJ
from generator.github.issue_form import case_from_issue, case_yaml

EVENTS = ROOT / "tests" / "fixtures" / "events"
PATH = "cases/chiyoda-ekimae-data.yml"


def event(name: str) -> dict:
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


def case_text(ev: dict) -> str:
    return case_yaml(case_from_issue(ev["issue"]["body"]))


# --- decisions on saved payloads -------------------------------------------------------------------------

OPEN_PR = PullRequest(61, "OPEN", "https://github.com/smartcity-cases/catalogue/pull/61")


def test_opened_issue_makes_a_branch_one_commit_and_a_pull_request() -> None:
    ev = event("issues-opened")
    plan = decide(ev, BranchState(), (PATH, case_text(ev)))
    assert plan.actions == ["commit", "push", "open-pr"]
    assert plan.pr_title == f"事例の追加: {PATH}（issue #57）" and "Closes #57" in plan.pr_body


def test_edited_body_is_a_commit_on_top_with_a_comment_naming_the_changed_fields() -> None:
    old, ev = case_text(event("issues-opened")), event("issues-edited-body")
    state = BranchState("a" * 40, {PATH: old}, frozenset(), OPEN_PR)
    plan = decide(ev, state, (PATH, case_text(ev)))
    assert plan.actions == ["commit", "push", "comment-pr"] and plan.remove == []
    assert "- `stage`: `実証` → `実装`" in plan.pr_comment
    assert "- `key_concept`: `駅前の人の流れを測り、広場の使い方を区民と決める` → `駅前の人の流れを測り、広場の使い方を区民と一緒に決める`" in plan.pr_comment
    assert plan.pr_comment.count("\n- ") == 2  # nothing else changed


@pytest.mark.parametrize(("name", "why"), [
    ("issues-edited-title", "only the title"),
    ("issues-edited-closed", "closed"),
])
def test_events_that_change_nothing_do_nothing(name: str, why: str) -> None:
    ev = event(name)
    state = BranchState("a" * 40, {PATH: case_text(event("issues-opened"))}, frozenset(), OPEN_PR)
    plan = decide(ev, state, (PATH, case_text(ev)))
    assert plan.actions == [] and why in plan.reason


def test_same_file_is_no_commit() -> None:
    ev = event("issues-edited-body")
    plan = decide(ev, BranchState("a" * 40, {PATH: case_text(ev)}, frozenset(), OPEN_PR), (PATH, case_text(ev)))
    assert plan.actions == [] and "no commit" in plan.reason


def test_a_maintainers_change_is_never_overwritten() -> None:
    ev = event("issues-edited-body")
    state = BranchState("a" * 40, {PATH: case_text(event("issues-opened"))}, frozenset({PATH}), OPEN_PR)
    plan = decide(ev, state, (PATH, case_text(ev)))
    assert plan.actions == ["comment-pr"]
    assert "自動では反映していません" in plan.pr_comment and "- `stage`: `実証` → `実装`" in plan.pr_comment


def test_a_closed_pull_request_is_left_alone() -> None:
    ev = event("issues-edited-body")
    state = BranchState("a" * 40, {PATH: case_text(event("issues-opened"))}, frozenset(), PullRequest(61, "CLOSED"))
    assert decide(ev, state, (PATH, case_text(ev))).actions == []


def test_a_new_case_id_renames_the_file_in_a_new_commit() -> None:
    ev = event("issues-edited-body")
    old_path = "cases/chiyoda-ekimae.yml"
    state = BranchState("a" * 40, {old_path: case_text(event("issues-opened")).replace("chiyoda-ekimae-data", "chiyoda-ekimae")}, frozenset(), OPEN_PR)
    plan = decide(ev, state, (PATH, case_text(ev)))
    assert plan.actions == ["commit", "push", "comment-pr"] and plan.remove == [old_path]
    assert f"- 事例ID（ファイル名）: `{old_path}` → `{PATH}`" in plan.pr_comment


def test_a_body_that_cannot_be_converted_leaves_the_branch_and_says_so() -> None:
    ev = event("issues-edited-body")
    plan = decide(ev, BranchState("a" * 40, {PATH: "x: 1\n"}, frozenset(), OPEN_PR), None)
    assert plan.actions == ["comment-pr"] and "このブランチは変更していません" in plan.pr_comment


def test_changed_values_are_quoted_with_mentions_neutralised() -> None:
    ev = event("issues-edited-body")
    hostile = "@maintainers `x` [click](https://evil.example/) <img src=x>"
    new = case_text(ev).replace("title: 千代田区 駅前広場の人流データ活用", f"title: '{hostile}'")
    plan = decide(ev, BranchState("a" * 40, {PATH: case_text(event("issues-opened"))}, frozenset(), OPEN_PR), (PATH, new))
    line = next(x for x in plan.pr_comment.splitlines() if x.startswith("- `title`"))
    assert line.endswith(f"→ `@{ZWJ}maintainers x [click](https:{ZWJ}//evil.example/) <img src=x>`")
    assert line.count("`") == 6  # three code spans (path, before, after); the value's own backticks are gone


# --- the workflow's steps against a real (local) repository ------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "--quiet", str(bare), str(seed))
    (seed / "cases").mkdir()
    (seed / "cases" / "sample-a.yml").write_text("id: sample-a\n", encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "-c", "user.name=m", "-c", "user.email=m@example.jp", "commit", "--quiet", "-m", "main")
    git(seed, "push", "--quiet", "origin", "main")
    return bare


def run_workflow(tmp_path: Path, origin: Path, ev: dict, prs: list[dict], run: str, path: str = PATH) -> tuple[list[str], Path]:
    """One run of the submit job: checkout, fetch the branch, plan (and commit), push as the plan says."""
    work = tmp_path / run
    git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{origin}", str(work))
    subprocess.run(["git", "fetch", "--quiet", "--no-tags", "--depth=100", "origin", "+refs/heads/issue-57:refs/remotes/origin/issue-57"],
                   cwd=work, capture_output=True)
    (tmp_path / f"{run}.json").write_text(json.dumps(ev, ensure_ascii=False), encoding="utf-8")
    (tmp_path / f"{run}-prs.json").write_text(json.dumps(prs), encoding="utf-8")
    (tmp_path / f"{run}.yml").write_text(case_text(ev), encoding="utf-8")
    out = tmp_path / f"{run}-plan"
    assert main(["plan", "--event", str(tmp_path / f"{run}.json"), "--pr-list", str(tmp_path / f"{run}-prs.json"),
                 "--new", str(tmp_path / f"{run}.yml"), "--path", path, "--out", str(out), "--repo", str(work)]) == 0
    actions = (out / "actions").read_text(encoding="utf-8").split()
    if "push" in actions:
        git(work, "push", "--quiet", "origin", "HEAD:refs/heads/issue-57")  # as the workflow: never --force
    return actions, out


def branch(origin: Path) -> list[tuple[str, str]]:
    """(sha, author e-mail) of the branch's commits, newest first."""
    log = git(origin, "log", "--format=%H %ae", "issue-57")
    return [tuple(line.split()) for line in log.splitlines()]  # type: ignore[misc]


def test_an_edit_adds_a_commit_on_top_and_an_unchanged_file_adds_none(tmp_path: Path, origin: Path) -> None:
    actions, _ = run_workflow(tmp_path, origin, event("issues-opened"), [], "run1")
    assert actions == ["commit", "push", "open-pr"]
    first = branch(origin)
    assert len(first) == 2 and first[0][1] == BOT_EMAIL
    pr = [{"number": 61, "state": "OPEN", "url": "https://github.com/smartcity-cases/catalogue/pull/61", "isCrossRepository": False}]

    actions, plan = run_workflow(tmp_path, origin, event("issues-edited-body"), pr, "run2")
    assert actions == ["commit", "push", "comment-pr"]
    second = branch(origin)
    assert second[1:] == first  # the first commit is kept: a new one on top
    assert git(origin, "show", f"issue-57:{PATH}") == case_text(event("issues-edited-body")).strip()
    assert "`stage`: `実証` → `実装`" in (plan / "pr-comment.md").read_text(encoding="utf-8")
    assert (plan / "pr-url").read_text(encoding="utf-8") == pr[0]["url"]  # the comment goes to the branch's own pull request
    assert "新しいコミットとして追加しました" in (plan / "issue-note.md").read_text(encoding="utf-8")

    actions, _ = run_workflow(tmp_path, origin, event("issues-edited-body"), pr, "run3")  # the same body again
    assert actions == [] and branch(origin) == second


def test_a_maintainers_commit_stays_and_is_not_overwritten(tmp_path: Path, origin: Path) -> None:
    run_workflow(tmp_path, origin, event("issues-opened"), [], "run1")
    pr = [{"number": 61, "state": "OPEN", "url": "https://github.com/smartcity-cases/catalogue/pull/61", "isCrossRepository": False}]
    fix = tmp_path / "maintainer"
    git(tmp_path, "clone", "--quiet", "--branch=issue-57", str(origin), str(fix))
    (fix / PATH).write_text((fix / PATH).read_text(encoding="utf-8").replace("駅前広場の人流データ活用", "駅前広場の人流データ活用事業"), encoding="utf-8")
    git(fix, "-c", "user.name=maint", "-c", "user.email=maint@example.jp", "commit", "--quiet", "-am", "Fix the title")
    git(fix, "push", "--quiet", "origin", "issue-57")
    before = branch(origin)

    actions, plan = run_workflow(tmp_path, origin, event("issues-edited-body"), pr, "run2")
    assert actions == ["comment-pr"] and branch(origin) == before
    assert "自動では反映していません" in (plan / "pr-comment.md").read_text(encoding="utf-8")


def test_a_maintainers_commit_elsewhere_stays_under_the_new_commit(tmp_path: Path, origin: Path) -> None:
    run_workflow(tmp_path, origin, event("issues-opened"), [], "run1")
    fix = tmp_path / "maintainer"
    git(tmp_path, "clone", "--quiet", "--branch=issue-57", str(origin), str(fix))
    (fix / "cases" / "chiyoda-ekimae-data").mkdir()
    (fix / "cases" / "chiyoda-ekimae-data" / "note.txt").write_text("写真は後日\n", encoding="utf-8")
    git(fix, "add", ".")
    git(fix, "-c", "user.name=maint", "-c", "user.email=maint@example.jp", "commit", "--quiet", "-m", "Note")
    git(fix, "push", "--quiet", "origin", "issue-57")
    before = branch(origin)

    actions, _ = run_workflow(tmp_path, origin, event("issues-edited-body"), [{"number": 61, "state": "OPEN", "url": "https://github.com/smartcity-cases/catalogue/pull/61", "isCrossRepository": False}], "run2")
    assert actions == ["commit", "push", "comment-pr"]
    after = branch(origin)
    assert after[1:] == before and after[0][1] == BOT_EMAIL


def test_the_workflow_reads_every_file_the_plan_writes(tmp_path: Path) -> None:
    ev = event("issues-opened")
    write(decide(ev, BranchState(), (PATH, case_text(ev))), tmp_path / "plan")
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "issue-to-pr.yml").read_text(encoding="utf-8"))
    script = "\n".join(s.get("run", "") for s in flow["jobs"]["submit"]["steps"])
    for file in (tmp_path / "plan").iterdir():
        assert f'plan/{file.name}"' in script, file.name
    for action in ("push", "open-pr", "comment-pr"):
        assert f"has {action}" in script
    assert "generator.github.issue_pr plan" in script and "--new \"$RUNNER_TEMP/new-case.yml\"" in script


def test_a_rejected_hostile_issue_without_a_pull_request_does_nothing() -> None:
    assert decide(event("issues-opened-hostile-id"), BranchState(), None).actions == []


def test_a_pull_request_from_a_fork_with_the_same_branch_name_is_not_ours(tmp_path: Path, origin: Path) -> None:
    """`gh pr list --head issue-57` also lists a fork's pull request from a branch named issue-57."""
    fork = {"number": 66, "state": "OPEN", "url": "https://github.com/mallory/catalogue/pull/66", "isCrossRepository": True}
    ours = {"number": 61, "state": "OPEN", "url": "https://github.com/smartcity-cases/catalogue/pull/61", "isCrossRepository": False}
    run_workflow(tmp_path, origin, event("issues-opened"), [fork], "run1")
    actions, plan = run_workflow(tmp_path, origin, event("issues-edited-body"), [fork, ours], "run2")
    assert "comment-pr" in actions and (plan / "pr-url").read_text(encoding="utf-8") == ours["url"]
    actions, plan = run_workflow(tmp_path, origin, event("issues-edited-body"), [fork], "run3")
    assert actions == ["open-pr"] and (plan / "pr-url").read_text(encoding="utf-8") == ""  # ours is missing: opened, not the fork's used


def test_a_branch_without_its_pull_request_gets_one_without_a_commit() -> None:
    ev = event("issues-edited-body")
    plan = decide(ev, BranchState("a" * 40, {PATH: case_text(ev)}, frozenset(), None), (PATH, case_text(ev)))
    assert plan.actions == ["open-pr"] and "Closes #57" in plan.pr_body


def test_a_new_case_id_moves_the_file_in_a_commit_on_top(tmp_path: Path, origin: Path) -> None:
    run_workflow(tmp_path, origin, event("issues-opened"), [], "run1")
    before = branch(origin)
    ev = event("issues-edited-body")
    ev["issue"]["body"] = ev["issue"]["body"].replace("chiyoda-ekimae-data", "chiyoda-ekimae-jinryu")
    pr = [{"number": 61, "state": "OPEN", "url": "https://github.com/smartcity-cases/catalogue/pull/61", "isCrossRepository": False}]
    actions, plan = run_workflow(tmp_path, origin, ev, pr, "run2", "cases/chiyoda-ekimae-jinryu.yml")
    assert actions == ["commit", "push", "comment-pr"] and branch(origin)[1:] == before
    assert git(origin, "ls-tree", "--name-only", "issue-57", "cases/").split() == ["cases/chiyoda-ekimae-jinryu.yml", "cases/sample-a.yml"]
    assert f"`{PATH}` → `cases/chiyoda-ekimae-jinryu.yml`" in (plan / "pr-comment.md").read_text(encoding="utf-8")
