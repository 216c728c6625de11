"""Build orchestration: generate → MkDocs → Pagefind → verification. Used by the CLI, `serve` and the benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.images import size_images
from generator.search import pagefind_command
from generator.sitemap import date_sitemap
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


def build_site(root: Path, site_dir: str, catalogue: Catalogue, site_url: str = "") -> SiteBuild:
    """MkDocs (strict) into site_dir, image sizes and sitemap dates, then the Pagefind index, then the nothing-lost verification."""
    result = SiteBuild()
    started = time.perf_counter()
    if subprocess.run(mkdocs_command("build", "--strict", "--site-dir", site_dir), cwd=root, env=mkdocs_env()).returncode != 0:
        raise BuildError("mkdocs build が失敗しました")
    size_images(root / site_dir)  # width/height on every <img>: no layout shift while images load
    date_sitemap(root, root / site_dir, catalogue, site_url)  # lastmod from git history, not the build date
    result.seconds["mkdocs"] = time.perf_counter() - started
    started = time.perf_counter()
    if subprocess.run(pagefind_command(site_dir), cwd=root).returncode != 0:
        raise BuildError("検索インデックス（Pagefind）の作成に失敗しました")
    result.seconds["pagefind"] = time.perf_counter() - started
    result.report = verify_site(root / site_dir, catalogue)
    return result


def preview_index(root: Path, docs_dir: Path) -> bool:
    """Build the site once into a temporary folder and put its Pagefind index in docs/pagefind/ for `serve`."""
    with tempfile.TemporaryDirectory() as tmp:
        built = subprocess.run(mkdocs_command("build", "--site-dir", tmp), cwd=root, env=mkdocs_env(), capture_output=True)
        if built.returncode != 0:
            return False
        return subprocess.run(pagefind_command(tmp, str(docs_dir / "pagefind")), cwd=root).returncode == 0
