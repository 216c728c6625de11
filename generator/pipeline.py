"""The whole path, load → validate → model → render → write, for a project folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import CaseError, Problem
from generator.load import Document, load_document, load_yaml_file
from generator.model import Case, Catalogue, Prefecture, ThemeYear, build_case, theme_year_from_data
from generator.render import render_catalogue
from generator.validate import Context, check_catalogue, check_document, image_problem
from generator.write import WriteStats, write_files

PREFECTURES_FILE = Path(__file__).parent / "data" / "prefectures.yml"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def themes_dir(self) -> Path:
        return self.root / "themes"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def case_files(self) -> list[Path]:
        return sorted(p for p in self.cases_dir.glob("*.y*ml") if p.suffix in (".yml", ".yaml"))

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
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


def load_prefectures() -> dict[str, Prefecture]:
    rows = load_yaml_file(PREFECTURES_FILE)["prefectures"]
    return {r["name"]: Prefecture(r["code"], r["name"], r["slug"], r["region"]) for r in rows}


def load_themes(project: Project) -> dict[int, ThemeYear]:
    years = {}
    for path in sorted(project.themes_dir.glob("*.yml")):
        doc = load_document(path, project.rel(path))
        try:
            year = theme_year_from_data(doc.data)
        except (KeyError, TypeError, ValueError) as exc:
            raise CaseError([Problem(doc.file, 1, 1, f"重点テーマのファイルの形が正しくありません（{exc}）。themes/2024.yml と同じ形で書いてください")]) from None
        if path.stem != str(year.year):
            raise CaseError([Problem(doc.file, *doc.where(("fiscal_year",)), f"ファイル名 {path.name} と年度 {year.year} が違います。{year.year}.yml にしてください")])
        years[year.year] = year
    return years


def context(project: Project, today: dt.date | None = None) -> Context:
    return Context(load_themes(project), load_prefectures(), project.cases_dir, today or dt.date.today())


def validate(project: Project, files: list[Path] | None = None, ctx: Context | None = None) -> Result:
    ctx = ctx or context(project)
    result = Result()
    for path in files if files is not None else project.case_files():
        result.files_read += 1
        file = project.rel(path)
        try:
            doc = load_document(path, file)
        except CaseError as exc:
            result.problems += exc.problems
            continue
        result.documents.append(doc)
        result.problems += check_document(doc, ctx)
    result.problems += check_catalogue(result.documents)
    result.problems.sort()
    return result


def catalogue_from(project: Project, result: Result, ctx: Context) -> Catalogue:
    cases = []
    for doc in result.valid():
        case = build_case(doc.data, doc.file, ctx.themes, ctx.prefectures)
        case.assets = _assets(project, case)
        cases.append(case)
    return Catalogue(cases, ctx.themes, sorted(ctx.prefectures.values(), key=lambda p: p.code))


def _assets(project: Project, case: Case) -> dict[str, Path]:
    folder = project.cases_dir / case.id
    images = [case.data["key_visual"], (case.data["design"] or {}).get("architecture_diagram")]
    return {img["src"]: folder / img["src"] for img in images if img and image_problem(folder, img["src"]) is None}


def generate(project: Project, result: Result | None = None) -> tuple[Result, Catalogue, WriteStats]:
    ctx = context(project)
    result = result or validate(project, ctx=ctx)
    catalogue = catalogue_from(project, result, ctx)
    stats = write_files(project.docs_dir, render_catalogue(catalogue))
    return result, catalogue, stats
