"""The Japanese comment for a pull request: validation summary, each problem linked to its line, and the
name of the preview artifact.

Two halves, so that nothing the pull request controls is ever posted as the bot's Markdown:

- `collect` runs in the read-only pull_request job (it runs the pull request's code, so its output is
  untrusted) and writes only structured data: DIR/feedback.json with the problems (file, line, column,
  level, message) and the pull request's number.
- `render` runs in the workflow_run job (.github/workflows/pr-comment.yml), from the default branch's code,
  with the runner's Python and nothing installed. It validates that artifact field by field, drops what
  does not fit, and writes the comment itself: every value from the artifact is escaped as plain text, the
  links are built from the trusted event (repository, head SHA), not from the artifact.

    python -m generator.github.pr_feedback collect --pr NUMBER --out DIR [--root .]
    python -m generator.github.pr_feedback render --artifact DIR/feedback.json --repo OWNER/NAME --sha HEAD_SHA --out BODY
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from generator.read.errors import Problem
from generator.github.markdown import plain

MARKER = "<!-- catalogue-pr-feedback -->"
FORMAT = "catalogue-pr-feedback/1"
PREVIEW_ARTIFACT = "site-preview"  # the name pull-request.yml uploads the built site under
MAX_LISTED = 50
MAX_ARTIFACT_BYTES = 4 * 1024 * 1024
MAX_PROBLEMS = 20_000
MAX_MESSAGE = 400
_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,199}")
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}")


class ArtifactError(Exception):
    """The artifact is not what the pull_request job writes; .args[0] says why (for the log, in English)."""


def comment(problems: list[Problem], files: int, repo: str, sha: str) -> str:
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    verdict = "❌ エラーがあります。直すと、このコメントが更新されます。" if errors else "✅ 検証を通りました。"
    lines = [MARKER, "## 事例の検証結果", "", f"事例ファイル {files} 件を検証: エラー {len(errors)} 件、警告 {len(warnings)} 件。{verdict}", ""]
    for title, group in (("エラー", errors), ("警告", warnings)):
        if not group:
            continue
        lines += [f"### {title}", ""]
        for p in group[:MAX_LISTED]:
            url = f"https://github.com/{repo}/blob/{sha}/{p.file}#L{p.line}"
            lines.append(f"- [{plain(p.file)} {p.line} 行 {p.column} 列]({url}): {plain(p.message, MAX_MESSAGE)}")
        if len(group) > MAX_LISTED:
            lines.append(f"- ほか {len(group) - MAX_LISTED} 件（Actions のログにすべてあります）")
        lines.append("")
    lines += ["### プレビュー", "",
              f"ビルドしたサイトは、この実行（Actions の「事例の検証（プルリクエスト）」）の成果物 **{PREVIEW_ARTIFACT}** にあります。"
              "ダウンロードして展開し、index.html を開くと確認できます（エラーがあるとビルドされません）。", ""]
    return "\n".join(lines)


UNREADABLE = (f"{MARKER}\n## 事例の検証結果\n\n検証結果（成果物）の形が正しくないため、内容を表示できません。"
              "Actions の「事例の検証（プルリクエスト）」のログを確認してください。\n")


# --- the untrusted side: structured data only ------------------------------------------------------------

def feedback_data(problems: list[Problem], files: int, pr: int) -> dict:
    return {"format": FORMAT, "pr": pr, "files": files,
            "problems": [{"file": p.file, "line": p.line, "column": p.column, "level": p.level, "message": p.message} for p in problems]}


# --- the trusted side: validate, then format -------------------------------------------------------------

def _int(value: object, low: int, high: int, what: str) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ArtifactError(f"{what} is not an integer in {low}..{high}")
    return value


def read_artifact(raw: bytes) -> tuple[int, int, list[Problem]]:
    """(pull request number, number of files, problems) from feedback.json; ArtifactError when it does not fit."""
    if len(raw) > MAX_ARTIFACT_BYTES:
        raise ArtifactError(f"feedback.json is larger than {MAX_ARTIFACT_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ArtifactError(f"feedback.json is not JSON: {exc.__class__.__name__}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArtifactError(f"feedback.json is not {FORMAT}")
    pr = _int(data.get("pr"), 1, 10**9, "pr")
    files = _int(data.get("files"), 0, 10**7, "files")
    items = data.get("problems")
    if not isinstance(items, list) or len(items) > MAX_PROBLEMS:
        raise ArtifactError(f"problems is not a list of at most {MAX_PROBLEMS}")
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != {"file", "line", "column", "level", "message"}:
            raise ArtifactError(f"problems[{i}] does not have exactly file, line, column, level, message")
        file, level, message = item["file"], item["level"], item["message"]
        if not isinstance(file, str) or not _FILE.fullmatch(file) or ".." in file.split("/"):
            raise ArtifactError(f"problems[{i}].file is not a path inside the repository")
        if level not in ("error", "warning"):
            raise ArtifactError(f"problems[{i}].level is not error or warning")
        if not isinstance(message, str):
            raise ArtifactError(f"problems[{i}].message is not text")
        problems.append(Problem(file, _int(item["line"], 0, 10**7, f"problems[{i}].line"),
                                _int(item["column"], 0, 10**6, f"problems[{i}].column"), message[:MAX_MESSAGE * 2], level))
    return pr, files, problems


def render(raw: bytes, repo: str, sha: str) -> tuple[int | None, str]:
    """(pull request number or None, comment body) for the comment job. An artifact that does not fit gives a
    fixed comment (when its pull request number can still be read) instead of anything it contains."""
    if not _REPO.fullmatch(repo) or not _SHA.fullmatch(sha):
        raise ValueError("repo must be OWNER/NAME and sha a full commit SHA")
    try:
        pr, files, problems = read_artifact(raw)
    except ArtifactError as exc:
        print(f"pr_feedback: {exc.args[0]}", file=sys.stderr)
        try:
            pr = _int(json.loads(raw[:MAX_ARTIFACT_BYTES].decode("utf-8")).get("pr"), 1, 10**9, "pr")
        except Exception:  # noqa: BLE001 - nothing of an unreadable artifact is trusted
            return None, UNREADABLE
        return pr, UNREADABLE
    return pr, comment(problems, files, repo, sha)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.github.pr_feedback")
    sub = parser.add_subparsers(dest="command", required=True)
    collect = sub.add_parser("collect")
    collect.add_argument("--pr", required=True, type=int)
    collect.add_argument("--out", required=True, type=Path)
    collect.add_argument("--root", type=Path, default=Path("."))
    post = sub.add_parser("render")
    post.add_argument("--artifact", required=True, type=Path)
    post.add_argument("--repo", required=True)
    post.add_argument("--sha", required=True)
    post.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    if args.command == "collect":
        from generator.pipeline import Project, validate

        project = Project(args.root.resolve())
        result = validate(project)
        args.out.mkdir(parents=True, exist_ok=True)
        data = feedback_data(result.problems, len(project.case_files()), args.pr)
        (args.out / "feedback.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    if not _REPO.fullmatch(args.repo) or not _SHA.fullmatch(args.sha):
        parser.error("--repo は OWNER/NAME、--sha はコミットの SHA（40 桁）")
    if args.artifact.is_symlink() or not args.artifact.is_file():
        print("pr_feedback: the artifact is not a regular file; nothing is posted", file=sys.stderr)
        return 1
    with args.artifact.open("rb") as f:
        raw = f.read(MAX_ARTIFACT_BYTES + 1)
    pr, body = render(raw, args.repo, args.sha)
    if pr is None:
        print("pr_feedback: the artifact names no pull request; nothing is posted", file=sys.stderr)
        return 1
    args.out.write_text(body, encoding="utf-8")
    print(pr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
