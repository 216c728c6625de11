from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from generator.site.devtools import CHROMIUM, CHROMIUM_ARGS, serve_folder

ROOT = Path(__file__).resolve().parent.parent
# The sources are copied once when the tests start: tests read and build this snapshot, never the live
# folders, so an edit in cases/ while the tests run changes nothing (and the tests never write there).
SNAPSHOT = Path(tempfile.mkdtemp(prefix="catalogue-snapshot-"))
PROJECT_PARTS = ["mkdocs.yml", "cases", "programmes", "docs", "overrides"]
for _part in PROJECT_PARTS:
    (shutil.copytree if (ROOT / _part).is_dir() else shutil.copy2)(ROOT / _part, SNAPSHOT / _part)
# The tests' project holds the fictional samples only: each documents one situation and the tests recount them.
# The real cases (entered from published sources) are checked by tests/catalogue/test_real_cases.py against a copy of their own.
REAL_CASES = sorted(p for p in (ROOT / "cases").glob("*.yml") if yaml.safe_load(p.read_text(encoding="utf-8")).get("sample") is not True)
for _real in REAL_CASES:
    (SNAPSHOT / "cases" / _real.name).unlink()
    shutil.rmtree(SNAPSHOT / "cases" / _real.stem, ignore_errors=True)
SAMPLES = sorted((SNAPSHOT / "cases").glob("*.yml"))
# The programme year the tests are about, named (not "the newest themed year": a later year with themes
# must not move a dozen tests to other themes in silence).
YEAR = 2024
THEME_FILES = [p for p in sorted((SNAPSHOT / "programmes").glob("*.yml")) if yaml.safe_load(p.read_text(encoding="utf-8")).get("pillars")]  # every themed year
THEMES = yaml.safe_load((SNAPSHOT / "programmes" / f"{YEAR}.yml").read_text(encoding="utf-8"))
FIRST_THEME = THEMES["pillars"][0]["themes"][0]["id"]


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project (sources only, no generated pages)."""
    from generator.pages.registry import GENERATED

    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = SNAPSHOT / part
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
    return yaml.safe_load((SNAPSHOT / "cases" / f"{name}.yml").read_text(encoding="utf-8"))


# Markers (registered in pyproject.toml, strict): `browser` = headless chromium, `build` = a full MkDocs build
# (`catalogue build` / `serve`, mkdocs, zensical). `make check` runs the rest: -m "not browser and not build".
# A test that uses the shared site (built_site, site_url) or a browser is marked here; a test that builds a site
# of its own says @pytest.mark.build, and run_cli refuses a build in a test that does not.
SITE_FIXTURES = {"built_site", "built_site_log", "site_url"}
_CURRENT_MARKS: set[str] = set()


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SITE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.build)
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # set before the item's fixtures: a module fixture that builds runs inside its first test
    _CURRENT_MARKS.clear()
    _CURRENT_MARKS.update(m.name for m in item.iter_markers())


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if args and args[0] in ("build", "serve") and "build" not in _CURRENT_MARKS:
        pytest.fail(f"`catalogue {args[0]}` is a full MkDocs build: mark the test @pytest.mark.build "
                    "(or read the shared built_site)", pytrace=False)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project after `catalogue generate` (docs/ written, no MkDocs build), once per session; read only.

    The shared built site is built in this same folder, so a test that reads only generated docs needs no build.
    """
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    done = run_cli("generate", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="session")
def _shared_build(generated_site: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = generated_site
    done = run_cli("build", cwd=root)
    assert done.returncode == 0, done.stderr
    return root, done


@pytest.fixture(scope="session")
def built_site(_shared_build) -> Path:
    """The sample project built once per test session with `catalogue build`; returns the project root.

    Shared by every test that only reads it (site/, docs/, cases/): a test that changes a file builds its own copy
    (`project` / `copy_project`) instead.
    """
    return _shared_build[0]


@pytest.fixture(scope="session")
def built_site_log(_shared_build) -> str:
    """What `catalogue build` of the shared site wrote to stderr (its summary)."""
    return _shared_build[1].stderr



@pytest.fixture(scope="session")
def site_for():
    """Serve a built site folder over HTTP on localhost (Pagefind needs http, not file://)."""
    servers = []

    def serve(folder: Path) -> str:
        url, server = serve_folder(folder)
        servers.append(server)
        return url

    yield serve
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_for) -> str:
    return site_for(built_site / "site")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium. Missing browser: skip locally, fail when CATALOGUE_REQUIRE_BROWSER=1 (CI)."""
    import os

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium"
        if os.environ.get("CATALOGUE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" and "cyberjapandata" not in m.text and "Failed to load resource" not in m.text else None)
    yield pg
    context.close()


def round_themes(case: dict, year: int, inferred: bool = True) -> list[str]:
    """Theme ids a case names in its round of `year` (format 2: themes belong to a round): as published, and the
    inferred ones ({theme: …, inferred: 根拠}) unless inferred=False; an unknown ({unknown: …}) names none."""
    out = []
    for r in case.get("rounds", []):
        if r.get("fiscal_year") != year:
            continue
        for t in r.get("themes", []):
            if isinstance(t, str):
                out.append(t)
            elif inferred and "theme" in t:
                out.append(t["theme"])
    return out
