"""Every mistake a contributor can make comes back as file:line:col and a Japanese sentence.

One table, one test: each row breaks a valid case in one way and names the line and the words the
message must contain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

VALID = """\
id: broken
title: テスト事業
fiscal_year: 2024
subsidy_type: 通常タイプ
themes:
  - disaster-prevention
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
budget:
  total: 30000000
  subsidy: 10000000
  consortium_share: 20000000
links:
  - title: 報告書
    url: https://example.jp/report
"""

IMAGE = "key_concept: コンセプト\nkey_visual:\n  src: {src}\n  alt: 説明\n  credit: 市\n  license: CC BY 4.0\n"

# (id, old text, new text, expected line, words in the message)
ROWS = [
    ("missing-required", "title: テスト事業\n", "", 1, ["必須", "事業名", "title"]),
    ("misspelt-key", "title: テスト事業", "titel: テスト事業", 2, ["知らない項目", "titel", "「title」"]),
    ("japanese-key", "vision: ビジョン", "都市・まちづくりのビジョン: ビジョン", 12, ["知らない項目", "「vision」"]),
    ("unknown-theme", "  - disaster-prevention", "  - bousai", 6, ["重点テーマ", "bousai", "2024 年度にありません"]),
    ("theme-by-title", "  - disaster-prevention", "  - 防災の高度化", 6, ["「disaster-prevention」のことでしょうか"]),
    ("year-without-themes", "fiscal_year: 2024", "fiscal_year: 2023", 3, ["2023 年度の重点テーマはまだ定義されていません"]),
    ("year-too-late", "fiscal_year: 2024", "fiscal_year: 2099", 3, ["先すぎます"]),
    ("enum-near-miss", "subsidy_type: 通常タイプ", "subsidy_type: 通常", 4, ["補助タイプ", "「通常タイプ」のことでしょうか"]),
    ("stage-enum", "stage: 実証", "stage: 実証中", 7, ["段階", "構想・調査、実証、実装、横展開"]),
    ("wrong-type", "fiscal_year: 2024", "fiscal_year: 令和6年度", 3, ["年度", "整数"]),
    ("duplicate-key", "stage: 実証\n", "stage: 実証\nstage: 実装\n", 8, ["「stage」が 2 回", "最初は 7 行目"]),
    ("tab-indent", "  - disaster-prevention", "\t- disaster-prevention", 6, ["タブ文字", "半角スペース"]),
    ("syntax-colon", "title: テスト事業", "title: テスト: 事業", 2, ["YAML の書き方", "\"…\" で囲んで"]),
    ("unclosed-quote", "key_concept: コンセプト", 'key_concept: "コンセプト', 16, ["YAML の書き方"]),
    ("alias", "key_concept: コンセプト", "key_concept: *c", 16, ["エイリアス"]),
    ("id-not-file-name", "id: broken", "id: other-name", 1, ["ファイル名「broken」", "other-name"]),
    ("bad-id-pattern", "id: broken", "id: Broken_Case", 1, ["事例ID", "半角英小文字"]),
    ("check-digit", '  - code: "131016"', '  - code: "131017"', 9, ["検査数字", "6 桁目は 6"]),
    ("code-prefecture-mismatch", "    prefecture: 東京都", "    prefecture: 大阪府", 9, ["東京都 のコード", "大阪府"]),
    ("prefecture-typo", "    prefecture: 東京都", "    prefecture: 東京", 10, ["都道府県", "「東京都」のことでしょうか"]),
    ("real-case-without-code", '  - code: "131016"\n    prefecture', "  - prefecture", 9, ["全国地方公共団体コード", "必須"]),
    ("two-representatives", "      position: 代表\n", "      position: 代表\n    - name: 株式会社テスト\n      kind: 民間\n      position: 代表\n", 19, ["代表", "ちょうど 1 者", "2 者"]),
    ("no-representative", "      position: 代表", "      position: 主要", 19, ["ちょうど 1 者", "0 者"]),
    ("share-not-above-subsidy", "  consortium_share: 20000000", "  consortium_share: 5000000", 32, ["上回る必要"]),
    ("subsidy-over-cap", "  subsidy: 10000000\n  consortium_share: 20000000", "  subsidy: 25000000\n  consortium_share: 30000000", 31, ["上限 20,000,000 円"]),
    ("kpi-without-target", "    target: 10\n", "", 26, ["目標がありません", "target_text"]),
    ("kpi-empty-list", "kpis:\n  - name: 指標\n    unit: 件\n    target: 10\n", "kpis: []\n", 25, ["効果検証（KPI）", "少なくとも 1 つ"]),
    ("javascript-url", "url: https://example.jp/report", "url: javascript:alert(1)", 35, ["URL", "http"]),
    ("javascript-link-in-text", "vision: ビジョン", "vision: '[押す](javascript:alert(1))'", 12, ["リンク先", "使えません"]),
    ("image-escapes-folder", "key_concept: コンセプト\n", IMAGE.format(src="../../etc/passwd.png"), 18, ["事例フォルダ", "相対パス"]),
    ("image-absolute", "key_concept: コンセプト\n", IMAGE.format(src="/etc/passwd.png"), 18, ["事例フォルダ"]),
    ("image-missing", "key_concept: コンセプト\n", IMAGE.format(src="images/none.png"), 18, ["見つかりません"]),
    ("image-svg", "key_concept: コンセプト\n", IMAGE.format(src="images/map.svg"), 18, ["SVG"]),
    ("image-without-alt", "key_concept: コンセプト\n", IMAGE.format(src="images/a.png").replace("  alt: 説明\n", ""), 17, ["代替テキスト", "alt"]),
    ("future-actual", "    target: 10\n", "    target: 10\n    actuals:\n      - {date: 2099-01, value: 3}\n", 30, ["未来"]),
    ("month-format", "kpis:", "schedule:\n  months:\n    - {month: 2024/6, task: 開始}\nkpis:", 27, ["月", "YYYY-MM"]),
    ("unknown-service", "    target: 10\n", "    target: 10\n    service: 見守り\n", 29, ["対象サービス", "services"]),
    ("control-character", "key_concept: コンセプト", "key_concept: \"コン\\x07セプト\"", 16, ["制御文字"]),
    ("placeholder-left", "key_concept: コンセプト", "key_concept: （記入してください）", 16, ["ひな形のまま"]),
    ("bad-email", "  department: テスト課", "  department: テスト課\n  email: テスト課あてに", 25, ["メール", "書き方が正しくありません"]),
    ("empty-file", VALID, "", 1, ["ファイルが空"]),
    ("not-a-mapping", VALID, "- a\n- b\n", 1, ["ファイル全体", "「キー: 値」の組"]),
    ("python-tag", "key_concept: コンセプト", "key_concept: !!python/object/apply:os.system [ls]", 16, ["タグ", "使えません"]),
]


@pytest.mark.parametrize(("old", "new", "line", "words"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_mistake_is_reported_at_its_line(project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, line: int, words: list[str]) -> None:
    assert old in VALID
    path = project / "cases" / "broken.yml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    code = main(["--root", str(project), "validate", str(path)])
    err = capsys.readouterr().err
    assert code == 1, err
    hits = [l for l in err.splitlines() if l.startswith(f"cases/broken.yml:{line}:") and ": エラー: " in l]
    assert any(all(w in l for w in words) for l in hits), err
    assert "Traceback" not in err


def test_there_are_at_least_25_kinds_of_mistake() -> None:
    assert len(ROWS) >= 25 and len({r[0] for r in ROWS}) == len(ROWS)


def test_valid_base_case_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "cases" / "broken.yml"
    path.write_text(VALID, encoding="utf-8")
    assert main(["--root", str(project), "validate", str(path)]) == 0, capsys.readouterr().err


def test_all_problems_of_a_file_come_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = VALID.replace("stage: 実証", "stage: 実証中").replace("title: テスト事業", "titel: テスト事業").replace('"131016"', '"131017"')
    (project / "cases" / "broken.yml").write_text(text, encoding="utf-8")
    assert main(["--root", str(project), "validate", str(project / "cases" / "broken.yml")]) == 1
    err = capsys.readouterr().err
    assert all(f"cases/broken.yml:{n}:" in err for n in (2, 7, 9))


def test_non_utf8_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "cases" / "broken.yml"
    path.write_bytes(VALID.replace("テスト事業", "\ufffd").encode("utf-8").replace("\ufffd".encode(), "事業".encode("shift_jis")))
    assert main(["--root", str(project), "validate", str(path)]) == 1
    assert "cases/broken.yml:2:1: エラー: 文字コードが UTF-8 ではありません" in capsys.readouterr().err


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


def test_missing_recommended_field_is_a_warning_not_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "cases" / "broken.yml"
    path.write_text(VALID, encoding="utf-8")
    assert main(["--root", str(project), "validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "cases/broken.yml:1:1: 警告: 推奨項目「位置図」(location) がありません" in err
