"""Who carries the project and how it is paid for: 事業実施体制, 費用負担の考え方, 実証に必要な経費."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.read.values import Unknown, as_written, is_unknown
from generator.pages.view.words import DASH, Amount, Ref, Said, amount, or_dash, refs, said, told

if TYPE_CHECKING:
    from generator.catalogue.model import Case

POSITIONS = {"代表": "◎ 代表", "主要": "○ 主要", None: DASH}


@dataclass(frozen=True)
class Member:
    position: Any  # ◎ 代表 / ○ 主要 / — / as written
    name: Any
    kind: Any
    role: Any


@dataclass(frozen=True)
class Consortium:
    name: Said
    refs: list[Ref]
    members: list[Member]
    lead_unknown: bool  # members are listed but none is the representative: 代表（◎）: 公開資料に記載なし
    members_unknown: Said = None  # 構成員: 公開資料に記載なし（reason）, when the members are not published
    members_incomplete: Any = None  # the list is only part of the members (the contributor's explanation)


@dataclass(frozen=True)
class Partner:
    name: Any
    refs: list[Ref]
    kind: Any
    role: Any
    member: Said  # 構成員 / 構成員ではない / unknown / — (not said)
    when: list[Any]  # period and services (joined with ・), those given; none: a dash


@dataclass(frozen=True)
class Participation:
    """A municipality that takes part in some services or for a period only."""

    name: Any
    services: Any  # joined with ・, or すべてのサービス
    period: Any


@dataclass(frozen=True)
class Team:
    consortium: Consortium | None
    partners: list[Partner]
    participation: list[Participation]


def _consortium(c: dict[str, Any] | None, numbers: dict[str, int]) -> Consortium | None:
    if not c:
        return None
    members = c["members"] or []
    return Consortium(said(c["name"]), refs(c["source"], numbers),
                      [Member(POSITIONS.get(m["position"], m["position"]), m["name"], as_written(m["kind"]), or_dash(m["role"])) for m in members],
                      bool(members) and not any(m["position"] == "代表" for m in members),
                      Unknown(c["members_unknown"]) if c["members_unknown"] else None, told(c["members_incomplete"]) or None)


def _member(value: Any) -> Said:
    if value is None:
        return DASH
    if is_unknown(value):
        return told(value)
    return "構成員" if value else "構成員ではない"


def _partner(p: dict[str, Any], numbers: dict[str, int]) -> Partner:
    when = [w for w in (p["period"], "・".join(map(str, p["services"])) if p["services"] else None) if w]
    name = " ".join(str(x) for x in (p["prefecture"], p["name"]) if x)  # a partner municipality: 長野県 みどり町
    if p["code"]:
        name += f"（全国地方公共団体コード {p['code']}）"
    kind = "市区町村（対象自治体ではない連携自治体）" if p["kind"] == "市区町村" else or_dash(as_written(p["kind"]))
    return Partner(name, refs(p["source"], numbers), kind, or_dash(p["role"]), _member(p["member"]), when)


@dataclass(frozen=True)
class RelatedActivity:
    """Work outside the programme (another ministry's trial, another body's work in the district): who, what, when."""

    who: Any
    what: Any
    when: Any  # a flexible date (shown with `| date`), or None: —
    programme: Said
    refs: list[Ref]


def related_activities(case: "Case") -> list[RelatedActivity]:
    return [RelatedActivity(a["who"], told(a["what"]), a["when"], said(a["programme"]), refs(a["source"], case.source_numbers))
            for a in case.data["related_activities"]]


def team(case: "Case") -> Team | None:
    d = case.data
    if not (d["consortium"] or d["partners"]):
        return None
    return Team(
        _consortium(d["consortium"], case.source_numbers),
        [_partner(p, case.source_numbers) for p in d["partners"]],
        [Participation(m["name"], "・".join(map(str, m["services"])) if m["services"] else "すべてのサービス", m["period"])
         for m in d["municipalities"] if m["services"] or m["period"]],
    )


@dataclass(frozen=True)
class Funding:
    """費用負担の考え方: the approach, short- and long-term monetisation (each shown when given)."""

    approach: Any
    short_term: Any
    long_term: Any


def funding(case: "Case") -> Funding | None:
    f = case.data["funding"]
    if not f:
        return None
    return Funding(told(f["approach"]), told(f["short_term"]) or None, told(f["long_term"]) or None)


BUDGET_ROWS = [("total", "事業費総額"), ("subsidy", "補助額"), ("consortium_share", "コンソーシアム負担額"),
               ("initial_investment", "初期投資"), ("running_cost_per_year", "年間ランニングコスト"),
               ("unclassified", "金額（総額か補助額かは公開資料に記載なし）")]  # an amount published without saying which


@dataclass(frozen=True)
class OtherSource:
    name: Any
    note: Any
    amount: Amount


@dataclass(frozen=True)
class Contradiction:
    """Published figures that disagree (budget.contradictory): said on the page with the sources that carry them."""

    note: Any
    refs: list[Ref]


def contradiction(b: dict[str, Any], numbers: dict[str, int]) -> Contradiction | None:
    c = b["contradictory"]
    return Contradiction(c["note"], refs(c["source"], numbers)) if c else None


@dataclass(frozen=True)
class Budget:
    """実証に必要な経費 of the main round: the amounts given (an absent one has no row), as published."""

    year: int
    rows: list[tuple[str, Amount]]
    full_state_funding: bool  # row コンソーシアム負担: なし（国費10割）
    others: list[OtherSource]
    note_shown: bool  # the note line (note and its sources)
    note: Any
    refs: list[Ref]
    basis: Any  # 補助額の根拠
    contradiction: Contradiction | None  # 公表資料の金額の食い違い


def budget(case: "Case") -> Budget | None:
    b = case.main.data["budget"]
    if not b:
        return None
    return Budget(
        year=case.main.year,
        rows=[(label, amount(b[key])) for key, label in BUDGET_ROWS if b[key] is not None],
        full_state_funding=bool(b["full_state_funding"]),
        others=[OtherSource(s["name"], s["note"] or None, amount(s["amount"])) for s in b["other_sources"] or []],
        note_shown=bool(b["note"] or b["source"]),
        note=b["note"] or "",
        refs=refs(b["source"], case.source_numbers),
        basis=told(b["basis"]) or None,
        contradiction=contradiction(b, case.source_numbers),
    )


@dataclass(frozen=True)
class OtherMoney:
    """Money or support outside every round's budget (other_money): an earlier investment, a running cost, a user
    fee, in-kind support. Shown under its own heading with its date and source, never under a round's."""

    kind: str  # as written: a listed word, or the text of {other: …}
    what: Any
    amount: Amount | None  # None: no amount published for it (e.g. seconded staff)
    per: Any
    when: Any  # a flexible date (shown with `| date`), or None
    who: Any
    note: Any
    refs: list[Ref]


def other_money(case: "Case") -> list[OtherMoney]:
    return [OtherMoney(as_written(m["kind"]), m["what"], amount(m["amount"]) if m["amount"] is not None else None, m["per"], m["date"],
                       or_dash(m["who"]), m["note"], refs(m["source"], case.source_numbers)) for m in case.data["other_money"]]
