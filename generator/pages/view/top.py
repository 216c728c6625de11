"""The top of a case page: the glance (key visual, key concept, facts, KPI badges) and the summary table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.data.refdata import UNKNOWN_TEXT
from generator.read.values import amount_kind, unknown_reason
from generator.pages.view.words import AS_PUBLISHED, Badge, Image, Ref, Said, Unknown, amount_text, badge, image, refs, said, told, unlisted_type

if TYPE_CHECKING:
    from generator.catalogue.model import Case


@dataclass(frozen=True)
class Glance:
    """What a reader sees first. Unknown is said, never left blank; the stage and amount are plain words here."""

    visual: Image | None
    concept: str | Unknown | None  # None: no key concept heading at all
    concept_refs: list[Ref]  # where the key concept is published (key_concept_source)
    place: str
    on_map: bool  # the case has a location: link to the map
    years: list[int]
    stage: str  # the stage, or 公開資料に記載なし (the reason is in the summary table)
    budget_label: str  # 事業費 / 補助額 / 金額: which amount the glance names (see glance_amount)
    budget: str  # that amount in words (exact / 約 / range), or the main round's total unknown with its reason
    budget_year: int  # the year that amount belongs to: the main round's, else the nearest year that publishes one
    budget_note: str | None  # said after the year: 総額か補助額かは公開資料に記載なし for an amount of unclear kind
    kpis: list[tuple[Badge, Any]]  # (attainment badge, KPI name)


# The amounts the glance may name, in order: the total, else the subsidy, else an amount whose kind is not published.
GLANCE_AMOUNTS = [("total", "事業費", None), ("subsidy", "補助額", None), ("unclassified", "金額", "総額か補助額かは公開資料に記載なし")]


def _published(budget: dict[str, Any] | None) -> tuple[str, Any, str | None] | None:
    for key, label, note in GLANCE_AMOUNTS:
        if budget and amount_kind(budget[key]) in ("exact", "approx", "range"):
            return label, budget[key], note
    return None


def glance_amount(case: "Case") -> tuple[str, str, int, str | None]:
    """(label, words, year, note): the main round's published amount; when it publishes none, the amount of the
    round nearest in years that does (a later one first), with its year; else the main total's unknown, said."""
    main = case.main
    others = sorted((r for r in case.rounds if r is not main), key=lambda r: (abs(r.year - main.year), -r.year))
    for r in [main, *others]:
        found = _published(r.data["budget"])
        if found:
            label, value, note = found
            return label, amount_text(value), r.year, note
    budget = main.data["budget"]
    total = budget["total"] if budget else None
    return "事業費", UNKNOWN_TEXT if total is None else amount_text(total), main.year, None


def glance(case: "Case") -> Glance:
    d = case.data
    label, words, year, note = glance_amount(case)
    concept = d["key_concept"]
    return Glance(
        visual=image(case.id, d["key_visual"]),
        concept=concept if concept is None or isinstance(concept, str) else Unknown(unknown_reason(concept)),
        concept_refs=refs(d["key_concept_source"], case.source_numbers),
        place=case.place,
        on_map=bool(d["location"]),
        years=case.years,
        stage=d["stage"] if isinstance(d["stage"], str) else UNKNOWN_TEXT,
        budget_label=label, budget=words, budget_year=year, budget_note=note,
        kpis=[(badge(k.attainment), k.data["name"]) for k in case.kpis],
    )


@dataclass(frozen=True)
class Municipality:
    prefecture: Any
    name: Any
    note: list[Any]  # (role、period): the period is said only with a role


@dataclass(frozen=True)
class Year:
    year: int
    main: bool  # marked as the page's main year (only when the case has several years)


@dataclass(frozen=True)
class ThemeLink:
    title: str
    page: str
    primary: bool  # marked as the main theme (only when there are several)
    inferred: str | None = None  # not published as the round's theme: inferred, with why (shown so)


@dataclass(frozen=True)
class Summary:
    """The summary table. A row set to None is left out; a value never given is said (— or 公開資料に記載なし)."""

    municipalities: list[Municipality]
    lead_unknown: bool  # several municipalities, none written as 代表: the row says the lead is not published
    district: Any  # None: no row
    main_district: tuple[int, Any] | None  # (year, the main round's own district) said beside the case's; None when not written or the same
    years: list[Year]
    programme: Said
    funding: Said
    full_state_funding: bool  # 国費10割 after the kind of support
    subsidy_type: Said | None
    unlisted_type: str | None  # after a type the year's file does not list: 上限 … 。公表資料のとおり…
    category: Said | None
    themes: list[ThemeLink]
    published_themes: list[str]  # themes the year's file does not list, shown as published (not checked)
    published_note: str | None  # said after them: 公表資料のとおり。この年度の登録にないもの
    themes_unknown: Any  # Unknown: the main round says its themes are not published (the row says so); else None
    stage: Said
    technologies: list[str]
    plateau: Said  # 活用している / 活用していない / unknown (never a negative when not published)


def _note(m: dict[str, Any], co_leads: bool = False) -> list[Any]:
    if not m["role"]:
        return []
    role = "共同代表" if co_leads and m["role"] == "代表" else m["role"]  # several written 代表, as the sources say
    return [role, m["period"]] if m["period"] else [role]


def plateau_words(case: "Case") -> Said:
    if case.plateau is None:
        design = case.data["design"]
        used = design["plateau"]["used"] if design and design["plateau"] else None
        return said(used, UNKNOWN_TEXT)
    return "活用している" if case.plateau else "活用していない"


def summary(case: "Case") -> Summary:
    d, main = case.data, case.main
    several = len(case.years) > 1
    themes = case.themes
    return Summary(
        municipalities=[Municipality(m["prefecture"], m["name"], _note(m, len(case.leads) > 1)) for m in d["municipalities"]],
        lead_unknown=not case.leads,
        district=d["district"] or main.data["district"] or None,
        main_district=(main.year, main.data["district"]) if d["district"] and main.data["district"] not in (None, d["district"]) else None,
        years=[Year(y, several and y == main.year) for y in case.years],
        programme=said(main.programme, UNKNOWN_TEXT),
        funding=said(main.funding, UNKNOWN_TEXT),
        full_state_funding=bool(main.data["budget"] and main.data["budget"]["full_state_funding"]),
        subsidy_type=None if main.subsidy_type is None else said(main.subsidy_type),
        unlisted_type=unlisted_type(main.data["published_type"]),
        category=None if main.data["category"] is None else said(main.data["category"]),
        themes=[ThemeLink(t.title, t.page, i == 0 and len(themes) > 1, main.inferred.get(t.id)) for i, t in enumerate(themes)],
        published_themes=main.published_themes,
        published_note=AS_PUBLISHED if main.published_themes else None,
        themes_unknown=told(main.themes_unknown) if main.themes_unknown is not None and not themes else None,
        stage=said(d["stage"], UNKNOWN_TEXT),
        technologies=case.technologies,
        plateau=plateau_words(case),
    )
