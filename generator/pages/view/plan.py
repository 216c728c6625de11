"""The plan sections of a case page, in the application form's order: story, plans, services, design, users,
demonstration, schedule. A section the case does not fill is None (left out, heading and all).

Free text (Markdown written by the contributor) is kept raw, an explicit unknown as Unknown: the template's
`md` filter renders and cleans it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.read.values import Unknown, is_unknown, unknown_reason
from generator.pages.view.words import DASH, Image, Ref, Said, image, or_dash, refs, said, told

if TYPE_CHECKING:
    from generator.catalogue.model import Case


@dataclass(frozen=True)
class Challenge:
    challenge: Any
    solution: Any
    refs: list[Ref] = field(default_factory=list)  # where the challenge and its solution are published


def story(case: "Case") -> list[Challenge]:
    return [Challenge(told(i["challenge"]), told(i["solution"]), refs(i["source"], case.source_numbers)) for i in case.data["story"]]


@dataclass(frozen=True)
class Plan:
    title: Any
    addresses: list[int]  # numbers of the challenges (課題 1, 課題 2 …) it answers
    description: Any


def plans(case: "Case") -> list[Plan]:
    return [Plan(p["title"], list(p["addresses"] or []), told(p["description"])) for p in case.data["plans"]]


@dataclass(frozen=True)
class Service:
    name: Any
    refs: list[Ref]
    status: Said
    status_date: Any  # shown after the status when given
    operation: Any
    users: Said  # as written, 公開資料に記載なし（reason） when unknown, — when not written
    technologies: str  # joined with 、, or a dash
    description: Any
    status_reason: Any  # "<status>の理由", when given


@dataclass(frozen=True)
class Concept:
    """導入するスマートシティ(サービス)の概要: purpose, services, cooperation with neighbouring areas."""

    purpose: Any
    services: list[Service]
    cooperation: bool  # the sub-section 近隣地域との連携 is shown
    cooperation_text: Any


def _service(s: dict[str, Any], numbers: dict[str, int]) -> Service:
    return Service(s["name"], refs(s["source"], numbers), said(s["status"]), s["status_date"] or None,
                   or_dash(s["operation"]), said(s["users"]), "、".join(map(str, s["technologies"])) if s["technologies"] else DASH,
                   told(s["description"]), told(s["status_reason"]) or None)


def concept(case: "Case") -> Concept | None:
    d = case.data
    if not (d["purpose"] or d["services"] or d["cooperation"]):
        return None
    coop = d["cooperation"]
    return Concept(told(d["purpose"]) or None, [_service(s, case.source_numbers) for s in d["services"]],
                   bool(coop), told(coop["description"]) if coop else None)


@dataclass(frozen=True)
class DataSet:
    name: Any
    url: Any  # None: the name without a link
    provider: Any
    open: Any  # 公開 / 非公開 as written; Unknown when the case does not say (never 非公開)


@dataclass(frozen=True)
class Plateau:
    used: bool | Any  # True / False, or Unknown (the sentence says 活用の有無: 公開資料に記載なし)
    description: Any


@dataclass(frozen=True)
class Design:
    """スマートシティ(サービス)のデザイン."""

    architecture: Any
    diagram: Image | None
    data_heading: bool  # データ・インフラ is shown (data sets or infrastructure)
    data: list[DataSet]
    infrastructure: Any
    user_experience: Any
    plateau: Plateau | None  # None: the sub-section is left out (nothing said about PLATEAU)


def _openness(value: Any) -> Any:
    """公開 (true), 非公開 (false as written); not stated: unknown, never a negative."""
    if value is None or is_unknown(value):
        return Unknown(unknown_reason(value))
    return "公開" if value else "非公開"


def design(case: "Case") -> Design | None:
    g = case.data["design"]
    if not g:
        return None
    p = g["plateau"]
    plateau = None
    if p and p["used"] is not None:
        plateau = Plateau(told(p["used"]) if case.plateau is None else case.plateau, told(p["description"]))
    return Design(
        architecture=told(g["architecture"]) or None,
        diagram=image(case.id, g["architecture_diagram"]),
        data_heading=bool(g["data"] or g["infrastructure"]),
        data=[DataSet(i["name"], i["url"] or None, i["provider"], _openness(i["open"])) for i in g["data"] or []],
        infrastructure=told(g["infrastructure"]),
        user_experience=told(g["user_experience"]) or None,
        plateau=plateau,
    )


@dataclass(frozen=True)
class User:
    who: Any
    needs: Any
    evidence: Any  # **根拠**, when given


def users(case: "Case") -> list[User]:
    return [User(u["who"], told(u["needs"]), told(u["evidence"]) or None) for u in case.data["users"]]


DEMONSTRATION_PARTS = [("content", "実証内容"), ("method", "実証の方法"), ("reporting", "実証後の検証・報告事項"),
                       ("necessity", "実証内容の必要性・妥当性")]


@dataclass(frozen=True)
class Demonstration:
    checks: list[Any]  # 確認する事項, joined with ・
    parts: list[tuple[str, Any]]  # (heading, text) of the parts given, in the form's order


def demonstration(case: "Case") -> Demonstration | None:
    demo = case.data["demonstration"]
    if not demo:
        return None
    return Demonstration(list(demo["checks"] or []), [(h, told(demo[k])) for k, h in DEMONSTRATION_PARTS if demo[k]])


@dataclass(frozen=True)
class Schedule:
    months: list[tuple[Any, Any]]  # (month, task)
    years: list[tuple[Any, Any]]  # (year, milestone)


def schedule(case: "Case") -> Schedule | None:
    s = case.data["schedule"]
    if not s or not (s["months"] or s["years"]):
        return None
    return Schedule([(f'{m["month"]}（{m["date"]}）' if m.get("date") else m["month"], m["task"]) for m in s["months"] or []], [(y["year"], y["milestone"]) for y in s["years"] or []])
