from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "cases").glob("*.yml"))
PROJECT_PARTS = ["mkdocs.yml", "cases", "themes", "docs", "overrides"]


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project (sources only, no generated pages)."""
    from generator.write import GENERATED

    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        else:
            shutil.copy2(src, target / part)
    for rel in GENERATED:
        path = target / "docs" / rel
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def sample_data(name: str = "sample-seseragi-mimamori") -> dict:
    return yaml.safe_load((ROOT / "cases" / f"{name}.yml").read_text(encoding="utf-8"))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built once per test session with `catalogue build`; returns the project root."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    done = run_cli("build", cwd=root)
    assert done.returncode == 0, done.stderr
    return root
