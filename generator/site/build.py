"""Build orchestration: generate → MkDocs → Pagefind → verification. Used by the CLI, `serve` and the benchmark."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.site.images import size_images
from generator.pages.search import PagefindMissing, index_site
from generator.site.sitemap import date_sitemap
from generator.site.verify import Report, verify_site
from generator.catalogue.model import Catalogue


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


SHARD_HOOK = Path(__file__).with_name("mkdocs_shard.py")
SHARD_FROM = 200  # case pages; below this, a second MkDocs process costs more than it saves


def shard_count(cases: int) -> int:
    """How many MkDocs processes render the pages: one per core from SHARD_FROM cases (CATALOGUE_SHARDS overrides)."""
    if "CATALOGUE_SHARDS" in os.environ:
        return max(1, int(os.environ["CATALOGUE_SHARDS"]))
    return 1 if cases < SHARD_FROM else max(1, min(os.cpu_count() or 1, 4))


def hook_config(root: Path, name: str, preview: bool = False) -> Path:
    """mkdocs.yml plus the shard hook (INHERIT replaces lists, so the project's hooks are repeated). preview: sets
    `extra.preview` (INHERIT merges mappings), which lets the preview's live-reload script run (overrides/partials/csp.html)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^hooks:[ \t]*\n((?:[ \t]+-[^\n]*\n)+)", text, re.M)
    hooks = [line.split("-", 1)[1].strip() for line in found.group(1).splitlines()] if found else []
    config = root / f".catalogue-{name}.yml"
    config.write_text("INHERIT: mkdocs.yml\nhooks:\n" + "".join(f"  - {json.dumps(h)}\n" for h in [*hooks, str(SHARD_HOOK)])
                      + ("extra:\n  preview: true\n" if preview else ""), encoding="utf-8")
    return config


def run_mkdocs(root: Path, site_dir: str, shards: int = 1, strict: bool = True) -> None:
    """`mkdocs build` into site_dir, in `shards` processes at once whose outputs are merged (mkdocs_shard.py)."""
    flags = ["--strict"] if strict else []
    if shards <= 1:
        if subprocess.run(mkdocs_command("build", *flags, "--site-dir", site_dir), cwd=root, env=mkdocs_env()).returncode != 0:
            raise BuildError("mkdocs build が失敗しました")
        return
    site = root / site_dir
    configs = [hook_config(root, f"shard-{k}") for k in range(shards)]
    outputs = [site] + [root / f".catalogue-shard-{k}-site" for k in range(1, shards)]
    try:
        logs = [tempfile.TemporaryFile() for _ in range(shards)]
        procs = [subprocess.Popen(mkdocs_command("build", *flags, "--config-file", str(configs[k]), "--site-dir", str(outputs[k])),
                                  cwd=root, env={**mkdocs_env(), "CATALOGUE_SHARD": f"{k}/{shards}"}, stdout=subprocess.DEVNULL,
                                  stderr=logs[k]) for k in range(shards)]
        codes = [p.wait() for p in procs]
        for k, log in enumerate(logs):
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace") if codes[k] != 0 else "")
            log.close()
        if any(codes):
            raise BuildError("mkdocs build が失敗しました")
        for output in outputs[1:]:
            _merge(output, site)
    finally:
        for config in configs:
            config.unlink(missing_ok=True)
        for output in outputs[1:]:
            shutil.rmtree(output, ignore_errors=True)


def _merge(shard: Path, site: Path) -> None:
    """Move a shard's pages into the site; a page written by two shards would be a bug in the split."""
    for path in sorted(shard.rglob("*")):
        if path.is_file():
            target = site / path.relative_to(shard)
            if target.exists():
                raise BuildError(f"ページ {target.relative_to(site)} が 2 つのシャードで作られました（ビルドの分割の誤り）")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def build_site(root: Path, site_dir: str, catalogue: Catalogue, site_url: str = "", shards: int | None = None) -> SiteBuild:
    """MkDocs (strict, sharded at scale) into site_dir, image sizes and sitemap dates, then the Pagefind index,
    then the nothing-lost verification."""
    result = SiteBuild()
    started = time.perf_counter()
    run_mkdocs(root, site_dir, shard_count(len(catalogue.cases)) if shards is None else shards)
    size_images(root / site_dir)  # width/height on every <img>: no layout shift while images load
    date_sitemap(root, root / site_dir, catalogue, site_url)  # lastmod from git history, not the build date
    result.seconds["mkdocs"] = time.perf_counter() - started
    started = time.perf_counter()
    try:
        indexed = index_site((root / site_dir).resolve(), (root / site_dir / "pagefind").resolve())
    except PagefindMissing as exc:
        raise BuildError(str(exc)) from None
    if not indexed:
        raise BuildError("検索インデックス（Pagefind）の作成に失敗しました")
    result.seconds["pagefind"] = time.perf_counter() - started
    result.report = verify_site(root / site_dir, catalogue)
    return result
