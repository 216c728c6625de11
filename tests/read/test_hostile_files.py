"""Hostile files next to a case are refused with a clear message (table-driven)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from generator.cli import main
from test_errors import IMAGE, VALID

PNG = (Path(__file__).resolve().parents[2] / "cases" / "sample-shiokaze-bousai" / "images" / "key-visual.png").read_bytes()


def _file(rel: str, data: bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return make


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / rel)
    return make


def _symlinked_dir(folder: Path) -> None:
    outside = folder.parent.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "a.png").write_bytes(PNG)
    folder.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, folder / "images")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

# (id, what is written in src, how the folder cases/broken/ is prepared, words in the message)
ROWS = [
    ("parent-dir", "../../mkdocs.yml.png", lambda f: None, ["事例フォルダ", "相対パス"]),
    ("parent-inside", "images/../../x.png", lambda f: None, ["事例フォルダ"]),
    ("absolute", "/etc/passwd.png", lambda f: None, ["事例フォルダ"]),
    ("windows-path", "images\\\\a.png", lambda f: None, ["事例フォルダ"]),
    ("url-scheme", "file:///etc/passwd.png", lambda f: None, ["事例フォルダ"]),
    ("symlink-file", "images/a.png", _symlink("images/a.png", "/etc/hostname"), ["シンボリックリンク"]),
    ("symlink-folder", "images/a.png", _symlinked_dir, ["シンボリックリンク"]),
    ("huge-image", "images/big.png", _file("images/big.png", PNG + b"\0" * (6 * 1024 * 1024)), ["大きすぎます", "5 MB"]),
    ("svg-with-script", "images/map.svg", _file("images/map.svg", SVG), ["SVG"]),
    ("odd-unicode-name", "images/ｷｰﾋﾞｼﾞｭｱﾙ.png", _file("images/ｷｰﾋﾞｼﾞｭｱﾙ.png", PNG), ["半角英数字"]),
    ("rtl-override-name", "images/gpj\u202e.png", _file("images/gpj\u202e.png", PNG), ["半角英数字"]),
    ("space-in-name", "images/key visual.png", _file("images/key visual.png", PNG), ["半角英数字"]),
    ("missing", "images/none.png", lambda f: None, ["見つかりません"]),
    ("not-an-image", "images/a.exe", _file("images/a.exe", b"MZ"), ["形式は使えません"]),
]


@pytest.mark.parametrize(("src", "prepare", "words"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_hostile_image_is_refused(project: Path, capsys: pytest.CaptureFixture[str], src: str, prepare, words: list[str]) -> None:
    prepare(project / "cases" / "broken")
    path = project / "cases" / "broken.yml"
    path.write_text(VALID.replace("key_concept: コンセプト\n", IMAGE.format(src=f'"{src}"')), encoding="utf-8")
    assert main(["--root", str(project), "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert any(line.startswith("cases/broken.yml:24:") and all(w in line for w in words) for line in err.splitlines()), err


def test_a_good_image_is_accepted_and_copied(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _file("images/a.png", PNG)(project / "cases" / "broken")
    path = project / "cases" / "broken.yml"
    path.write_text(VALID.replace("key_concept: コンセプト\n", IMAGE.format(src="images/a.png")), encoding="utf-8")
    assert main(["--root", str(project), "validate", str(path)]) == 0, capsys.readouterr().err
    main(["--root", str(project), "generate"])
    copied = project / "docs" / "cases" / "broken" / "images" / "a.png"
    assert copied.read_bytes() == PNG
    assert "](broken/images/a.png)" in (project / "docs" / "cases" / "broken.md").read_text(encoding="utf-8")
