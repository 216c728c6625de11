"""Step 5: write generated files under docs/, touching only what changed and removing what is gone."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    cached: int = 0  # case pages not rendered again: their inputs were unchanged (generator/site/cache.py)


def write_files(docs_dir: Path, files: dict[str, str | bytes | Path], owned: tuple[str, ...]) -> WriteStats:
    """Write what changed; remove files under the generator's own paths (`owned`, see pages.GENERATED) that
    are no longer produced."""
    stats = WriteStats()
    for rel in sorted(files):
        target = docs_dir / rel
        content = files[rel]
        if content == target:  # a page the cache found current (generator/site/cache.py): nothing to read or write
            stats.unchanged += 1
            continue
        data = content.read_bytes() if isinstance(content, Path) else content if isinstance(content, bytes) else content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            stats.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stats.written.append(rel)
    stats.removed = _remove_stale(docs_dir, set(files), owned)
    return stats


def _remove_stale(docs_dir: Path, keep: set[str], owned: tuple[str, ...]) -> list[str]:
    removed = []
    for top in owned:
        root = docs_dir / top
        paths = [root] if root.is_file() else sorted(root.rglob("*"), reverse=True) if root.is_dir() else []
        for path in paths:
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_file() and rel not in keep:
                path.unlink()
                removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return removed
