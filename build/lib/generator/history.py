"""When each case file last changed, from git history (one git call for all files)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path, folder: str = "cases") -> dict[str, str]:
    """{'cases/x.yml': '2026-11-24', ...} from `git log`; empty when git or history is unavailable."""
    try:
        done = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", folder],
                              cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in done.stdout.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line and line not in dates:
            dates[line] = current
    return dates
