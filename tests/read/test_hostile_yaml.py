"""Hostile YAML is refused quickly, with a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

BILLION_LAUGHS = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (BILLION_LAUGHS.encode(), "エイリアス"),
        (b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "入れ子が深すぎます"),
        (b"title: " + b"x" * (50 * 1024 * 1024) + b"\n", "ファイルが大きすぎます"),
        (b"id: x\n" + b"a:\n" + b"".join(b"  " * i + b"k:\n" for i in range(1, 40)), "入れ子が深すぎます"),
        (b"<<: {a: 1}\n", "キーには文字列"),
    ],
    ids=["billion-laughs", "deep-flow-nesting", "50MB", "deep-block-nesting", "merge-key"],
)
def test_hostile_file_is_refused_with_a_message(project: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str) -> None:
    path = project / "cases" / "hostile.yml"
    path.write_bytes(content)
    assert main(["--root", str(project), "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "cases/hostile.yml:" in err and words in err, err[:500]
    assert "Traceback" not in err
