"""The commented skeleton that `catalogue new` writes."""

from __future__ import annotations

import datetime as dt

from generator.data.refdata import FUNDING, ProgrammeYear
from generator.pages.render import environment


def skeleton(case_id: str, year: ProgrammeYear, today: dt.date | None = None) -> str:
    """A case file with the required fields and placeholders the validator refuses until replaced.

    Nothing real-looking by default: every closed field (funding, type, themes, stage) says （選んでください）
    beside the choices of `year`, so a case whose author never touched a line is refused, not filed wrongly."""
    today_text = (today or dt.date.today()).isoformat()
    return environment().get_template("skeleton.yml.j2").render(id=case_id, year=year.year, year_info=year, funding=FUNDING, today=today_text)
