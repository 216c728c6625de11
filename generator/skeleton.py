"""The commented skeleton that `catalogue new` writes."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.render import TEMPLATES


def skeleton(case_id: str, year: int) -> str:
    """A case file with every required field and a placeholder the validator refuses until replaced."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("skeleton.yml.j2").render(id=case_id, year=year)
