"""The whole path, load → validate → model → render → write, for a project folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.site.cache import PageCache, code_fingerprint, folder_fingerprint
from generator.read.errors import CaseError, Problem
from generator.pages.formula import formula_warnings
from generator.catalogue.history import file_dates
from generator.read.load import MAX_BYTES, Document, load_document
from generator.catalogue.model import Case, Catalogue, build_case
from generator.pages.registry import GENERATED, Site, render_catalogue
from generator.pages.render import environment, render_page
from generator.data.refdata import ProgrammeYear, load_municipalities, load_prefectures, load_programmes as _load_programmes, load_vocabulary
from generator.check import KEEP_POSITIONS, Context, check_catalogue, check_document, image_problem
from generator.site.write import WriteStats, write_files


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def programmes_dir(self) -> Path:
        return self.root / "programmes"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def case_files(self) -> list[Path]:
        """Every name cases/*.yml or *.yaml, whatever it is: reading refuses what is not a plain file."""
        return sorted(p for p in self.cases_dir.glob("*.y*ml") if p.suffix in (".yml", ".yaml"))

    def stray_case_files(self) -> list[Path]:
        """YAML files in a subfolder of cases/: never read as cases, so they are named instead of ignored."""
        found = []
        for folder, dirs, files in os.walk(self.cases_dir):  # symlinked folders are not followed
            if Path(folder) != self.cases_dir:
                found += [Path(folder) / f for f in files if f.endswith((".yml", ".yaml"))]
        return sorted(found)

    def site(self) -> Site:
        """Site and repository addresses, read from mkdocs.yml as text (the generator never imports MkDocs)."""
        text = (self.root / "mkdocs.yml").read_text(encoding="utf-8")
        found = {k: m.group(1) for k in ("site_url", "repo_url") if (m := re.search(rf"^{k}:\s*(\S+)\s*$", text, re.M))}
        return Site(url=found.get("site_url", Site.url).rstrip("/") + "/", repo_url=found.get("repo_url", "").rstrip("/"))

    def rel(self, path: Path) -> str:
        if path.parent == self.cases_dir:  # the common case, without touching the disk
            return f"cases/{path.name}"
        for here, root in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),  # a symlink keeps its own name
                           (path.resolve(), self.root.resolve())):
            try:
                return here.relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()


@dataclass
class Result:
    """What a validation run found: the valid documents and every problem."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def valid(self) -> list[Document]:
        bad = {p.file for p in self.errors}
        return [d for d in self.documents if d.file not in bad]


def load_programmes(project: Project) -> dict[int, ProgrammeYear]:
    return _load_programmes(project.programmes_dir, project.rel)


def context(project: Project, today: dt.date | None = None) -> Context:
    return Context(load_programmes(project), load_prefectures(), project.cases_dir, today or dt.date.today(), load_municipalities())


PARALLEL_FROM = 400  # below this many files, starting worker processes costs more than it saves


Checked = tuple["Document | None", list[Problem]]


def validate(project: Project, files: list[Path] | None = None, ctx: Context | None = None,
             memo: dict[str, tuple[str, Checked]] | None = None) -> Result:
    """Check every case file. memo (kept by `catalogue serve` between saves): file → (content key, outcome);
    a file whose bytes, image folder and date are unchanged is not parsed or checked again."""
    ctx = ctx or context(project)
    paths = files if files is not None else project.case_files()
    jobs = [(path, project.rel(path), ctx) for path in paths]
    keys = [_memo_key(path, ctx) for path in paths] if memo is not None else []
    todo = [i for i, job in enumerate(jobs) if memo is None or memo.get(job[1], ("",))[0] != keys[i]]
    if len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor() as pool:
            fresh = list(pool.map(_check_file, [jobs[i] for i in todo], chunksize=200))
    else:
        fresh = [_check_file(jobs[i]) for i in todo]
    if memo is not None:
        for i, outcome in zip(todo, fresh):
            memo[jobs[i][1]] = (keys[i], outcome)
        for gone in set(memo) - {job[1] for job in jobs}:
            del memo[gone]
        checked = [memo[job[1]][1] for job in jobs]
    else:
        checked = fresh
    result = Result(files_read=len(jobs))
    for doc, problems in checked:
        result.problems += problems
        if doc is not None:
            result.documents.append(doc)
    result.problems += check_catalogue(result.documents)
    if files is None:
        result.problems += [Problem(project.rel(p), 1, 1, f"事例ファイルがサブフォルダにあるため、読み込まれません。事例なら cases/{p.name} に移してください（cases/事例ID/ のフォルダには画像だけを置きます）")
                            for p in project.stray_case_files()]
    result.problems.sort()
    return result


def _memo_key(path: Path, ctx: Context) -> str:
    digest = hashlib.sha256(str(ctx.today).encode())
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:  # refused when read: never opened here
            return ""
        digest.update(path.read_bytes())
    except OSError:
        return ""
    folder = path.parent / path.stem  # images are checked on disk: their names, sizes and times count too
    if folder.is_dir():
        for item in sorted(folder.rglob("*")):
            entry = item.lstat()
            digest.update(f"{item.relative_to(folder)}\0{entry.st_size}\0{entry.st_mtime_ns}\0{item.is_symlink()}".encode())
    return digest.hexdigest()


def _check_file(job: tuple[Path, str, Context]) -> tuple[Document | None, list[Problem]]:
    path, file, ctx = job
    try:
        doc = load_document(path, file)
    except CaseError as exc:
        return None, exc.problems
    problems = check_document(doc, ctx)
    if isinstance(doc.data, dict):
        problems += formula_warnings(doc)
    doc.slim(KEEP_POSITIONS)  # all that check_catalogue reports at
    return doc, problems


def catalogue_from(project: Project, result: Result, ctx: Context) -> Catalogue:
    cases = []
    for doc in result.valid():
        case = build_case(doc.data, doc.file, ctx.years, ctx.prefectures)
        case.assets = _assets(project, case)
        cases.append(case)
    return Catalogue(cases, ctx.years, sorted(ctx.prefectures.values(), key=lambda p: p.code), load_vocabulary())


def _assets(project: Project, case: Case) -> dict[str, Path]:
    folder = project.cases_dir / case.id
    images = [case.data["key_visual"], (case.data["design"] or {}).get("architecture_diagram")]
    return {img["src"]: folder / img["src"] for img in images if img and image_problem(folder, img["src"]) is None}


def generate(project: Project, result: Result | None = None, preview: bool = False, incremental: bool = True,
             memo: dict[str, tuple[str, Checked]] | None = None, keep: tuple[str, ...] = ()) -> tuple[Result, Catalogue, WriteStats]:
    """Validate, model, render, write. preview (`catalogue serve`): a case file with errors gets a page at
    its case address that lists the errors, instead of no page (a 404 in the browser). incremental: case
    pages whose inputs are unchanged are not rendered again (generator/site/cache.py). memo: see validate().
    keep: roots under docs/ (see pages.GENERATED, never "cases") left as they are this time: after a save the
    preview renders the case pages at once and the rest (listings, open data) in the background."""
    ctx = context(project)
    result = result or validate(project, ctx=ctx, memo=memo)
    catalogue = catalogue_from(project, result, ctx)
    dates = file_dates(project.root, "cases")
    for case in catalogue.cases:
        if case.source in dates:
            found = dates[case.source]
            case.updated, case.first_commit, case.last_commit = found.last_day, found.first, found.last
    site = project.site()
    cache = None
    if incremental:
        shared = [code_fingerprint(), folder_fingerprint(project.programmes_dir), site.url, site.repo_url]
        cache = PageCache(project.root, project.docs_dir, hashlib.sha256(json.dumps(shared).encode()).hexdigest())
    files = render_catalogue(catalogue, site, cache, {d.file: d.digest for d in result.documents}, skip=keep)
    for root in keep:
        kept = project.docs_dir / root
        found = [kept] if kept.is_file() else [p for p in kept.rglob("*") if p.is_file()] if kept.is_dir() else []
        files.update({p.relative_to(project.docs_dir).as_posix(): p for p in found})
    if preview:
        files.update({path: text for path, text in error_pages(project, result).items() if path not in files})
    stats = write_files(project.docs_dir, files, GENERATED)
    stats.cached = cache.hits if cache else 0
    if cache is not None:
        cache.save()
    return result, catalogue, stats


def error_pages(project: Project, result: Result) -> dict[str, str]:
    """For the preview: cases/<file name>.md listing the errors of each case file that has any."""
    by_file: dict[str, list[Problem]] = {}
    for problem in result.errors:
        if problem.file.startswith("cases/") and problem.file.count("/") == 1:
            by_file.setdefault(problem.file, []).append(problem)
    titles = {d.file: d.data.get("title") for d in result.documents if isinstance(d.data, dict)}
    env = environment()
    pages = {}
    for file, problems in by_file.items():
        stem = Path(file).stem
        title = titles.get(file)
        path = f"cases/{stem}.md"
        pages[path] = render_page(env, "case-error.md.j2", path, source=file, problems=problems,
                                  title=title if isinstance(title, str) and title.strip() else stem)
    return pages
