"""Reality over the form: each situation found in real published projects validates without a lie,
and its page says the fact as published (unknown as unknown, never as a negative).

The samples named here are fictional; each is built on one situation (see the comment at its top).
The second table runs the rules that used to reject truthful real cases, on non-sample copies made
only inside a temporary project.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import run_cli

# (sample, texts its page must show, texts it must not show)
SITUATIONS = [
    ("sample-kawabe-itaku", ["令和2年度（2020年度）", "委託", "国の委託調査（サンプル）", "かわべ市 内水氾濫リスク可視化調査", "1,200万円",
                             "令和6年度（2024年度）（このページの 主な年度 ）"], []),
    ("sample-minamidai-zengaku", ["国費10割", "コンソーシアム負担 なし（国費10割）", "実証のみ", "実証後の運行費を町の予算で確保できず",
                                  "令和3年度（2021年度）", "利用者の声", "補助タイプ 公開資料に記載なし"], ["本格導入後の効果検証"]),
    ("sample-asahino-rename", ["あさひ野市 ウォーカブル推進データ基盤構築事業", "令和7年度（2025年度）", "3,000万円", "代表（◎）: 公開資料に記載なし",
                               "担当部署: 公開資料に記載なし", "PLATEAU 公開資料に記載なし", "段階 公開資料に記載なし"], ["活用していない"]),
    ("sample-tsubame-okane", ["約5億円", "1億円〜2億円", "金額（総額か補助額かは公開資料に記載なし） 4,800万円", "年間ランニングコスト 600万円"], ["50,000万円"]),
    ("sample-hoshizora-seika", ["出典によって値が異なります", "-51%", "-40%", "第三者（架空の交通研究所）", "実証後", "令和6年度（2024年度）",
                                "9月（年は公開資料に記載なし）", "3 時間先の予測は渋滞のピークを実際より遅く示した", "1,475 台", "7,000 地点", "157 ha", "3 km",
                                "信号調整をしていない隣の交差点 -5%"], ["本格導入後の効果検証"]),
    ("sample-koiki-renkei", ["やまあい村の参加: 避難所混雑マップ（2024年度のみ）", "陸上自衛隊", "流域防災協議会の会長", "構成員ではない",
                             "幹事", "停止（令和7年（2025年）3月）", "避難所の受付で人数を入力する職員が確保できず", "運用中"], []),
    ("sample-kogane-shiengaku", ["金額 2,750万円（2025年度。総額か補助額かは公開資料に記載なし）", "金額※", "※ 総額か補助額かが公開資料に書かれていない金額です。",
                                 "— 2,750万円 [2]", "令和7年度（2025年度）の経費: コンソーシアム負担額 公開資料に記載なし",
                                 "報道は「支援額」2,750万円と書く。総額か補助額かは記事に書かれていない。 [2]"],
     ["事業費 公開資料に記載なし", "— — [2]"]),
    ("sample-futaba-kyodo", ["場所 岡山県 ふたば町・みつば村／広島県 よつば市", "岡山県 ふたば町、岡山県 みつば村、広島県 よつば市（代表の自治体: 公開資料に記載なし）"],
     ["ふたば町 ほか2自治体"]),
    ("sample-kuichigai-kingaku", ["事業費総額 3,000万円", "補助額 3,500万円", "公表資料の金額の食い違い : 事業費総額 3,000万円は市の資料（s1）、補助額 3,500万円は報道（s2）による。"],
     []),
    ("sample-mizunara-kakunendo", ["— 600万円 — [1]", "1,200万円 1,200万円 — [2]", "2,000万円〜3,000万円 — 約1,500万円 [3] [4]",
                                   "町営バスの時刻表データ みずなら町（サンプル） 公開資料に記載なし"], ["非公開"]),
    ("sample-hayate-senkou", ["平成30年度（2018年度） 内閣府 未来技術の地域実装事業（架空） はやて市 オンデマンド交通の先行実証", "500万円",
                              "市の資料は「事業費 500万円」とだけ書き、補助額か総額かを書いていない。 [1]"], []),
    ("sample-tsukimi-suitei", ["重点テーマ 安心・安全の提供 （推定: 事業名（見守り）から推定。公表資料は重点テーマを書いていない）"], []),
    ("sample-kiri-fumei", ["重点テーマ 公開資料に記載なし（報道は採択された町の名前と事業名だけを書く）"], []),
    ("sample-nagisa-jogen", ["なぎさ浜町 漁港データ活用の検討 助言・ハンズオン支援（資金なし） 公開資料に記載なし（補助タイプではなく", "岸壁の混雑表示", "実証中（令和7年（2025年）1月）", "構築中（令和7年（2025年）1月）"],
     ["公開資料に記載なし（実証中", "公開資料に記載なし（構築中", "支援の種類 公開資料に記載なし"]),
    ("sample-tomoe-kanren", ["構成員: 公開資料に記載なし（報道はコンソーシアム名だけを書き、構成員を書いていない）",
                             "連携先（対象自治体以外）", "鹿児島県 しおさい町 [1] 市区町村（対象自治体ではない連携自治体）",
                             "事業外の関連する取組", "令和5年（2023年）11月 架空の省（サンプル） 同じ港町地区で",
                             "7月6日〜12日（年は公開資料に記載なし） ともえ浦大学（サンプル）", "2024-07（7月6日〜12日）",
                             "11月18日（年は公開資料に記載なし）", "場所 鹿児島県 ともえ浦市"],
     ["近隣地域との連携", "ほか1自治体", "しおさい町 ほか"]),
    ("sample-urara-unei", ["年度の経費の外のお金と支援", "これまでの投資 市全体のデータ連携基盤の整備 2億円 令和元年（2019年） うらら島市",
                           "運営費 データ連携基盤の運営 年間 約1,200万円 令和5年度（2023年度）", "利用料 オンデマンドバスの運賃 1 回 300円",
                           "現物支援 交通事業者からの職員 2 名の出向（人件費の額は公表されていない） — 令和6年（2024年）4月〜令和7年（2025年）3月"],
     ["事業費総額 2億円", "初期投資 2億円", "年間ランニングコスト 約1,200万円"]),
    ("sample-sasayuri-gaisuu", ["最大1秒程度", "約21,000人", "2〜5分", "約2.3 km", "21,000 人以上", "10〜20 基"], ["21,000 人 —"]),
    ("sample-ichiran-gai", ["いちょう台商工会議所（サンプル） 商工会議所", "架空地方気象台 [1] 気象台 天候データの提供", "ふるさと納税 商店街の催しに充てた寄附 150万円"],
     ["その他"]),
    ("sample-toroku-gai", ["補助タイプ 戦略的スマートシティ実装タイプ（上限 5,000万円。公表資料のとおり。この年度の登録にないもの）",
                           "重点テーマ 都市空間・インフラ維持管理手法の高度化 、交通・モビリティ（公表資料のとおり。この年度の登録にないもの）",
                           "補助 戦略的スマートシティ実装タイプ（上限 5,000万円。公表どおり） 8,000万円 3,500万円 [1]",
                           "令和7年度（2025年度）に公表資料が挙げる重点テーマ: 地域交通の再構築（公表資料のとおり。この年度の登録にないもの）"],
     ["補助タイプ 公開資料に記載なし"]),
    ("sample-kyodo-daihyo", ["場所 宮城県 あおば市・わかば町（共同代表） ほか1自治体", "宮城県 あおば市（共同代表）、宮城県 わかば町（共同代表）、宮城県 もみじ村（連携）"],
     ["代表の自治体: 公開資料に記載なし", "あおば市 ほか2自治体"]),
    ("sample-riyousha-fumei", ["施設予約データの見える化 [1] 実証中 — 公開資料に記載なし（公開資料は利用者を書いていない）"], []),
    ("sample-shutten-tsuki", ["通学路のカメラと地域の見守りボランティアの記録をつなぐ [2]", "見守りの目が多い市。 出典 [1]",
                              "ボランティアの立つ場所を絞る。 出典 [3]"], []),
    ("sample-niji-koubo", ["年度 公募・地区 事業", "令和7年度（2025年度） 二次公募・みさき港地区 公開資料に記載なし",
                           "地区 みさき駅前地区（令和7年度（2025年度）は みさき港地区）"], []),
]

# (sample, open-data file, the row's other keys, what its cells say): the open data says the fact as published.
DATA_CELLS = [
    ("sample-mizunara-kakunendo", "rounds.csv", {"fiscal_year": "2023"},
     {"main": "False", "subsidy": "6000000", "subsidy_kind": "正確", "total": "", "total_kind": "", "full_state_funding": "不明"}),
    ("sample-mizunara-kakunendo", "rounds.csv", {"fiscal_year": "2024"},  # subsidy = total, 国費10割 not said: not False
     {"total": "12000000", "subsidy": "12000000", "full_state_funding": "不明"}),
    ("sample-mizunara-kakunendo", "rounds.csv", {"fiscal_year": "2025"},
     {"main": "True", "total": "20000000", "total_max": "30000000", "total_kind": "幅", "total_as_published": "2,000万円〜3,000万円",
      "unclassified": "15000000", "unclassified_kind": "約", "unclassified_as_published": "約1,500万円"}),
    ("sample-mizunara-kakunendo", "cases.csv", {}, {"full_state_funding": "不明", "unclassified_as_published": "約1,500万円", "budget_total": ""}),
    ("sample-minamidai-zengaku", "cases.csv", {}, {"full_state_funding": "True"}),
    ("sample-nagisa-jogen", "rounds.csv", {"fiscal_year": "2023"}, {"funding": "助言・ハンズオン支援（資金なし）"}),  # another value, not unknown
    ("sample-seseragi-mimamori", "cases.csv", {}, {"full_state_funding": "False"}),  # the consortium pays a share
    ("sample-urara-unei", "other-money.csv", {"kind": "これまでの投資"},
     {"amount": "200000000", "amount_kind": "正確", "date": "2019", "who": "うらら島市", "source": "うらら島市 データ連携基盤の予算資料（サンプル）"}),
    ("sample-urara-unei", "other-money.csv", {"kind": "運営費"},
     {"amount": "12000000", "amount_kind": "約", "amount_as_published": "約1,200万円", "per": "年間", "date": "FY2023"}),
    ("sample-urara-unei", "other-money.csv", {"kind": "現物支援"}, {"amount": "", "amount_kind": "", "amount_as_published": "", "who": "（株）サンプル島交通"}),
    ("sample-urara-unei", "rounds.csv", {"fiscal_year": "2024"}, {"total": "", "total_kind": "不明"}),  # never the earlier investment
    ("sample-sasayuri-gaisuu", "outcomes.csv", {"what": "信号との通信の遅れ"},
     {"value": "1", "value_kind": "限定つき", "qualifier": "最大；程度", "value_as_published": "最大1秒程度"}),
    ("sample-sasayuri-gaisuu", "outcomes.csv", {"what": "実証期間中の乗車人数"},
     {"value": "21000", "value_kind": "約", "qualifier": "約", "value_as_published": "約21,000人"}),
    ("sample-sasayuri-gaisuu", "outcomes.csv", {"what": "一便あたりの遅れ"}, {"value": "2", "value_max": "5", "value_kind": "幅", "qualifier": ""}),
    ("sample-sasayuri-gaisuu", "outcomes.csv", {"what": "自動運転の走行区間"}, {"kind": "数量", "value": "2.3", "value_kind": "約"}),
    ("sample-sasayuri-gaisuu", "outcomes.csv", {"what": "沿線の人口"}, {"value": "21000", "value_kind": "限定つき", "qualifier": "以上"}),
    ("sample-hoshizora-seika", "outcomes.csv", {"what": "設置したカメラ"}, {"value": "1475", "value_kind": "正確", "qualifier": ""}),
    ("sample-ichiran-gai", "cases.csv", {}, {"member_kinds": "自治体；商工会議所；民間"}),  # as written, not その他
    ("sample-ichiran-gai", "other-money.csv", {"what": "商店街の催しに充てた寄附"}, {"kind": "ふるさと納税", "amount": "1500000"}),
    ("sample-tomoe-kanren", "cases.csv", {}, {"member_kinds": "不明"}),  # members not published: never an empty list
    ("sample-toroku-gai", "rounds.csv", {"fiscal_year": "2024"},
     {"type": "戦略的スマートシティ実装タイプ", "type_unlisted_cap": "50000000", "published_themes": "交通・モビリティ",
      "themes": "都市空間・インフラ維持管理手法の高度化"}),
    ("sample-toroku-gai", "rounds.csv", {"fiscal_year": "2025"}, {"type": "", "published_themes": "地域交通の再構築", "themes": ""}),
    ("sample-toroku-gai", "cases.csv", {}, {"subsidy_type": "戦略的スマートシティ実装タイプ"}),
    ("sample-niji-koubo", "rounds.csv", {"fiscal_year": "2025"}, {"call": "二次公募", "district": "みさき港地区", "unclassified": "9000000"}),
    ("sample-niji-koubo", "rounds.csv", {"fiscal_year": "2024"}, {"call": "", "district": ""}),
    # the review page's table (its CSV): an unlisted type's cap with its source is no unsourced figure
    ("sample-toroku-gai", "review/2024-infrastructure-management.csv", {}, {"重点テーマの出典": "公表資料", "出典のない数値": "0"}),
    ("sample-tsukimi-suitei", "review/2024-safety-security.csv", {}, {"重点テーマの出典": "推定（公表資料に記載なし）"}),
]

# (statistics table id, row, count): the statistics page counts the fact as published.
STATS_ROWS = [
    ("table-subsidy", "戦略的スマートシティ実装タイプ", 1),  # a type the year's file does not list: counted as written
]


@pytest.mark.parametrize(("table", "row", "count"), STATS_ROWS, ids=[f"{t}-{r}" for t, r, _ in STATS_ROWS])
def test_situation_in_the_statistics_as_published(built_site: Path, table: str, row: str, count: int) -> None:
    page = (built_site / "docs" / "stats.md").read_text(encoding="utf-8")
    part = page[page.index(f'id="{table}"'):]
    assert f'<tr><th scope="row">{row}</th><td>{count}</td></tr>' in part[:part.index("</table>")]


@pytest.mark.parametrize(("case_id", "name", "keys", "cells"), DATA_CELLS, ids=[f"{d[0]}-{d[1]}-{i}" for i, d in enumerate(DATA_CELLS)])
def test_situation_in_the_open_data_as_published(built_site: Path, case_id: str, name: str, keys: dict, cells: dict) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((built_site / "site" / "data" / name).read_text(encoding="utf-8-sig"))))
    mine = [r for r in rows if (r.get("case_id") or r.get("id") or r.get("事例ID")) == case_id and all(r[k] == v for k, v in keys.items())]
    assert len(mine) == 1, (case_id, keys)
    assert {k: mine[0][k] for k in cells} == cells


def _text(html: str) -> str:
    main = html[html.index("<article"):html.index("</article>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.mark.parametrize(("case_id", "shown", "absent"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_situation_validates_and_the_page_says_it_as_published(built_site: Path, case_id: str, shown: list[str], absent: list[str]) -> None:
    done = run_cli("validate", f"cases/{case_id}.yml", cwd=built_site)
    assert done.returncode == 0, done.stderr
    assert "警告" not in done.stderr.replace("警告 0 件", ""), done.stderr  # no false warning
    text = _text((built_site / "site" / "cases" / case_id / "index.html").read_text(encoding="utf-8"))
    for words in shown:
        assert words in text, (case_id, words)
    for words in absent:
        assert words not in text, (case_id, words)


def _real(project: Path, sample: str, new_id: str) -> dict:
    data = yaml.safe_load((project / "cases" / f"{sample}.yml").read_text(encoding="utf-8"))
    data.pop("sample")
    data["id"] = new_id
    data["municipalities"][0].update(code="202011", prefecture="長野県", name="長野市")  # a real code, in a temporary copy only
    for extra in data["municipalities"][1:]:
        extra.update(code="342025", prefecture="広島県", name="呉市")
    return data


# Rules that rejected truthful real cases before format 2 (name, sample to start from, change).
WRONG_RULES = [
    ("full-state-funding", "sample-minamidai-zengaku", lambda d: d["rounds"][0]["budget"].update(consortium_share=0)),
    ("itaku-year-without-themes", "sample-kawabe-itaku", lambda d: None),
    ("later-round-under-a-new-title", "sample-asahino-rename", lambda d: None),
    ("no-kpi-published", "sample-hoshizora-seika", lambda d: d.pop("kpis", None)),
    ("fiscal-year-dated-result", "sample-hoshizora-seika", lambda d: d["outcomes"][0].update(date="FY2024")),
    ("undated-result", "sample-hoshizora-seika", lambda d: d["outcomes"][0].pop("date")),
    ("unknown-lead-member", "sample-asahino-rename", lambda d: None),
    ("partner-municipality-with-code", "sample-koiki-renkei", lambda d: None),
    ("two-programmes-in-one-year", "sample-kawabe-itaku",
     lambda d: d["rounds"].append({**copy.deepcopy(d["rounds"][-1]), "programme": "別の国の交付金（架空）", "funding": {"unknown": "公開資料に記載なし"}})),
    ("round-of-another-ministry-before-fy2019", "sample-kawabe-itaku",
     lambda d: d["rounds"].insert(0, {"fiscal_year": 2017, "programme": "総務省 架空の実証事業", "source": "s1"})),
    ("theme-inferred-from-the-title", "sample-kuichigai-kingaku",
     lambda d: d["rounds"][0].update(themes=[{"theme": "safety-security", "inferred": "事業名から推定"}])),
    ("theme-unknown", "sample-kuichigai-kingaku", lambda d: d["rounds"][0].update(themes=[{"unknown": "公開資料に記載なし"}])),
    ("approximate-quantity", "sample-hoshizora-seika", lambda d: d["facts"][0].update(value={"approx": 1500})),  # 約1,500台
    ("bounded-outcome", "sample-hoshizora-seika", lambda d: d["outcomes"][0].update(value={"value": 1, "qualifier": ["最大", "程度"]})),
    ("range-quantity", "sample-hoshizora-seika", lambda d: d["facts"][0].update(value={"min": 10, "max": 20})),
    ("data-openness-unknown", "sample-seseragi-mimamori", lambda d: (d["design"]["data"][0].update(open={"unknown": "公開資料に記載なし"}), d.pop("contact"))),
    ("published-figures-that-contradict", "sample-kuichigai-kingaku", lambda d: None),  # subsidy over the total, marked as published
    ("theme-by-its-japanese-title", "sample-kuichigai-kingaku", lambda d: d["rounds"][0].update(themes=["安心・安全の提供"])),
    ("seen-today-in-japan", "sample-kuichigai-kingaku",  # the contributor's date in Japan may be tomorrow's in UTC
     lambda d: d["sources"][1].update(seen=(dt.date.today() + dt.timedelta(days=1)).isoformat())),
    ("support-without-money", "sample-kawabe-itaku", lambda d: d["rounds"][0].update(funding="助言・ハンズオン支援（資金なし）")),
    ("service-in-trials-or-under-construction", "sample-koiki-renkei",
     lambda d: (d["services"][0].update(status="実証中"), d["services"][1].update(status="構築中"), d["services"][1].pop("status_reason"))),
    ("members-unknown", "sample-tomoe-kanren", lambda d: None),
    ("members-listed-only-in-part", "sample-kawabe-itaku", lambda d: d["consortium"].update(members_incomplete="報道は主な 2 者だけを挙げる")),
    ("partner-municipality-not-a-target-with-its-code", "sample-tomoe-kanren",
     lambda d: d["partners"][0].update(prefecture="長野県", name="須坂市", code="202070")),
    ("related-activity-outside-the-programme", "sample-tomoe-kanren", lambda d: None),
    ("dates-without-a-year-and-ranges", "sample-hoshizora-seika",
     lambda d: (d["outcomes"][0].update(date="11月18日"), d["outcomes"][1].update(date="7月6日〜12日"),
                d["facts"][0].update(date="2024-07-06〜2024-07-12"))),
    ("money-outside-the-rounds", "sample-urara-unei", lambda d: None),
    ("kind-the-list-lacks", "sample-ichiran-gai", lambda d: None),
    ("type-and-themes-the-year-does-not-list", "sample-toroku-gai", lambda d: None),
    ("co-representatives", "sample-kyodo-daihyo", lambda d: None),
    ("service-users-unknown", "sample-riyousha-fumei", lambda d: None),
    ("sources-beside-vision-concept-and-story", "sample-shutten-tsuki", lambda d: None),
    ("second-call-in-its-own-district", "sample-niji-koubo", lambda d: None),
    ("a-round-in-the-current-fiscal-year", "sample-asahino-rename",
     lambda d: d["rounds"].append({"fiscal_year": 2026, "programme": {"unknown": "公開資料に記載なし"}})),
]


@pytest.mark.build
def test_two_programmes_in_one_year_show_the_year_once_and_both_rounds(project: Path) -> None:
    data = _real(project, "sample-kawabe-itaku", "real-case")
    data["rounds"].append({**copy.deepcopy(data["rounds"][-1]), "programme": "別の国の交付金（架空）", "funding": {"unknown": "公開資料に記載なし"}})
    (project / "cases" / "real-case.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr
    text = _text((project / "site" / "cases" / "real-case" / "index.html").read_text(encoding="utf-8"))
    year = data["rounds"][-1]["fiscal_year"]
    label = f"（{year}年度）"
    glance = text[text.index("年度"):text.index("段階")]
    assert glance.count(label) == 1, glance  # the year once at a glance
    assert "別の国の交付金（架空）" in text and text.count(label) >= 3  # summary row and one table row per round
    assert "支援の種類 補助" in text  # the page mainly describes the first round of its year, as written in the file


@pytest.mark.parametrize(("sample", "change"), [r[1:] for r in WRONG_RULES], ids=[r[0] for r in WRONG_RULES])
def test_a_truthful_real_case_is_accepted(project: Path, sample: str, change) -> None:
    data = _real(project, sample, "real-case")
    change(data)
    (project / "cases" / "real-case.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = run_cli("validate", "cases/real-case.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "警告" not in done.stderr.replace("警告 0 件", ""), done.stderr
