"""Build orchestration: generate → MkDocs → Pagefind → verification. Used by the CLI, `serve` and the benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.search import pagefind_command
from generator.verify import Report, verify_site
from generator.model import Catalogue


def mkdocs_env() -> dict[str, str]:
    """The environment MkDocs runs in: its 2.0 announcement banner silenced (we pin mkdocs<2)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


class BuildError(Exception):
    """A build step failed; the message is a Japanese sentence for the contributor."""


@dataclass
class SiteBuild:
    seconds: dict[str, float] = field(default_factory=dict)
    report: Report | None = None


def build_site(root: Path, site_dir: str, catalogue: Catalogue) -> SiteBuild:
    """MkDocs (strict) into site_dir, then the Pagefind index, then the nothing-lost verification."""
    result = SiteBuild()
    started = time.perf_counter()
    if subprocess.run(mkdocs_command("build", "--strict", "--site-dir", site_dir), cwd=root, env=mkdocs_env()).returncode != 0:
        raise BuildError("mkdocs build が失敗しました")
    result.seconds["mkdocs"] = time.perf_counter() - started
    started = time.perf_counter()
    if subprocess.run(pagefind_command(site_dir), cwd=root).returncode != 0:
        raise BuildError("検索インデックス（Pagefind）の作成に失敗しました")
    result.seconds["pagefind"] = time.perf_counter() - started
    result.report = verify_site(root / site_dir, catalogue)
    return result
