"""The commented skeleton that `catalogue new` writes."""

from __future__ import annotations

from generator.render import environment


def skeleton(case_id: str, year: int) -> str:
    """A case file with every required field and a placeholder the validator refuses until replaced."""
    return environment().get_template("skeleton.yml.j2").render(id=case_id, year=year)
