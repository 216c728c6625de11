"""The Japanese comment for a pull request: validation summary, each problem linked to its line, and the
name of the preview artifact. Written to files by the read-only pull_request job; a separate workflow_run
job (.github/workflows/pr-comment.yml) posts or updates it, without ever checking out the pull request.

    python -m generator.pr_feedback --repo OWNER/NAME --sha HEAD_SHA --pr NUMBER --out DIR
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from generator.errors import Problem

MARKER = "<!-- catalogue-pr-feedback -->"
PREVIEW_ARTIFACT = "site-preview"  # the name pull-request.yml uploads the built site under
MAX_LISTED = 50
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~!])")


def _plain(text: str) -> str:
    """Contributor text quoted in a message stays text in the comment: no Markdown, HTML or @mentions."""
    return _MARKDOWN.sub(r"\\\1", text).replace("@", "@\u200b")


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
            lines.append(f"- [{_plain(p.file)} {p.line} 行 {p.column} 列]({url}): {_plain(p.message)}")
        if len(group) > MAX_LISTED:
            lines.append(f"- ほか {len(group) - MAX_LISTED} 件（Actions のログにすべてあります）")
        lines.append("")
    lines += ["### プレビュー", "",
              f"ビルドしたサイトは、この実行（Actions の「事例の検証（プルリクエスト）」）の成果物 **{PREVIEW_ARTIFACT}** にあります。"
              "ダウンロードして展開し、index.html を開くと確認できます（エラーがあるとビルドされません）。", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from generator.pipeline import Project, validate

    parser = argparse.ArgumentParser(prog="python -m generator.pr_feedback")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--sha", required=True)
    parser.add_argument("--pr", required=True, type=int)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.repo) or not re.fullmatch(r"[0-9a-f]{7,40}", args.sha):
        parser.error("--repo は OWNER/NAME、--sha はコミットの SHA")
    project = Project(args.root.resolve())
    result = validate(project)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "comment.md").write_text(comment(result.problems, len(project.case_files()), args.repo, args.sha), encoding="utf-8")
    (args.out / "pr-number").write_text(f"{args.pr}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
