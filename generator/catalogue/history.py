"""When each file was first and last committed, from git history (one git call for all files)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    """Committer times (ISO 8601 with offset, e.g. 2026-11-24T09:30:00+09:00) of a file's first and last commit."""

    first: str
    last: str

    @property
    def last_day(self) -> str:
        return self.last[:10]


def file_dates(root: Path, *folders: str) -> dict[str, FileDates]:
    """{'cases/x.yml': FileDates(first, last), ...} from `git log`; empty when git or history is unavailable."""
    try:
        done = subprocess.run(["git", "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", *(folders or ("cases",))],
                              cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    last: dict[str, str] = {}
    first: dict[str, str] = {}
    current = ""
    for line in done.stdout.splitlines():  # newest commit first
        if line.startswith("\x00"):
            current = line[1:]
        elif line:
            last.setdefault(line, current)
            first[line] = current  # overwritten until the oldest commit
    return {path: FileDates(first[path], last[path]) for path in last}

