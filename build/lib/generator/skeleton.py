"""The commented skeleton that `catalogue new` writes."""

from __future__ import annotations

import datetime as dt

from generator.render import environment


def skeleton(case_id: str, year: int, today: dt.date | None = None) -> str:
    """A case file with the required fields and placeholders the validator refuses until replaced."""
    return environment().get_template("skeleton.yml.j2").render(id=case_id, year=year, today=(today or dt.date.today()).isoformat())
