"""Image dimensions without an imaging library (PNG, JPEG, GIF, WebP headers), and width/height on every <img> of the built site."""

from __future__ import annotations

import html
import posixpath
import re
import struct
from pathlib import Path
from urllib.parse import unquote, urlsplit


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels read from the file header; None for an unknown or damaged file."""
    try:
        with path.open("rb") as f:
            head = f.read(32)
            if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
                return struct.unpack(">II", head[16:24])
            if head[:6] in (b"GIF87a", b"GIF89a"):
                return struct.unpack("<HH", head[6:10])
            if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
                return _webp(head)
            if head[:2] == b"\xff\xd8":
                f.seek(2)
                return _jpeg(f)
    except (OSError, struct.error):
        return None
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    kind = head[12:16]
    if kind == b"VP8X":
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    if kind == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if kind == b"VP8 ":
        w, h = struct.unpack("<HH", head[26:30])
        return w & 0x3FFF, h & 0x3FFF
    return None


def _jpeg(f) -> tuple[int, int] | None:  # noqa: ANN001 - a binary file positioned after SOI
    while True:
        marker = f.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        while marker[1] == 0xFF:  # fill bytes
            marker = marker[:1] + f.read(1)
        code = marker[1]
        if code in (0xD8, 0x01) or 0xD0 <= code <= 0xD7:
            continue
        length = struct.unpack(">H", f.read(2))[0]
        if code in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h, w = struct.unpack(">xHH", f.read(5))
            return w, h
        f.seek(length - 2, 1)


IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'\s(src|width|height)="([^"]*)"', re.I)


def size_images(site: Path) -> int:
    """Add width and height to every <img> in the built HTML that points at a local raster file; returns how many."""
    added = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "<img" not in text:
            continue
        base = page.parent

        def fix(match: re.Match[str]) -> str:
            nonlocal added
            tag = match.group(0)
            attrs = {k.lower(): v for k, v in ATTR.findall(tag)}
            if "width" in attrs and "height" in attrs or "src" not in attrs:
                return tag
            src = urlsplit(html.unescape(attrs["src"]))
            if src.scheme or src.netloc:
                return tag
            target = (site / unquote(src.path).lstrip("/")) if src.path.startswith("/") else base / unquote(src.path)
            size = image_size(Path(posixpath.normpath(target.as_posix())))
            if size is None:
                return tag
            added += 1
            return re.sub(r"^<img\b", f'<img width="{size[0]}" height="{size[1]}"', tag)

        new = IMG.sub(fix, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return added
