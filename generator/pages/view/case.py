"""The view of one case page: every decision the page makes, so that the templates only lay it out.

case_view(case, site) is what templates/case.md.j2 reads (as `v`); each section of the page is one field,
in the page's order, and None (or an empty list) when the page leaves the section out.
"""

from __future__ import annotations

from generator.read.values import as_written, provenance_words

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.data.refdata import UNKNOWN_TEXT
from generator.pages.view.plan import Challenge, Concept, Demonstration, Design, Plan, Schedule, User, concept, demonstration, design, plans, schedule, story, users
from generator.pages.view.results import Fact, Kpi, OutcomeGroup, Rounds, facts, kpi, outcomes, rounds
from generator.pages.view.team import Budget, Funding, OtherMoney, RelatedActivity, Team, budget, funding, other_money, related_activities, team
from generator.pages.view.top import Glance, Summary, glance, summary
from generator.pages.view.words import Ref, Said, refs, said, told

if TYPE_CHECKING:
    from generator.catalogue.model import Case


@dataclass(frozen=True)
class Link:
    title: Any
    url: Any
    kind: Any


@dataclass(frozen=True)
class Related:
    title: str
    page: str
    sample: bool
    place: str
    theme: str | None  # the related case's main theme


@dataclass(frozen=True)
class Contact:
    department: Said
    phone: Any
    email: Any
    url: Any

    @property
    def mailto(self) -> str:
        return f"mailto:{self.email}"


@dataclass(frozen=True)
class Source:
    id: Any
    url: Any  # None: the title without a link
    title: Any
    publisher: Any  # (publisher、published) when given
    published: Any
    seen: Any  # 閲覧日


@dataclass(frozen=True)
class CaseView:
    id: str
    source: str  # the case file, relative to the project
    title: str
    sample: bool  # a fictional sample: the page says so first
    glance: Glance
    summary: Summary
    lessons: Any  # 横展開に向けた教訓, shown at the top
    vision: Any
    vision_refs: list[Ref]  # where the vision is published (vision_source)
    story: list[Challenge]
    plans: list[Plan]
    concept: Concept | None
    design: Design | None
    team: Team | None
    users: list[User]
    funding: Funding | None
    budget: Budget | None
    other_money: list[OtherMoney]  # 年度の経費の外のお金と支援 (other_money), never under a round's heading
    demonstration: Demonstration | None
    schedule: Schedule | None
    kpis: list[Kpi]
    results_unknown: bool  # neither KPIs nor outcomes: the page says both are unknown
    outcomes: list[OutcomeGroup]
    facts: list[Fact]
    results: Any  # 実証結果 (summary)
    rounds: Rounds | None
    activities: list[RelatedActivity]  # 事業外の関連する取組 (related_activities), under their own heading
    links: list[Link]
    related: list[Related]
    contact: Contact | None
    sources: list[Source]
    updated: str | None  # last change of the case file (git)
    history: str | None  # the file's commit history on the repository's host, when the site names one
    provenance: str | None = None  # who wrote it and on what basis (values.provenance_words); None for samples


def _contact(c: dict[str, Any] | None) -> Contact | None:
    return Contact(said(c["department"], UNKNOWN_TEXT), c["phone"], c["email"], c["url"]) if c else None


def case_view(case: "Case", site: Any = None) -> CaseView:
    d = case.data
    results = d["results"] or {}
    repo_url = getattr(site, "repo_url", "") or ""
    kpis = [kpi(k, case.source_numbers) for k in case.kpis]
    return CaseView(
        id=case.id, source=case.source, title=d["title"], sample=case.sample,
        glance=glance(case), summary=summary(case),
        lessons=told(results.get("lessons")) or None,
        vision=told(d["vision"]), vision_refs=refs(d["vision_source"], case.source_numbers),
        story=story(case), plans=plans(case), concept=concept(case), design=design(case), team=team(case),
        users=users(case), funding=funding(case), budget=budget(case), other_money=other_money(case), demonstration=demonstration(case),
        schedule=schedule(case),
        kpis=kpis, results_unknown=not kpis and not d["outcomes"], outcomes=outcomes(case), facts=facts(case),
        results=told(results.get("summary")) or None,
        rounds=rounds(case), activities=related_activities(case),
        links=[Link(x["title"], x["url"], as_written(x["kind"])) for x in d["links"]],
        related=[Related(r.title, r.page, r.sample, r.place, r.primary_theme.title if r.primary_theme else None) for r in case.related],
        contact=_contact(d["contact"]),
        sources=[Source(s["id"], s["url"] or None, s["title"], s["publisher"], s["published"], s["seen"]) for s in d["sources"]],
        updated=case.updated,
        history=f"{repo_url}/commits/main/{case.source}" if repo_url else None,
        provenance=provenance_words(d),
    )
