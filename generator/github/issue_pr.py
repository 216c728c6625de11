"""Issue → pull request: what to do with branch issue-<N> when a 「事例の投稿」 issue is opened or edited.

`decide(event, state, new)` is pure: from the `issues` event payload, the branch's state and the case file
the issue body now describes, it returns a `Plan` (the actions and the texts). It never force-pushes:

- no branch yet → a branch from the default branch with one commit, and a pull request;
- an edit → a NEW commit on top of the branch, and a pull-request comment listing what changed; no commit
  when the file is the same;
- the file changed on the branch by someone else (a maintainer's fix) since the bot last wrote it → no
  commit; the comment lists the issue's changes for the maintainer to apply;
- a closed pull request, a closed issue, an edit of the title only → nothing.

`read_state` reads the branch with git; `commit` makes the planned commit locally (no token). The workflow
(.github/workflows/issue-to-pr.yml) pushes (never with --force) and talks to GitHub with the files `write`
leaves in the plan directory.

    python -m generator.github.issue_pr plan --event EVENT.json --pr-list PRS.json --new NEW.yml --path cases/<id>.yml --out DIR
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.read.errors import CaseError
from generator.github.markdown import code

LABEL = "事例の投稿"
BOT_NAME = "catalogue-issue-form"
BOT_EMAIL = "catalogue-issue-form@users.noreply.github.com"
REMOTE = "origin"
MAX_CHANGES = 40


@dataclass(frozen=True)
class PullRequest:
    number: int
    state: str  # OPEN | CLOSED | MERGED
    url: str = ""


@dataclass(frozen=True)
class BranchState:
    """Branch issue-<N> as fetched: the case files it adds (path → text), which of them someone other than
    the bot changed after the bot's last commit of them, its head commit, and its pull request."""

    head: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    changed_by_others: frozenset[str] = frozenset()
    pr: PullRequest | None = None


@dataclass
class Plan:
    actions: list[str] = field(default_factory=list)  # among: commit, push, open-pr, comment-pr
    reason: str = ""  # for the log, in English
    path: str | None = None
    remove: list[str] = field(default_factory=list)
    commit_message: str = ""
    pr_title: str = ""
    pr_body: str = ""
    pr_comment: str = ""
    pr_url: str = ""  # the existing pull request the comment goes to
    issue_note: str = ""  # one Japanese sentence added to the issue comment


def branch_name(number: int) -> str:
    return f"issue-{int(number)}"


# --- what changed, in words ------------------------------------------------------------------------------

def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_leaves(v, f"{path}.{k}" if path else str(k)))
        return out or {path: {}}
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(_leaves(v, f"{path}[{i}]"))
        return out or {path: []}
    return {path: value}


def _data(text: str, path: str) -> dict[str, Any] | None:
    from generator.read.load import parse_yaml  # strict: no aliases, bounded depth and size

    try:
        data = parse_yaml(text, path).data
    except CaseError:
        return None
    return data if isinstance(data, dict) else None


def changes(old: str, new: str, path: str) -> list[str]:
    """The fields that differ between two versions of a case file, one Markdown line each (values as code)."""
    before, after = _data(old, path), _data(new, path)
    if before is None or after is None:
        return ["- ファイル全体（前の版か新しい版を YAML として読めません）"]
    a, b = _leaves(before), _leaves(after)
    lines = []
    for key in sorted(set(a) | set(b), key=lambda k: (list(b).index(k) if k in b else len(b), k)):
        if key not in b:
            lines.append(f"- {code(key)}: 削除（前: {code(a[key], 60)}）")
        elif key not in a:
            lines.append(f"- {code(key)}: 追加 {code(b[key], 60)}")
        elif a[key] != b[key]:
            lines.append(f"- {code(key)}: {code(a[key], 60)} → {code(b[key], 60)}")
    if len(lines) > MAX_CHANGES:
        lines = lines[:MAX_CHANGES] + [f"- ほか {len(lines) - MAX_CHANGES} 項目"]
    return lines


# --- the decision ----------------------------------------------------------------------------------------

def _skip(reason: str, note: str = "") -> Plan:
    return Plan(reason=reason, issue_note=note)


def decide(event: dict[str, Any], state: BranchState, new: tuple[str, str] | None) -> Plan:
    """The plan for one `issues` event. `new` is (path, text) of the case file the body describes, or None
    when the body could not be converted (the issue comment then says why)."""
    issue = event.get("issue") or {}
    number = int(issue.get("number", 0))
    action = event.get("action")
    if action not in ("opened", "edited"):
        return _skip(f"action {action!r} is not opened or edited")
    if LABEL not in {label.get("name") for label in issue.get("labels") or []}:
        return _skip(f"the issue has no label {LABEL}")
    if issue.get("state") != "open":
        return _skip("the issue is closed", "issue が閉じられているため、ブランチとプルリクエストは変更していません。")
    if action == "edited" and "body" not in (event.get("changes") or {}):
        return _skip("only the title (or another field) was edited, not the body", "本文は変わっていないため、ブランチは変更していません。")
    pr = state.pr
    if pr is not None and pr.state != "OPEN":
        return _skip(f"pull request #{pr.number} is {pr.state.lower()}: an edit does not reopen it",
                     f"プルリクエスト #{pr.number} は閉じられているため、この編集は反映していません。")
    url = pr.url if pr is not None else ""
    if new is None:
        if pr is None:
            return _skip("the body could not be converted and there is no pull request")
        return Plan(["comment-pr"], "the body could not be converted", pr_url=url, pr_comment=(
            f"issue #{number} が編集されましたが、その内容から事例ファイルを作れなかったため、このブランチは変更していません。"
            f"理由は issue #{number} のコメントにあります。"), issue_note="ブランチは変更していません。")
    path, text = new
    if state.head is None:
        return Plan(["commit", "push", "open-pr"], "no branch yet", path=path,
                    commit_message=f"Add {path} from issue #{number}\n",
                    pr_title=f"事例の追加: {path}（issue #{number}）", pr_body=_pr_body(number, path))
    others = [p for p in state.files if p != path]
    old = state.files.get(path)
    if old is None and len(others) == 1:
        old_path = others[0]
        old = state.files[old_path]
    else:
        old_path = path
    touched = sorted(p for p in {path, old_path} & state.changed_by_others if p in state.files)
    open_pr = [] if pr is not None else ["open-pr"]
    title, body = (f"事例の追加: {path}（issue #{number}）", _pr_body(number, path)) if open_pr else ("", "")
    if old_path == path and old == text:
        return Plan(open_pr, "the file on the branch is already the same: no commit", path=path, pr_title=title, pr_body=body,
                    pr_url=url, issue_note="ブランチのファイルと同じ内容のため、コミットはしていません。")
    listed = changes(old, text, path) if old is not None else [f"- {code(path)}: 新しいファイル"]
    if old_path != path:
        listed.insert(0, f"- 事例ID（ファイル名）: {code(old_path)} → {code(path)}")
    if touched:
        return Plan(["comment-pr", *open_pr], f"{', '.join(touched)} changed on the branch by someone else: no commit", path=path,
                    pr_title=title, pr_body=body, pr_url=url, pr_comment=(
            f"issue #{number} が編集されました。このブランチの {', '.join(code(p) for p in touched)} は issue から作ったあとに"
            "担当者などが変更しているため、その変更を上書きしないよう、自動では反映していません。issue の編集で変わった項目:\n\n"
            + "\n".join(listed) + "\n"),
                    issue_note="担当者がブランチのファイルを変更しているため、この編集は自動では反映せず、変わった項目をプルリクエストにコメントしました。")
    remove = [old_path] if old_path != path else []
    return Plan(["commit", "push", *open_pr, "comment-pr"], "a new commit on top of the branch", path=path, remove=remove,
                commit_message=f"Update {path} from the edited issue #{number}\n", pr_title=title, pr_body=body, pr_url=url,
                pr_comment=(f"issue #{number} の編集を、新しいコミットとしてこのブランチに追加しました（それまでのコミットはそのままです）。"
                            "変わった項目:\n\n" + "\n".join(listed) + "\n"),
                issue_note="この編集を、プルリクエストのブランチに新しいコミットとして追加しました。")


def _pr_body(number: int, path: str) -> str:
    return (f"issue #{number} の内容から自動で作った事例ファイル {code(path)} です。\n\n"
            f"issue を編集すると、このブランチに新しいコミットが追加され、何が変わったかをこのプルリクエストにコメントします"
            "（それまでのコミットは書き換えません。担当者がファイルを直したあとは、自動では反映しません）。\n"
            "検証は、ほかのプルリクエストと同じ「事例の検証（プルリクエスト）」が動きます。\n\n"
            f"Closes #{number}\n")


# --- git: reading the branch and committing (no token needed) --------------------------------------------

def _git(repo: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8")
    if check and done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout if done.returncode == 0 else ""


def read_state(repo: Path, branch: str, pr_list: list[dict[str, Any]]) -> BranchState:
    """The branch as fetched into refs/remotes/origin/<branch>, compared with HEAD (the default branch)."""
    pr = _pull_request(pr_list)
    ref = f"refs/remotes/{REMOTE}/{branch}"
    head = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).strip() or None
    if head is None:
        return BranchState(pr=pr)
    base = set(_git(repo, "ls-tree", "-r", "--name-only", "HEAD", "--", "cases/").split())
    files: dict[str, str] = {}
    others: set[str] = set()
    for path in _git(repo, "ls-tree", "-r", "--name-only", head, "--", "cases/").split():
        if path in base or not path.endswith(".yml") or path.count("/") != 1:
            continue
        files[path] = _git(repo, "show", f"{head}:{path}")
        last_bot = _git(repo, "log", "-1", "--format=%H", "--fixed-strings", f"--author=<{BOT_EMAIL}>", head, "--", path).strip()
        if not last_bot or _blob(repo, last_bot, path) != _blob(repo, head, path):
            others.add(path)
    return BranchState(head, files, frozenset(others), pr)


def _blob(repo: Path, commit: str, path: str) -> str:
    return _git(repo, "rev-parse", f"{commit}:{path}", check=False).strip()


_PR_URL = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/pull/[0-9]+")


def _pull_request(pr_list: list[dict[str, Any]]) -> PullRequest | None:
    """The open pull request of the branch, else the newest closed or merged one (gh pr list --state all).
    A pull request from a fork whose branch has the same name is not ours: `gh pr list --head` lists it too."""
    prs = [PullRequest(int(p["number"]), str(p["state"]).upper(), str(p.get("url", ""))) for p in pr_list
           if p.get("isCrossRepository") is False and _PR_URL.fullmatch(str(p.get("url", "")))]
    open_ = [p for p in prs if p.state == "OPEN"]
    return (open_ or sorted(prs, key=lambda p: -p.number) or [None])[0]


def commit(repo: Path, branch: str, state: BranchState, plan: Plan, text: str) -> str:
    """Make the planned commit on <branch>: on top of the fetched branch, or a new branch from HEAD. Returns its SHA."""
    start = state.head or "HEAD"
    _git(repo, "switch", "--force-create", branch, start)
    for old in plan.remove:
        _git(repo, "rm", "--quiet", "--", old)
    assert plan.path is not None
    (repo / plan.path).write_text(text, encoding="utf-8")
    _git(repo, "add", "--", plan.path)
    identity = ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]
    subprocess.run(["git", *identity, "commit", "--quiet", "--no-verify", "-F", "-"], cwd=repo, input=plan.commit_message,
                   text=True, encoding="utf-8", check=True, capture_output=True)
    return _git(repo, "rev-parse", "HEAD").strip()


def write(plan: Plan, out: Path) -> None:
    """The plan as files for the workflow's shell steps: `actions` (one per line) and the texts."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "actions").write_text("".join(f"{a}\n" for a in plan.actions), encoding="utf-8")
    for name, text in (("pr-title", plan.pr_title), ("pr-body.md", plan.pr_body), ("pr-comment.md", plan.pr_comment),
                       ("pr-url", plan.pr_url), ("issue-note.md", f"\n{plan.issue_note}\n" if plan.issue_note else "")):
        (out / name).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.github.issue_pr")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan")
    p.add_argument("--event", required=True, type=Path)
    p.add_argument("--pr-list", required=True, type=Path)
    p.add_argument("--new", type=Path, help="the converted case file (absent when the body was rejected)")
    p.add_argument("--path", default="", help="its path in the repository, cases/<id>.yml")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--repo", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    event = json.loads(args.event.read_text(encoding="utf-8"))
    branch = branch_name(event["issue"]["number"])
    pr_list = json.loads(args.pr_list.read_text(encoding="utf-8") or "[]") if args.pr_list.is_file() else []
    state = read_state(args.repo, branch, pr_list)
    new = None
    if args.path and args.new and args.new.is_file():
        if not (args.path.startswith("cases/") and args.path.endswith(".yml") and args.path.count("/") == 1 and ".." not in args.path):
            parser.error(f"--path is not cases/<id>.yml: {args.path!r}")
        new = (args.path, args.new.read_text(encoding="utf-8"))
    plan = decide(event, state, new)
    if "commit" in plan.actions and new is not None:
        commit(args.repo, branch, state, plan, new[1])
    write(plan, args.out)
    print(f"{branch}: {' '.join(plan.actions) or 'nothing to do'} ({plan.reason})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
