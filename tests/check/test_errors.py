"""Every mistake a contributor can make comes back as file:line:col and a Japanese sentence.

One table, one test: each row breaks a valid case in one way and names the line and the words the
message must contain.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.read.errors import CaseError
from generator.read.load import parse_yaml

VALID = """\
id: broken
title: テスト事業
rounds:
  - fiscal_year: 2024
    type: 通常タイプ
    themes:
      - disaster-prevention
    budget:
      total: 30000000
      subsidy: 10000000
      consortium_share: 20000000
    source: s1
stage: 実証
municipalities:
  - code: "131016"
    prefecture: 東京都
    name: 千代田区
vision: ビジョン
story:
  - challenge: 課題
    solution: 解決
key_concept: コンセプト
location: {lat: 35.69, lon: 139.75}
consortium:
  name: テストコンソーシアム
  members:
    - name: 千代田区 テスト課
      kind: 自治体
      position: 代表
contact:
  department: テスト課
kpis:
  - name: 指標
    unit: 件
    target: 10
links:
  - title: 報告書
    url: https://www.city.chiyoda.lg.jp/report
sources:
  - id: s1
    title: 報告書
"""

IMAGE = "key_concept: コンセプト\nkey_visual:\n  src: {src}\n  alt: 説明\n  credit: 市\n  license: CC BY 4.0\n"
OLD_FORMAT = (Path(__file__).parents[1] / "fixtures" / "format1" / "sample-seseragi-mimamori.yml").read_text(encoding="utf-8").replace("id: sample-seseragi-mimamori", "id: broken")

def line_of_text(text: str) -> int:
    return next(i for i, l in enumerate(VALID.splitlines(), 1) if l.startswith(text))


# (id, old text, new text, where the message points, words in the message). Where: a YAML path such as
# rounds[0].budget.total (its line is computed from the broken file, or from VALID when that does not parse), "" for
# the file itself (line 1), or "@text" for the line where that text stands; adding a line to VALID moves no row.
ROWS = [
    ("missing-required", "title: テスト事業\n", "", "", ["必須", "事業名", "title"]),
    ("no-sources", "sources:\n  - id: s1\n    title: 報告書\n", "", "", ["必須", "出典", "sources"]),
    ("no-rounds", "rounds:\n  - fiscal_year: 2024\n    type: 通常タイプ\n    themes:\n      - disaster-prevention\n    budget:\n      total: 30000000\n      subsidy: 10000000\n      consortium_share: 20000000\n    source: s1\n", "", "", ["必須", "rounds"]),
    ("old-format", VALID, OLD_FORMAT, "", ["古い形式", "catalogue migrate cases/broken.yml"]),
    ("misspelt-key", "title: テスト事業", "titel: テスト事業", "titel", ["知らない項目", "titel", "「title」"]),
    ("japanese-key", "vision: ビジョン", "都市・まちづくりのビジョン: ビジョン", "都市・まちづくりのビジョン", ["知らない項目", "「vision」"]),
    ("unknown-theme", "      - disaster-prevention", "      - bousai", "rounds[0].themes[0]", ["重点テーマ", "bousai", "2024 年度にありません"]),
    ("theme-near-title", "      - disaster-prevention", "      - 防災の高度", "rounds[0].themes[0]", ["「disaster-prevention」のことでしょうか", "disaster-prevention（防災の高度化）"]),
    ("theme-twice-by-id-and-title", "      - disaster-prevention", "      - disaster-prevention\n      - 防災の高度化", "rounds[0].themes[1]",
     ["重点テーマ「防災の高度化」（disaster-prevention）が 1 番目と 2 回"]),
    ("theme-in-a-year-without-themes", "  - fiscal_year: 2024", "  - fiscal_year: 2023", "rounds[0].themes[0]", ["2023 年度には重点テーマが登録されていません"]),
    ("year-not-registered", "  - fiscal_year: 2024", "  - fiscal_year: 2018", "rounds[0].fiscal_year", ["2018 年度は programmes/ に登録されていません", "programme に書いてください"]),
    ("theme-unknown-beside-a-theme", "      - disaster-prevention\n", "      - disaster-prevention\n      - {unknown: 公開資料に記載なし}\n", "rounds[0].themes", ["ほかのテーマを並べないでください"]),
    ("inferred-theme-not-of-the-year", "      - disaster-prevention\n", "      - {theme: disaster-preventoin, inferred: 事業名から}\n", "rounds[0].themes[0]", ["disaster-prevention"]),
    ("unrecorded-year-with-themes", "  - fiscal_year: 2024", "  - fiscal_year: 2018\n    programme: 内閣府 架空の事業", "rounds[0].themes", ["重点テーマを確かめられません"]),
    ("year-too-late", "  - fiscal_year: 2024", "  - fiscal_year: 2099", "rounds[0].fiscal_year", ["先すぎます"]),
    ("main-year-not-a-round", "title: テスト事業\n", "title: テスト事業\nfiscal_year: 2023\n", "fiscal_year", ["主な年度 2023 が rounds にありません"]),
    ("type-near-miss", "    type: 通常タイプ", "    type: 通常", "rounds[0].type", ["補助タイプ", "「通常タイプ」のことでしょうか"]),
    ("funding-not-that-year", "    type: 通常タイプ", "    funding: 委託\n    type: 通常タイプ", "rounds[0].funding", ["2024 年度の支援は「補助」", "委託"]),
    ("stage-enum", "stage: 実証", "stage: 実証中", "stage", ["段階", "構想・調査、実証、実装、横展開", "{unknown: 公開資料に記載なし}"]),
    ("unknown-without-reason", "stage: 実証", "stage: {unknown: ''}", "stage", ["unknown には理由を文字で"]),
    ("unknown-with-extra-key", "stage: 実証", "stage: {unknown: 記載なし, note: x}", "stage", ["unknown 以外の項目"]),
    ("wareki-year", "  - fiscal_year: 2024", "  - fiscal_year: 令和6年度", "rounds[0].fiscal_year", ["年度", "整数", "西暦", "2024"]),
    ("zenkaku-year", "  - fiscal_year: 2024", "  - fiscal_year: ２０２４", "rounds[0].fiscal_year", ["半角"]),
    ("money-as-manyen-text", "      total: 30000000", "      total: 3,000万円", "rounds[0].budget.total", ["円の半角数字", "30000000"]),
    ("money-approx-as-text", "      total: 30000000", "      total: 約5億円", "rounds[0].budget.total", ["{approx: 500000000}"]),
    ("money-zenkaku", "      total: 30000000", "      total: ３０００００００", "rounds[0].budget.total", ["全角の数字は使えません", "30000000"]),
    ("range-reversed", "      total: 30000000", "      total: {min: 300000000, max: 200000000}", "rounds[0].budget.total", ["幅が逆"]),
    ("duplicate-key", "stage: 実証\n", "stage: 実証\nstage: 実装\n", "@stage: 実装", ["「stage」が 2 回", f"最初は {line_of_text('stage: 実証')} 行目"]),
    ("tab-indent", "      - disaster-prevention", "\t- disaster-prevention", "rounds[0].themes[0]", ["タブ文字", "半角スペース"]),
    ("syntax-colon", "title: テスト事業", "title: テスト: 事業", "title", ["YAML の書き方", "\"…\" で囲んで"]),
    ("unclosed-quote", "key_concept: コンセプト", 'key_concept: "コンセプト', "key_concept", ["YAML の書き方"]),
    ("alias", "key_concept: コンセプト", "key_concept: *c", "key_concept", ["エイリアス"]),
    ("id-not-file-name", "id: broken", "id: other-name", "id", ["ファイル名「broken」", "other-name"]),
    ("bad-id-pattern", "id: broken", "id: Broken_Case", "id", ["事例ID", "半角英小文字"]),
    ("check-digit", '  - code: "131016"', '  - code: "131017"', "municipalities[0].code", ["検査数字", "6 桁目は 6"]),
    ("code-prefecture-mismatch", "    prefecture: 東京都", "    prefecture: 大阪府", "municipalities[0].code", ["東京都 のコード", "大阪府"]),
    ("code-name-mismatch", "    name: 千代田区", "    name: 中央区", "municipalities[0].name", ["東京都 千代田区 のコード", "「中央区」"]),
    ("prefecture-typo", "    prefecture: 東京都", "    prefecture: 東京", "municipalities[0].prefecture", ["都道府県", "「東京都」のことでしょうか"]),
    ("two-representatives", "      position: 代表\n", "      position: 代表\n    - name: 株式会社テスト\n      kind: 民間\n      position: 代表\n", "consortium.members", ["代表", "1 者まで", "2 者", "幹事"]),
    ("no-money-with-a-subsidy", "    type: 通常タイプ", "    funding: 助言・ハンズオン支援（資金なし）\n    type: 通常タイプ", "rounds[0].budget.subsidy",
     ["助言・ハンズオン支援（資金なし）", "補助額が書かれています", "subsidy を消して", "funding: 補助", "unclassified"]),
    ("type-written-twice", "    type: 通常タイプ", "    type: 通常タイプ\n    published_type: {name: 通常タイプ}", "rounds[0].published_type", ["type と published_type", "1 つに"]),
    ("subsidy-over-total", "      subsidy: 10000000\n      consortium_share: 20000000\n", "      subsidy: 35000000\n", "rounds[0].budget.subsidy",
     ["補助額（35,000,000 円）が事業費総額（30,000,000 円）より大きく", "contradictory: {source: [s1, s2]"]),
    ("subsidy-range-over-total", "      subsidy: 10000000\n      consortium_share: 20000000\n", "      subsidy: {min: 31000000, max: 40000000}\n",
     "rounds[0].budget.subsidy", ["補助額（31,000,000 円）が事業費総額（30,000,000 円）より大きく"]),
    ("contradictory-without-note", "      consortium_share: 20000000\n", "      consortium_share: 20000000\n      contradictory: {source: [s1]}\n",
     "rounds[0].budget.contradictory", ["note"]),
    ("full-state-with-share", "      consortium_share: 20000000\n", "      consortium_share: 20000000\n      full_state_funding: true\n", "rounds[0].budget.consortium_share", ["国費10割", "負担額"]),
    ("unknown-source", "    source: s1", "    source: s9", "rounds[0].source", ["出典「s9」が sources にありません", "s1"]),
    ("repeated-source-id", "    title: 報告書\n", "    title: 報告書\n  - id: s1\n    title: 別の資料\n", "sources[1].id", ["出典ID「s1」が 2 回"]),
    ("placeholder-value", "vision: ビジョン", "vision: 未定", "vision", ["「未定」", "{unknown: 公開資料に記載なし}"]),
    ("example-address", "url: https://www.city.chiyoda.lg.jp/report", "url: https://example.jp/report", "links[0].url", ["例示用のアドレス"]),
    ("javascript-url", "url: https://www.city.chiyoda.lg.jp/report", "url: javascript:alert(1)", "links[0].url", ["URL", "http"]),
    ("javascript-link-in-text", "vision: ビジョン", "vision: '[押す](javascript:alert(1))'", "vision", ["リンク先", "使えません"]),
    ("scheme-relative-link", "vision: ビジョン", "vision: '[見る](//evil.example/x)'", "vision", ["リンク先「//evil.example/x」", "https://"]),
    ("javascript-reference", "vision: ビジョン", 'vision: "[押す][r]\\n\\n[r]: javascript:alert(1)"', "vision", ["リンク先「javascript:alert(1)」", "使えません"]),
    ("url-with-quote", "url: https://www.city.chiyoda.lg.jp/report", "url: 'https://www.city.chiyoda.lg.jp/re\"port'", "links[0].url", ["書き方が正しくありません", "%20"]),
    ("url-with-angle", "url: https://www.city.chiyoda.lg.jp/report", "url: https://www.city.chiyoda.lg.jp/<script>", "links[0].url", ["書き方が正しくありません", "< >"]),
    ("image-escapes-folder", "key_concept: コンセプト\n", IMAGE.format(src="../../etc/passwd.png"), "key_visual.src", ["事例フォルダ", "相対パス"]),
    ("image-absolute", "key_concept: コンセプト\n", IMAGE.format(src="/etc/passwd.png"), "key_visual.src", ["事例フォルダ"]),
    ("image-missing", "key_concept: コンセプト\n", IMAGE.format(src="images/none.png"), "key_visual.src", ["見つかりません"]),
    ("image-svg", "key_concept: コンセプト\n", IMAGE.format(src="images/map.svg"), "key_visual.src", ["SVG"]),
    ("image-without-alt", "key_concept: コンセプト\n", IMAGE.format(src="images/a.png").replace("  alt: 説明\n", ""), "key_visual", ["代替テキスト", "alt"]),
    ("future-actual", "    target: 10\n", "    target: 10\n    actuals:\n      - {date: 2099-01, value: 3}\n", "kpis[0].actuals[0].date", ["未来"]),
    ("impossible-day", "    target: 10\n", "    target: 10\n    actuals:\n      - {date: 2023-02-29, value: 3}\n", "kpis[0].actuals[0].date",
     ["「実績値」(actuals)1 番目の「時点」(date)「2023-02-29」はない日付", "2023年2月は 28 日まで", "2023-02-28 のように書いて"]),
    ("impossible-day-without-a-year", "    target: 10\n", "    target: 10\n    actuals:\n      - {date: 2月30日, value: 3}\n", "kpis[0].actuals[0].date",
     ["「時点」(date)「2月30日」はない日付", "11月18日 のように"]),
    ("impossible-end-of-a-range", "    target: 10\n", "    target: 10\n    actuals:\n      - {date: 2023-02-20〜2023-02-29, value: 3}\n", "kpis[0].actuals[0].date",
     ["「2023-02-29」はない日付", "2023年2月は 28 日まで"]),
    ("members-unknown-beside-members", "  name: テストコンソーシアム\n", "  name: テストコンソーシアム\n  members_unknown: 報道は構成員を書いていない\n",
     "consortium.members_unknown", ["members_unknown", "members_incomplete にその説明を"]),
    ("partner-code-without-municipality-kind", "key_concept: コンセプト\n",
     "key_concept: コンセプト\npartners:\n  - name: 中央区\n    prefecture: 東京都\n    code: \"131024\"\n    kind: 民間\n", "partners[0].kind", ["kind: 市区町村"]),
    ("partner-code-of-another-name", "key_concept: コンセプト\n",
     "key_concept: コンセプト\npartners:\n  - name: 港区\n    prefecture: 東京都\n    code: \"131024\"\n    kind: 市区町村\n", "partners[0].name", ["131024", "中央区 のコード", "「港区」"]),
    ("impossible-seen", "  - id: s1\n    title: 報告書\n", "  - id: s1\n    title: 報告書\n    seen: 2024-02-30\n", "sources[0].seen",
     ["「閲覧日」(seen)「2024-02-30」はない日付", "29 日まで", "2024-02-29"]),
    ("seen-month-13", "  - id: s1\n    title: 報告書\n", "  - id: s1\n    title: 報告書\n    seen: 2024-13-01\n", "sources[0].seen",
     ["「閲覧日」", "月 13 はありません", "01〜12"]),
    ("seen-in-the-future", "  - id: s1\n    title: 報告書\n", "  - id: s1\n    title: 報告書\n    seen: 2099-01-01\n", "sources[0].seen",
     ["閲覧日", "より後です", "最後に確かめた日"]),
    ("impossible-published", "  - id: s1\n    title: 報告書\n", "  - id: s1\n    title: 報告書\n    published: 2024-04-31\n", "sources[0].published",
     ["「公表の時点」", "ない日付", "2024-04-30"]),
    ("date-format", "    target: 10\n", "    target: 10\n    actuals:\n      - {date: 2024/09, value: 3}\n", "kpis[0].actuals[0].date", ["時点", "書き方が正しくありません"]),
    ("month-format", "kpis:", "schedule:\n  months:\n    - {month: 2024/6, task: 開始}\nkpis:", "schedule.months[0].month", ["月", "YYYY-MM"]),
    ("unknown-service", "    target: 10\n", "    target: 10\n    service: 見守り\n", "kpis[0].service", ["対象サービス", "services"]),
    ("control-character", "key_concept: コンセプト", "key_concept: \"コン\\x07セプト\"", "key_concept", ["制御文字"]),
    ("placeholder-left", "key_concept: コンセプト", "key_concept: （記入してください）", "key_concept", ["ひな形のまま"]),
    ("bad-email", "  department: テスト課", "  department: テスト課\n  email: テスト課あてに", "contact.email", ["メール", "書き方が正しくありません"]),
    ("empty-file", VALID, "", "", ["ファイルが空"]),
    ("not-a-mapping", VALID, "- a\n- b\n", "", ["ファイル全体", "「キー: 値」の組"]),
    ("python-tag", "key_concept: コンセプト", "key_concept: !!python/object/apply:os.system [ls]", "key_concept", ["タグ", "使えません"]),
    ("quantity-range-upside-down", "links:\n", "facts:\n  - label: 信号機\n    value: {min: 20, max: 10}\n    unit: 基\n    source: s1\nlinks:\n", "facts[0].value", ["幅が逆", "min 20 > max 10"]),
    ("quantity-unknown-qualifier", "links:\n", "facts:\n  - label: 人口\n    value: {value: 21000, qualifier: およそ}\n    unit: 人\n    source: s1\nlinks:\n", "facts[0].value", ["数量", "qualifier は 約・程度・最大", "{approx: 2.3}"]),
]

# Warnings: the case is valid (exit 0) but the contributor is told something is probably wrong. A programme
# year's rule is an applicant's duty, not a fact about the world: published figures that break it are shown, not refused.
WARNINGS = [
    ("share-not-above-subsidy", "      consortium_share: 20000000", "      consortium_share: 5000000", "rounds[0].budget.consortium_share", ["上回ります", "full_state_funding"]),
    ("subsidy-over-cap", "      subsidy: 10000000\n      consortium_share: 20000000", "      subsidy: 25000000\n      consortium_share: 30000000", "rounds[0].budget.subsidy", ["上限 20,000,000 円"]),
    ("kpi-without-unit", "    unit: 件\n", "", "kpis[0]", ["単位 (unit)", "unit: 件"]),
    ("amount-in-manyen", "      subsidy: 10000000\n      consortium_share: 20000000", "      subsidy: 1000\n      consortium_share: 2000", "rounds[0].budget.subsidy", ["万円", "円で書いてください", "10000000"]),
    ("real-case-without-code", '  - code: "131016"\n    prefecture', "  - prefecture", "municipalities[0]", ["全国地方公共団体コード", "照合"]),
    ("code-not-in-the-list", '  - code: "131016"', '  - code: "139904"', "municipalities[0].code", ["一覧（2020 年時点）にありません"]),
    ("total-not-sum", "      total: 30000000", "      total: 31000000", "rounds[0].budget.total", ["一致しません"]),
    ("same-year-twice", "    source: s1\n", "    source: s1\n  - fiscal_year: 2024\n", "rounds[1].fiscal_year", ["年度 2024 が rounds に 2 回", "別の事業"]),
    ("missing-recommended", "location: {lat: 35.69, lon: 139.75}\n", "", "", ["推奨項目「位置図」(location)"]),
]


# Truthful values that a former rule refused (id, old text, new text, the YAML path that holds the value): each now
# passes with no error and no warning, and the path is really in the file (the row tests what it says).
ACCEPTED = [
    ("type-the-year-does-not-list", "    type: 通常タイプ", "    published_type: {name: 戦略的スマートシティ実装タイプ, cap: 50000000, source: s1}", "rounds[0].published_type.cap"),
    ("theme-the-year-does-not-list", "      - disaster-prevention\n", "      - disaster-prevention\n    published_themes: [交通・モビリティ]\n", "rounds[0].published_themes[0]"),
    ("theme-in-a-year-without-themes", "  - fiscal_year: 2024\n    type: 通常タイプ\n    themes:\n      - disaster-prevention\n",
     "  - fiscal_year: 2025\n    type: 通常タイプ\n    published_themes: [地域交通の再構築]\n", "rounds[0].published_themes[0]"),
    ("theme-of-an-unrecorded-year", "  - fiscal_year: 2024\n    type: 通常タイプ\n    themes:\n      - disaster-prevention\n",
     "  - fiscal_year: 2018\n    programme: 内閣府 架空の事業\n    published_themes: [地方創生]\n", "rounds[0].published_themes[0]"),
    ("co-representatives", "    name: 千代田区\n", "    name: 千代田区\n    role: 代表\n  - code: \"131024\"\n    prefecture: 東京都\n    name: 中央区\n    role: 代表\n",
     "municipalities[1].role"),
    ("member-kind-the-list-lacks", "      kind: 自治体\n      position: 代表", "      kind: {other: 商工会議所}\n      position: 代表", "consortium.members[0].kind.other"),
    ("service-users-unknown", "links:", "services:\n  - name: サービス\n    description: 内容\n    users: {unknown: 公開資料に記載なし}\nlinks:", "services[0].users.unknown"),
    ("sourced-vision-concept-story", "    solution: 解決\n", "    solution: 解決\n    source: s1\nvision_source: s1\nkey_concept_source: s1\n", "story[0].source"),
    ("second-call-in-its-own-district", "    type: 通常タイプ", "    call: 二次公募\n    district: 港地区\n    type: 通常タイプ", "rounds[0].district"),
]


@pytest.mark.parametrize(("old", "new", "where"), [r[1:] for r in ACCEPTED], ids=[r[0] for r in ACCEPTED])
def test_a_truthful_value_a_rule_once_refused_passes(project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    assert _steps(where) in parse_yaml(text, "broken.yml").marks  # the truthful value is in the file, where the row says
    path = project / "cases" / "broken.yml"
    path.write_text(text, encoding="utf-8")
    code = main(["--root", str(project), "validate", str(path)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "警告" not in err.replace("警告 0 件", ""), err


# Errors make the file invalid (exit 1); warnings leave it valid (exit 0). Both name file, line and the words.
TABLE = [(*r[1:], "エラー", 1) for r in ROWS] + [(*r[1:], "警告", 0) for r in WARNINGS]


def _steps(where: str) -> tuple[str | int, ...]:
    return tuple(int(s) if s.isdigit() else s for s in re.findall(r"[^.\[\]]+", where))


def line_of(where: str, text: str) -> int:
    """The line a message about `where` points at in `text` (see the table's comment)."""
    if where.startswith("@"):
        return next(i for i, l in enumerate(text.splitlines(), 1) if where[1:] in l)
    steps = _steps(where)
    for source in (text, VALID):
        try:
            doc = parse_yaml(source, "broken.yml")
        except CaseError:
            if not steps:
                return 1
            continue
        if steps in doc.marks or not steps:  # "": the file, i.e. where its top level starts (1 without one)
            return doc.where(steps)[0]
    raise AssertionError(f"{where} is in neither the broken file nor VALID")


@pytest.mark.parametrize(("old", "new", "where", "words", "level", "exit_code"), TABLE, ids=[r[0] for r in ROWS + WARNINGS])
def test_mistake_is_reported_at_its_line(project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str,
                                         words: list[str], level: str, exit_code: int) -> None:
    assert old in VALID
    path = project / "cases" / "broken.yml"
    text = VALID.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    line = line_of(where, text)
    code = main(["--root", str(project), "validate", str(path)])
    err = capsys.readouterr().err
    assert code == exit_code, err
    hits = [l for l in err.splitlines() if l.startswith(f"cases/broken.yml:{line}:") and f": {level}: " in l]
    assert any(all(w in l for w in words) for l in hits), err
    assert "Traceback" not in err


def test_there_are_at_least_25_kinds_of_mistake() -> None:
    assert len(ROWS) >= 25 and len({r[0] for r in ROWS + WARNINGS}) == len(ROWS) + len(WARNINGS)


def test_valid_base_case_passes_without_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "cases" / "broken.yml"
    path.write_text(VALID, encoding="utf-8")
    assert main(["--root", str(project), "validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "警告" not in err.replace("警告 0 件", ""), err


def test_all_problems_of_a_file_come_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = VALID.replace("stage: 実証", "stage: 実証中").replace("title: テスト事業", "titel: テスト事業").replace('"131016"', '"131017"')
    (project / "cases" / "broken.yml").write_text(text, encoding="utf-8")
    assert main(["--root", str(project), "validate", str(project / "cases" / "broken.yml")]) == 1
    err = capsys.readouterr().err
    assert all(f"cases/broken.yml:{line_of(where, text)}:" in err for where in ("titel", "stage", "municipalities[0].code"))


def test_non_utf8_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "cases" / "broken.yml"
    path.write_bytes(VALID.replace("テスト事業", "\ufffd").encode("utf-8").replace("\ufffd".encode(), "事業".encode("shift_jis")))
    assert main(["--root", str(project), "validate", str(path)]) == 1
    assert f"cases/broken.yml:{line_of('title', VALID)}:1: エラー: 文字コードが UTF-8 ではありません" in capsys.readouterr().err


def test_symlinked_image_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project / "cases" / "broken" / "images"
    folder.mkdir(parents=True)
    (folder / "a.png").symlink_to(project / "cases" / "sample-shiokaze-bousai" / "images" / "key-visual.png")
    path = project / "cases" / "broken.yml"
    path.write_text(VALID.replace("key_concept: コンセプト\n", IMAGE.format(src="images/a.png")), encoding="utf-8")
    assert main(["--root", str(project), "validate", str(path)]) == 1
    assert "シンボリックリンク" in capsys.readouterr().err


def test_repeated_id_across_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (project / "cases" / "sample-ekimae-jinryu.yml").read_text(encoding="utf-8")
    (project / "cases" / "copy-of-ekimae.yml").write_text(text, encoding="utf-8")
    assert main(["--root", str(project), "validate"]) == 1
    err = capsys.readouterr().err
    assert "cases/copy-of-ekimae.yml:" in err and "ファイル名「copy-of-ekimae」" in err
    assert ("事例ID「sample-ekimae-jinryu」は cases/sample-ekimae-jinryu.yml でも使われています" in err
            or "cases/sample-ekimae-jinryu.yml:3:1: エラー: 事例ID「sample-ekimae-jinryu」は cases/copy-of-ekimae.yml でも使われています" in err)


def test_probable_duplicate_is_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (project / "cases" / "sample-ekimae-jinryu.yml").read_text(encoding="utf-8")
    text = text.replace("id: sample-ekimae-jinryu", "id: sample-ekimae-jinryu-2").replace("都市再生 DX", "都市再生DX")
    (project / "cases" / "sample-ekimae-jinryu-2.yml").write_text(text, encoding="utf-8")
    assert main(["--root", str(project), "validate"]) == 0
    err = capsys.readouterr().err
    assert "警告: 同じ自治体で事業名がほぼ同じ事例が cases/sample-ekimae-jinryu-2.yml にあります（一致度 98%）" in err
