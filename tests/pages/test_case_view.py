"""The case page's view (generator/pages/view/): the decisions the page makes, tested without rendering.

Each table changes one thing in a fictional sample and reads what the view decided: how an unknown is said
(with its reason), which amount and kind, which year the glance names, the KPI badges, which sections are
left out. The last tests check that the view holds raw values and that the page escapes them."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from markupsafe import Markup

from conftest import SNAPSHOT, sample_data
from generator.catalogue.model import Catalogue, build_case
from generator.pages.registry import Site, catalogue_environment
from generator.data.refdata import UNKNOWN_TEXT, load_prefectures, load_programmes, load_vocabulary
from generator.pages.render import render_page
from generator.read.values import Unknown, unknown_words
from generator.pages.view import case_view
from generator.pages.view.words import Amount, Badge

YEARS = load_programmes(SNAPSHOT / "programmes")
PREFECTURES = load_prefectures()


def make_case(change: Any = None, name: str = "sample-seseragi-mimamori"):
    data = copy.deepcopy(sample_data(name))
    if change:
        change(data)
    return build_case(data, f"cases/{data['id']}.yml", YEARS, PREFECTURES)


def view(change: Any = None, **kwargs: Any):
    return case_view(make_case(change), **kwargs)


def setter(path: str, value: Any):
    """A change that sets data[a][b]… = value (a path such as "rounds.0.budget.total"); value None deletes it."""
    def change(data: dict) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = data
        for p in parents:
            target = target[p]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return change


# --- how an unknown is said -------------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    ({"unknown": ""}, UNKNOWN_TEXT),
    ({"unknown": UNKNOWN_TEXT}, UNKNOWN_TEXT),  # the reason only repeats the words: said once
    ({"unknown": "未公表"}, f"{UNKNOWN_TEXT}（未公表）"),
    ({"unknown": "  事業者\n非公表 "}, f"{UNKNOWN_TEXT}（事業者 非公表）"),  # whitespace as one line
    ({"unknown": "非\u202e公表"}, f"{UNKNOWN_TEXT}（非公表）"),  # a bidirectional override is dropped
    (Unknown("未公表"), f"{UNKNOWN_TEXT}（未公表）"),
    ({"unknown": f"{UNKNOWN_TEXT}（報道は区の名前だけを挙げる）"}, f"{UNKNOWN_TEXT}（報道は区の名前だけを挙げる）"),  # the words said once
], ids=["no-reason", "reason-repeats-words", "reason", "whitespace", "bidi-override", "view-object", "reason-starts-with-the-words"])
def test_unknown_is_said_with_its_reason(value: Any, words: str) -> None:
    assert unknown_words(value) == words


@pytest.mark.parametrize("stage, glance, summary", [
    ("実装", "実装", "実装"),
    ({"unknown": "未公表"}, UNKNOWN_TEXT, Unknown("未公表")),  # the table says why; the glance stays short
    (None, UNKNOWN_TEXT, UNKNOWN_TEXT),  # absent: plain words, not the unknown mark
], ids=["given", "unknown", "absent"])
def test_stage_unknown_or_absent(stage: Any, glance: str, summary: Any) -> None:
    v = view(setter("stage", stage))
    assert v.glance.stage == glance
    assert v.summary.stage == summary


@pytest.mark.parametrize("used, summary, sentence", [
    (True, "活用している", True),
    (False, "活用していない", False),
    ({"unknown": "資料に記載なし"}, Unknown("資料に記載なし"), Unknown("資料に記載なし")),
    (None, UNKNOWN_TEXT, None),  # not said at all: unknown in the table, no PLATEAU sub-section (never 活用していない)
], ids=["used", "not-used", "unknown", "absent"])
def test_plateau_is_never_a_negative_when_not_published(used: Any, summary: Any, sentence: Any) -> None:
    v = view(setter("design.plateau.used", used))
    assert v.summary.plateau == summary
    assert (v.design.plateau.used if v.design.plateau else None) == sentence


@pytest.mark.parametrize("member, shown", [
    (True, "構成員"), (False, "構成員ではない"), (None, "—"), ({"unknown": "未公表"}, Unknown("未公表")),
], ids=["member", "not-member", "not-said", "unknown"])
def test_partner_membership(member: Any, shown: Any) -> None:
    partner = {"name": "サンプル交通（株）", "kind": "民間", **({} if member is None else {"member": member})}
    assert view(setter("partners", [partner])).team.partners[0].member == shown


@pytest.mark.parametrize("themes, links, unknown", [
    (["safety-security"], [("安心・安全の提供", None)], None),
    ([{"theme": "safety-security", "inferred": "事業名から推定"}], [("安心・安全の提供", "事業名から推定")], None),
    ([{"theme": "安心・安全の提供", "inferred": "事業名から推定"}, "disaster-prevention"], [("安心・安全の提供", "事業名から推定"), ("防災の高度化", None)], None),
    ([{"unknown": "報道は事業名だけ"}], [], Unknown("報道は事業名だけ")),
], ids=["published", "inferred", "inferred-by-title-beside-published", "unknown"])
def test_a_theme_inferred_or_unknown_is_said_so(themes: list, links: list, unknown: Any) -> None:
    v = view(setter("rounds.0.themes", themes))
    assert [(t.title, t.inferred) for t in v.summary.themes] == links
    assert v.summary.themes_unknown == unknown


@pytest.mark.parametrize("open_, shown", [
    (True, "公開"), (False, "非公開"), (None, Unknown("")), ({"unknown": "未公表"}, Unknown("未公表")),
], ids=["open", "not-open", "not-said", "unknown"])
def test_a_data_sets_openness_not_stated_is_unknown_never_closed(open_: Any, shown: Any) -> None:
    v = view(setter("design.data.0.open", open_))
    assert v.design.data[0].open == shown


# --- amounts: exact / 約 / range / unknown, and an amount whose kind is not published ----------------------

@pytest.mark.parametrize("total, kind, words, glance", [
    (60_000_000, "exact", "6,000万円", "6,000万円"),
    (123_456, "exact", "123,456円", "123,456円"),
    ({"approx": 500_000_000}, "approx", "約5億円", "約5億円"),
    ({"min": 100_000_000, "max": 200_000_000}, "range", "1億円〜2億円", "1億円〜2億円"),
    ({"unknown": "非公表"}, "unknown", Unknown("非公表"), f"{UNKNOWN_TEXT}（非公表）"),
], ids=["exact-man", "exact-yen", "approx", "range", "unknown"])
def test_amounts_as_published(total: Any, kind: str, words: Any, glance: str) -> None:
    v = view(setter("rounds.0.budget", {"total": total}))
    assert v.budget.rows[0] == ("事業費総額", Amount(kind, words))
    assert v.glance.budget == glance


def test_no_total_glance_says_unknown_and_the_table_leaves_the_row_out() -> None:
    v = view(setter("rounds.0.budget.total", None))
    assert (v.glance.budget_label, v.glance.budget) == ("補助額", "2,800万円")  # the amount the year does publish
    assert view(setter("rounds.0.budget", {"running_cost_per_year": 9_000_000})).glance.budget == UNKNOWN_TEXT
    assert [label for label, _ in v.budget.rows] == ["補助額", "コンソーシアム負担額", "年間ランニングコスト"]


def test_an_amount_of_unclear_kind_is_labelled_so() -> None:
    v = view(setter("rounds.0.budget", {"unclassified": {"approx": 30_000_000}}))
    assert v.budget.rows == [("金額（総額か補助額かは公開資料に記載なし）", Amount("approx", "約3,000万円"))]
    # shown at a glance for its year, never as the total: labelled 金額 and said to be of unclear kind
    assert (v.glance.budget_label, v.glance.budget, v.glance.budget_note) == ("金額", "約3,000万円", "総額か補助額かは公開資料に記載なし")


@pytest.mark.parametrize("budget, label, words", [
    ({"total": 60_000_000, "subsidy": 20_000_000}, "事業費", "6,000万円"),
    ({"total": {"unknown": "非公表"}, "subsidy": 20_000_000}, "補助額", "2,000万円"),  # the support published for the year
    ({"subsidy": {"approx": 20_000_000}, "unclassified": 30_000_000}, "補助額", "約2,000万円"),
    ({"total": {"unknown": "非公表"}}, "事業費", f"{UNKNOWN_TEXT}（非公表）"),  # nothing published: the unknown, with its reason
], ids=["total", "subsidy-when-no-total", "subsidy-before-unclassified", "nothing-published"])
def test_glance_names_the_amount_its_year_publishes(budget: dict, label: str, words: str) -> None:
    g = view(setter("rounds.0.budget", budget)).glance
    assert (g.budget_label, g.budget, g.budget_year, g.budget_note) == (label, words, 2024, None)


@pytest.mark.parametrize("other_years, year, label, words", [
    ([(2023, {"total": 10_000_000})], 2023, "事業費", "1,000万円"),
    ([(2025, {"unclassified": 31_500_000})], 2025, "金額", "3,150万円"),
    ([(2022, {"total": 5_000_000}), (2023, {"subsidy": 7_000_000})], 2023, "補助額", "700万円"),  # the nearest year
    ([(2023, {"total": 10_000_000}), (2025, {"total": 30_000_000})], 2025, "事業費", "3,000万円"),  # as near: the later
    ([(2023, {"total": {"unknown": "非公表"}})], 2024, "事業費", UNKNOWN_TEXT),  # no year publishes one
], ids=["earlier-year", "later-unclassified", "nearest", "tie-later", "none-anywhere"])
def test_glance_says_another_years_amount_with_its_year_when_the_main_year_has_none(other_years: list, year: int, label: str, words: str) -> None:
    def change(data: dict) -> None:
        main = data["rounds"][0]
        main.pop("budget")
        data["rounds"] = [{"fiscal_year": y, "funding": "補助", "budget": b} for y, b in other_years] + [main]
        data["fiscal_year"] = 2024
    g = view(change).glance
    assert (g.budget_label, g.budget, g.budget_year) == (label, words, year)


def test_rounds_table_shows_every_rounds_amounts_notes_and_sources() -> None:
    def change(data: dict) -> None:
        data["sources"].append({"id": "s9", "title": "報道（サンプル）"})
        later = {"fiscal_year": 2025, "source": "s9",
                 "budget": {"unclassified": {"min": 20_000_000, "max": 30_000_000}, "consortium_share": 5_000_000,
                            "note": "報道は「支援額」と書く", "source": "s9", "basis": "**2 年度分**の上限"}}
        data["rounds"].append(later)
        data["fiscal_year"] = 2024
    r = view(change).rounds
    assert r.unclassified is True  # the column is shown
    assert [row.unclassified for row in r.rows] == [Amount(None, "—"), Amount("range", "2,000万円〜3,000万円")]
    assert [row.total.kind for row in r.rows] == ["exact", None]
    later = r.budgets[-1]
    assert (later.year, later.amounts, later.note, [x.id for x in later.refs], later.basis) == (
        2025, [("コンソーシアム負担額", Amount("exact", "500万円"))], "報道は「支援額」と書く", ["s9"], "**2 年度分**の上限")
    assert [b.year for b in r.budgets] == [2025]  # the main round's money is under 実証に必要な経費, not repeated
    assert [x.id for x in r.rows[-1].refs] == ["s9"]  # the round's and its budget's source, once
    assert view(_two_rounds(None)).rounds.unclassified is False  # no amount of unclear kind: no column


# --- which year: the glance names the main round's year and amount ----------------------------------

def _two_rounds(fiscal_year: int | None):
    def change(data: dict) -> None:
        later = data["rounds"][0]
        earlier = {"fiscal_year": 2023, "funding": "補助", "budget": {"total": 10_000_000}}
        data["rounds"] = [earlier, later]
        if fiscal_year:
            data["fiscal_year"] = fiscal_year
    return change


@pytest.mark.parametrize("fiscal_year, year, budget", [
    (None, 2024, "6,000万円"),  # no main year given: the latest round
    (2023, 2023, "1,000万円"),  # the page's main year, with that year's amount
    (2024, 2024, "6,000万円"),
], ids=["latest-by-default", "main-year-earlier", "main-year-latest"])
def test_glance_year_is_the_main_rounds(fiscal_year: int | None, year: int, budget: str) -> None:
    v = view(_two_rounds(fiscal_year))
    assert (v.glance.budget_year, v.glance.budget, v.budget.year) == (year, budget, year)
    assert v.glance.years == [2023, 2024]
    assert [(y.year, y.main) for y in v.summary.years] == [(2023, year == 2023), (2024, year == 2024)]
    assert [r.year for r in v.rounds.rows] == [2023, 2024]


def test_one_year_is_not_marked_as_main() -> None:
    assert [(y.year, y.main) for y in view().summary.years] == [(2024, False)]


# --- KPI badges: words and symbols, never colour alone ------------------------------------------------

@pytest.mark.parametrize("kpi, badge", [
    ({"target": 300, "actuals": [{"date": "2025-03", "value": 312}]}, Badge("met", "✓", "達成")),
    ({"target": 300, "actuals": [{"date": "2025-03", "value": 299}]}, Badge("unmet", "✗", "未達")),
    ({"target": 12, "direction": "減少", "actuals": [{"date": "2025-03", "value": 9}]}, Badge("met", "✓", "達成")),
    ({"target": 12, "direction": "減少", "actuals": [{"date": "2025-03", "value": 13}]}, Badge("unmet", "✗", "未達")),
    ({"target": 300, "actuals": []}, Badge("waiting", "…", "実績待ち")),
    ({"target_text": "前年より増やす", "actuals": []}, Badge("none", "–", "数値目標なし")),
    # the latest value counts, whatever the order in the file
    ({"target": 300, "actuals": [{"date": "2025-03", "value": 312}, {"date": "2024-09", "value": 10}]}, Badge("met", "✓", "達成")),
], ids=["met", "unmet", "met-lower-is-better", "unmet-lower-is-better", "waiting", "no-target", "latest-by-date"])
def test_kpi_badges(kpi: dict, badge: Badge) -> None:
    v = view(setter("kpis", [{"name": "利用世帯数", "unit": "世帯", **kpi}]))
    assert v.kpis[0].badge == badge
    assert v.glance.kpis == [(badge, "利用世帯数")]


def test_kpi_target_text_is_shown_in_place_of_a_missing_number_or_as_a_note() -> None:
    words = view(setter("kpis", [{"name": "満足度", "target_text": "前年より高く"}])).kpis[0]
    both = view(setter("kpis", [{"name": "満足度", "target": 80, "target_text": "5段階で4以上の割合"}])).kpis[0]
    neither = view(setter("kpis", [{"name": "満足度"}])).kpis[0]
    assert (words.target, words.target_text, words.notes, words.details) == (None, "前年より高く", [], False)
    assert (both.target, both.notes, both.details) == (80, [("目標の補足", "5段階で4以上の割合")], True)
    assert (neither.target_text, neither.latest) == ("—", None)


# --- what the page leaves out -------------------------------------------------------------------------

@pytest.mark.parametrize("change, left_out", [
    (setter("design", None), "design"),
    (setter("consortium", None), "team"),  # no consortium and no partners: no 事業実施体制
    (setter("rounds.0.budget", None), "budget"),
    (setter("funding", None), "funding"),
    (setter("demonstration", None), "demonstration"),
    (setter("schedule", {"months": [], "years": []}), "schedule"),  # a schedule with nothing in it
    (lambda d: [d.pop(k) for k in ("purpose", "services", "cooperation") if k in d], "concept"),
    (setter("results", None), "results"),
    (setter("results", None), "lessons"),
    (setter("contact", None), "contact"),
    (setter("district", None), "summary.district"),
    (setter("rounds.0.type", None), "summary.subsidy_type"),
    (setter("rounds.0.category", None), "summary.category"),
    (setter("design.plateau", None), "design.plateau"),
    (setter("design.plateau.used", None), "design.plateau"),
    (None, "rounds"),  # one round without a title of its own: no 年度ごとの採択
    (None, "schedule"),
])
def test_sections_left_out(change: Any, left_out: str) -> None:
    v = view(change)
    value: Any = v
    for part in left_out.split("."):
        value = getattr(value, part)
    assert value is None


@pytest.mark.parametrize("change, present", [
    (None, "design"), (None, "team"), (None, "budget"), (None, "funding"), (None, "demonstration"), (None, "concept"),
    (None, "results"), (None, "contact"), (None, "summary.district"),
    (setter("consortium", None), "summary.subsidy_type"),
    (lambda d: (d.pop("consortium"), d.update(partners=[{"name": "サンプル大学", "kind": "大学"}])), "team"),  # partners alone
    (setter("rounds.0.title", "令和6年度の事業名"), "rounds"),
    (_two_rounds(None), "rounds"),
    (setter("schedule", {"months": [{"month": "4月", "task": "準備"}]}), "schedule"),
])
def test_sections_kept(change: Any, present: str) -> None:
    value: Any = view(change)
    for part in present.split("."):
        value = getattr(value, part)
    assert value is not None


def test_no_kpi_and_no_outcome_says_both_are_unknown() -> None:
    assert view().results_unknown is False
    v = view(lambda d: (d.pop("kpis"), d.pop("outcomes", None)))
    assert (v.results_unknown, v.kpis, v.outcomes) == (True, [], [])


def test_published_figures_that_contradict_are_said_with_their_sources() -> None:
    def change(data: dict) -> None:
        data["sources"].append({"id": "s9", "title": "報道（サンプル）"})
        data["rounds"][0]["budget"]["contradictory"] = {"source": ["sample", "s9"], "note": "補助額は報道による"}
    b = view(change).budget
    assert (b.contradiction.note, [r.id for r in b.contradiction.refs]) == ("補助額は報道による", ["sample", "s9"])
    assert view().budget.contradiction is None


MIZU = {"prefecture": "静岡県", "name": "みずほ市"}
NAGI = {"prefecture": "静岡県", "name": "なぎさ町"}
AOBA = {"prefecture": "山梨県", "name": "あおば村"}


@pytest.mark.parametrize("municipalities, place, lead_unknown", [
    ([MIZU], "静岡県 みずほ市", False),  # one municipality: it is the lead
    ([{**MIZU, "role": "代表"}, NAGI, AOBA], "静岡県 みずほ市 ほか2自治体", False),
    ([NAGI, {**MIZU, "role": "代表"}], "静岡県 みずほ市 ほか1自治体", False),  # the lead as written, wherever it stands
    ([MIZU, NAGI], "静岡県 みずほ市・なぎさ町", True),  # no stated lead: every name, the first is not made the lead
    ([MIZU, AOBA, NAGI], "静岡県 みずほ市／山梨県 あおば村／静岡県 なぎさ町", True),  # in the file's order
    ([MIZU, {**NAGI, "role": "連携"}, AOBA], "静岡県 みずほ市・なぎさ町／山梨県 あおば村", True),
], ids=["one", "lead-first", "lead-second", "no-lead", "no-lead-prefectures", "roles-but-no-lead"])
def test_several_municipalities_claim_no_lead_no_source_names(municipalities: list, place: str, lead_unknown: bool) -> None:
    v = view(setter("municipalities", municipalities))
    assert (v.glance.place, v.summary.lead_unknown) == (place, lead_unknown)
    assert [m.name for m in v.summary.municipalities] == [m["name"] for m in municipalities]


@pytest.mark.parametrize("themes", [["safety-security", "disaster-prevention"], ["安心・安全の提供", "防災の高度化"], ["安心・安全の提供", "disaster-prevention"]],
                         ids=["ids", "titles", "both"])
def test_a_theme_written_by_its_japanese_title_is_that_theme(themes: list) -> None:
    v = view(setter("rounds.0.themes", themes))
    assert [(t.title, t.page, t.primary) for t in v.summary.themes] == [
        ("安心・安全の提供", "themes/2024/safety-security.md", True), ("防災の高度化", "themes/2024/disaster-prevention.md", False)]


def test_representative_unknown_only_when_members_are_listed() -> None:
    assert view().team.consortium.lead_unknown is False
    assert view(setter("consortium.members.0.position", "主要")).team.consortium.lead_unknown is True
    assert view(setter("consortium.members", [])).team.consortium.lead_unknown is False


def test_outcomes_from_sources_that_disagree_are_flagged() -> None:
    two = [{"what": "利用者数", "value": 100, "unit": "人", "date": "2024"}, {"what": "利用者数", "value": 120, "unit": "人", "date": "2024"}]
    same = [dict(two[0]), dict(two[0])]
    assert [g.differs for g in view(setter("outcomes", two)).outcomes] == [True]
    assert [g.differs for g in view(setter("outcomes", same)).outcomes] == [False]


# --- raw values in the view, escaping on the page -----------------------------------------------------

HOSTILE = "<script>alert(1)</script> *強調* [リンク](javascript:x) | 表"


def _markup_in(value: Any, path: str = "v") -> list[str]:
    if isinstance(value, Markup):
        return [path]
    if dataclasses.is_dataclass(value):
        return [p for f in dataclasses.fields(value) for p in _markup_in(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, (list, tuple)):
        return [p for i, item in enumerate(value) for p in _markup_in(item, f"{path}[{i}]")]
    return []


def test_the_view_holds_raw_values_never_markup() -> None:
    def hostile(data: dict) -> None:
        data["kpis"][0]["name"] = HOSTILE
        data["rounds"][0]["budget"] = {"total": {"unknown": HOSTILE}}
    v = view(hostile)
    assert _markup_in(v) == []
    assert v.kpis[0].name == HOSTILE
    assert v.glance.budget == f"{UNKNOWN_TEXT}（{HOSTILE}）"


def _page(change: Any, name: str = "sample-seseragi-mimamori") -> str:
    case = make_case(change, name)
    catalogue = Catalogue([case], YEARS, sorted(PREFECTURES.values(), key=lambda p: p.code), load_vocabulary())
    return render_page(catalogue_environment(catalogue, Site()), "case.md.j2", case.page, case=case)


def test_the_page_escapes_what_the_view_holds() -> None:
    def hostile(data: dict) -> None:
        data["kpis"][0]["name"] = HOSTILE
        data["rounds"][0]["budget"] = {"total": {"unknown": HOSTILE}}
        data["stage"] = {"unknown": HOSTILE}
    page = _page(hostile)
    assert "<script>" not in page
    # the glance is raw HTML: HTML escaped, no Markdown backslashes (they would show)
    assert f"事業費</span> {UNKNOWN_TEXT}（&lt;script&gt;alert(1)&lt;/script&gt; *強調* [リンク](javascript:x) | 表）（2024年度）" in page
    # a table cell: HTML and Markdown escaped, the unknown marked as such
    assert r'<span class="cc-unknown">公開資料に記載なし（&lt;script&gt;alert(1)&lt;/script&gt; \*強調\* \[リンク\](javascript:x) \| 表）</span>' in page
    assert r"| &lt;script&gt;alert(1)&lt;/script&gt; \*強調\* \[リンク\](javascript:x) \| 表（世帯）" in page


# --- people and places as published ------------------------------------------------------------------

def test_members_not_published_or_listed_in_part_are_said_so() -> None:
    unknown = view(setter("consortium", {"name": "協議会", "members_unknown": "報道は構成員を書いていない"})).team.consortium
    assert (unknown.members, unknown_words(unknown.members_unknown)) == ([], f"{UNKNOWN_TEXT}（報道は構成員を書いていない）")
    part = view(lambda d: d["consortium"].update(members_incomplete="報道は主な 2 者だけを挙げる")).team.consortium
    assert part.members and part.members_incomplete == "報道は主な 2 者だけを挙げる" and part.members_unknown is None
    page = _page(lambda d: d["consortium"].update(members_incomplete="報道は主な 2 者だけを挙げる"))
    assert "この一覧は構成員の一部です: 報道は主な 2 者だけを挙げる" in page


def test_a_partner_municipality_is_named_with_its_code_and_is_not_a_target() -> None:
    partner = {"name": "須坂市", "prefecture": "長野県", "code": "202070", "kind": "市区町村", "role": "データ提供"}
    case = make_case(lambda d: d.update(partners=[partner]))
    shown = case_view(case).team.partners[0]
    assert shown.name == "長野県 須坂市（全国地方公共団体コード 202070）"
    assert shown.kind == "市区町村（対象自治体ではない連携自治体）"
    assert "須坂市" not in case.place and all(m["name"] != "須坂市" for m in case.data["municipalities"])


def test_related_activities_have_their_own_heading_never_under_cooperation() -> None:
    activity = {"who": "架空の省", "what": "多言語案内の実証", "when": "7月6日〜12日", "programme": {"unknown": "記載なし"}, "source": "sample"}
    page = _page(lambda d: (d.update(related_activities=[activity]), d.update(cooperation={"description": "隣の町と共同で運用する"})))
    section = page[page.index("## 事業外の関連する取組"):]
    assert "| 7月6日〜12日（年は公開資料に記載なし） | 架空の省 | 多言語案内の実証 |" in section.split("\n## ")[0]
    cooperation = page[page.index("### 近隣地域との連携"):]
    assert "多言語案内の実証" not in cooperation[:cooperation.index("\n## ")]


@pytest.mark.parametrize("date, words", [
    ("11月18日", "11月18日（年は公開資料に記載なし）"),
    ("7月6日〜12日", "7月6日〜12日（年は公開資料に記載なし）"),
    ("2024-07-06〜2024-07-12", "令和6年（2024年）7月6日〜令和6年（2024年）7月12日"),
    ("2024-07-06〜12日", "令和6年（2024年）7月6日〜12日"),
])
def test_dates_without_a_year_and_ranges_are_said_as_published(date: str, words: str) -> None:
    from generator.read.values import date_words
    assert date_words(date) == words


def test_money_outside_the_rounds_has_its_own_heading_never_a_rounds() -> None:
    """sample-urara-unei: an investment made years before and a running cost belong to no round."""
    page = _page(None, "sample-urara-unei")
    budget = page[page.index("## 実証に必要な経費"):]
    budget = budget[:budget.index("\n## ")]
    assert "2億円" not in budget and "1,200万円" not in budget
    other = page[page.index("## 年度の経費の外のお金と支援"):]
    other = other[:other.index("\n## ")]
    assert "| これまでの投資 | 市全体のデータ連携基盤の整備 | 2億円 | 令和元年（2019年） | うらら島市 |" in other
    assert "| 現物支援 | 交通事業者からの職員 2 名の出向（人件費の額は公表されていない） | — |" in other
    rounds = page[page.index("## 年度ごとの採択"):]
    assert "2億円" not in rounds[:rounds.index("\n## ")] if "\n## " in rounds else "2億円" not in rounds
