"""Coverage: of the districts a programme year selected (programmes/<year>.yml `selected`, as published), which
ones the catalogue holds a real case for. The year pages and the home page say 「令和6年度に採択された 13 地区の
うち 9 地区を掲載」 and list the others with an invitation to contribute; a case page links to its entry.

A district is held when a real case (never a sample) has a round in that year and names the district's
municipality code; a district published without a municipality (けいはんな地区) is matched by its name, or by the
words its entry gives as `match` (the catalogue's matching, said so in the programme file), in the case's title
or district.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.data.refdata import ProgrammeYear, Selected

if TYPE_CHECKING:
    from generator.catalogue.model import Case, Catalogue


@dataclass(frozen=True)
class Entry:
    selected: Selected
    cases: list["Case"]


@dataclass(frozen=True)
class Coverage:
    year: ProgrammeYear
    entries: list[Entry]

    @property
    def listed(self) -> list[Entry]:
        return [e for e in self.entries if e.cases]

    @property
    def missing(self) -> list[Entry]:
        return [e for e in self.entries if not e.cases]


def holds(case: "Case", selected: Selected, year: int) -> bool:
    if year not in case.years:
        return False
    if selected.code:
        return selected.code in {str(m.get("code") or "") for m in case.data["municipalities"]}
    words = selected.match or selected.name
    return words in case.title or words in str(case.data.get("district") or "")


def coverage(catalogue: "Catalogue", year: int) -> Coverage | None:
    info = catalogue.years.get(year)
    if info is None or info.selected is None:
        return None
    return Coverage(info, [Entry(s, [c for c in catalogue.real if holds(c, s, year)]) for s in info.selected])


def coverages(catalogue: "Catalogue") -> list[Coverage]:
    """Every year that records its selection, newest first."""
    found = [coverage(catalogue, y) for y in sorted(catalogue.years, reverse=True)]
    return [c for c in found if c is not None]


def selections_of(case: "Case", catalogue: "Catalogue") -> list[tuple[int, Selected]]:
    """The selection entries a case is one of: (year, entry), for the case page's link."""
    if case.sample:
        return []
    return [(y, s) for y in case.years if (info := catalogue.years.get(y)) and info.selected for s in info.selected if holds(case, s, y)]
