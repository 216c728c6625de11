"""Images: inside the case folder, of a safe type, not a symlink, not too large."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from generator.check.base import Context, at, rule
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}


MAX_IMAGE_BYTES = 5 * 1024 * 1024


def _images(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Any]]:
    yield ("key_visual",), data.get("key_visual")
    design = data.get("design")
    if isinstance(design, dict):
        yield ("design", "architecture_diagram"), design.get("architecture_diagram")


@rule
def _check_images(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    folder = ctx.cases_dir / Path(doc.file).stem
    for path, image in _images(data):
        if not isinstance(image, dict) or not isinstance(image.get("src"), str):
            continue
        message = image_problem(folder, image["src"])
        if message:
            problems.append(at(doc, path + ("src",), message))
    return problems


def image_problem(folder: Path, src: str) -> str | None:
    """Why an image reference cannot be used, or None when it is fine."""
    inside = f"事例フォルダ {folder.as_posix()}/ の中"
    if src.startswith("/") or "\\" in src or ".." in Path(src).parts or ":" in src:
        return f"画像「{src}」は {inside}を指していません。images/key-visual.png のように事例フォルダからの相対パスで書いてください"
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", src) or unicodedata.normalize("NFC", src) != src:
        return f"画像のファイル名「{src}」には半角英数字・ハイフン・下線・ピリオドだけを使ってください（例: images/key-visual.png）"
    target = folder / src
    if Path(src).suffix.lower() not in IMAGE_TYPES:
        return f"画像「{src}」の形式は使えません。PNG・JPEG・WebP・GIF のどれかにしてください（SVG は安全のため使えません）"
    if any(p.is_symlink() for p in [target, *target.parents] if folder in [p, *p.parents]):
        return f"画像「{src}」はシンボリックリンクです。実際のファイルを {inside}に置いてください"
    if not target.is_file():
        return f"画像「{src}」が見つかりません。{inside}に置いてください"
    size = target.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"画像「{src}」が大きすぎます（{size / 1024 / 1024:.1f} MB）。{MAX_IMAGE_BYTES // 1024 // 1024} MB 以下に縮小してください"
    return None

