"""「事例を投稿する」 (/submit/): the form built from the published schema, in headless chromium.

Filled from scratch → YAML that `catalogue validate` accepts; every sample loaded and exported unchanged;
typical mistakes answered at the field with the CLI's words; hostile text never becomes HTML; big files
refused before parsing; draft kept; axe finds nothing.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest
import yaml

from conftest import FIRST_THEME, ROOT, SAMPLES, YEAR, copy_project, run_cli
from generator.read.load import parse_yaml
from submit_mistakes import MISTAKES, mistaken
from test_accessibility_browser import TAGS, _axe
from test_hostile_text_browser import _corpus

pytestmark = pytest.mark.browser


def open_form(page, site_url: str) -> None:
    page.set_default_timeout(8000)
    page.goto(site_url + "submit/")
    page.wait_for_selector("#cc-submit[data-ready=true]")


def field(page, *path: str | int):
    """The field whose current path is `path` (form.js marks each field with data-path)."""
    return page.locator(f"[data-path='{json.dumps(list(path), ensure_ascii=False, separators=(',', ':'))}']")


def control(page, *path: str | int):
    return field(page, *path).locator(":scope > .cc-input, :scope > select").first


def error_at(page, *path: str | int) -> str:
    return field(page, *path).locator(":scope > .cc-error").inner_text()


def settle(page) -> None:
    page.wait_for_timeout(250)  # validation runs 150 ms after the last keystroke


def paste(page, text: str) -> None:
    page.fill("#cc-paste", text)
    page.click("#cc-paste-load")
    settle(page)


def exported(page) -> str:
    settle(page)
    return page.input_value("#cc-yaml")


def open_sections(page) -> None:
    closed = page.locator("details.cc-section:not([open]) > summary")
    while closed.count():
        closed.first.click()


def test_fill_from_scratch_and_validate(page, site_url: str, tmp_path: Path) -> None:
    open_form(page, site_url)
    control(page, "id").fill("chiyoda-eki-mae-hoko")
    control(page, "title").fill("千代田区 駅前歩行者空間のデータ活用")
    control(page, "rounds", 0, "fiscal_year").fill(str(YEAR))
    control(page, "rounds", 0, "funding").select_option("補助")
    # an unknown: the 補助タイプ was not published
    field(page, "rounds", 0, "type").get_by_label("公開資料に記載なし").check()
    settle(page)
    page.click("[data-path='[\"rounds\",0,\"themes\"]'] > .cc-add")
    settle(page)
    control(page, "rounds", 0, "themes", 0).fill(FIRST_THEME)
    rnd = field(page, "rounds", 0)
    rnd.locator("[data-path='[\"rounds\",0,\"budget\",\"total\"]'] > select").select_option("yen")
    field(page, "rounds", 0, "budget", "total").get_by_label("金額（円の半角数字）").fill("60000000")
    field(page, "rounds", 0, "budget", "subsidy").locator(":scope > select").select_option("yen")
    field(page, "rounds", 0, "budget", "subsidy").get_by_label("金額（円の半角数字）").fill("25000000")
    field(page, "rounds", 0, "budget", "consortium_share").locator(":scope > select").select_option("approx")
    field(page, "rounds", 0, "budget", "consortium_share").get_by_label("概数（円）").fill("35000000")
    control(page, "rounds", 0, "source").fill("s1")
    # a second round, added with the button and then removed again
    page.click("[data-path='[\"rounds\"]'] > .cc-add")
    settle(page)
    page.get_by_role("button", name="2 番目の年度の採択を削除").click()
    control(page, "stage").select_option("実証")
    control(page, "municipalities", 0, "code").fill("131016")
    control(page, "municipalities", 0, "prefecture").fill("東京都")
    control(page, "municipalities", 0, "name").fill("千代田区")
    control(page, "municipalities", 0, "role").select_option("代表")
    field(page, "vision").get_by_label("公開資料に記載なし").check()
    control(page, "key_concept").fill("駅前の人の流れを測り、歩行者中心の広場の使い方を決める")
    control(page, "sources", 0, "id").fill("s1")
    control(page, "sources", 0, "title").fill("令和6年度 スマートシティ実装化支援事業 採択一覧")
    control(page, "sources", 0, "publisher").fill("国土交通省 都市局")
    control(page, "sources", 0, "url").fill("https://www.mlit.go.jp/toshi/daisei/toshi_daisei_tk_000064.html")
    control(page, "sources", 0, "kind").select_option("国の資料")
    open_sections(page)
    page.click("[data-path='[\"kpis\"]'] > .cc-add")
    settle(page)
    control(page, "kpis", 0, "name").fill("駅前広場の滞在者数")
    control(page, "kpis", 0, "unit").fill("人/日")
    control(page, "kpis", 0, "target").fill("1200")
    page.click("#cc-check")
    settle(page)
    assert page.is_hidden("#cc-summary"), page.inner_text("#cc-summary")
    text = exported(page)
    data = yaml.safe_load(text)
    assert data["rounds"][0]["type"] == {"unknown": "公開資料に記載なし"}
    assert data["rounds"][0]["budget"] == {"total": 60000000, "subsidy": 25000000, "consortium_share": {"approx": 35000000}}
    assert len(data["rounds"]) == 1 and data["vision"] == {"unknown": "公開資料に記載なし"}
    project = copy_project(tmp_path / "project")
    (project / "cases" / "chiyoda-eki-mae-hoko.yml").write_text(text, encoding="utf-8")
    done = run_cli("validate", "cases/chiyoda-eki-mae-hoko.yml", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "エラー 0 件" in done.stdout + done.stderr
    # 「GitHub で提案する」: the new-file page of cases/<id>.yml with this content
    href = page.get_attribute("#cc-github", "href")
    parts = urllib.parse.urlsplit(href)
    query = urllib.parse.parse_qs(parts.query)
    assert parts.path.endswith("/new/main") and query["filename"] == ["cases/chiyoda-eki-mae-hoko.yml"]
    assert yaml.safe_load(query["value"][0]) == data
    # 「YAML をダウンロード」 gives the same text
    with page.expect_download() as info:
        page.click("#cc-download")
    assert info.value.suggested_filename == "chiyoda-eki-mae-hoko.yml"
    assert Path(info.value.path()).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_each_sample_loads_and_exports_the_same_data(page, site_url: str, sample: Path) -> None:
    open_form(page, site_url)
    page.set_input_files("#cc-file", str(sample))
    page.wait_for_function("() => document.getElementById('cc-load-status').textContent.includes('読み込みました')")
    settle(page)
    assert "フォームに読み込まれていません" not in page.inner_text("#cc-load-status")
    original = parse_yaml(sample.read_text(encoding="utf-8"), sample.name).data
    again = parse_yaml(exported(page), sample.name).data
    assert again == original
    assert page.is_hidden("#cc-summary"), page.inner_text("#cc-summary")


def test_published_case_opens_its_edit_page(page, site_url: str) -> None:
    open_form(page, site_url)
    page.fill("#cc-case-id", "sample-koiki-renkei")
    page.click("#cc-case-load")
    page.wait_for_function("() => document.getElementById('cc-load-status').textContent.includes('読み込みました')")
    settle(page)
    assert page.get_attribute("#cc-github", "href").endswith("/edit/main/cases/sample-koiki-renkei.yml")
    original = yaml.safe_load((ROOT / "cases" / "sample-koiki-renkei.yml").read_text(encoding="utf-8"))
    assert yaml.safe_load(exported(page)) == original


@pytest.fixture(scope="module")
def base() -> dict:
    return yaml.safe_load((ROOT / "cases" / "sample-hoshizora-seika.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_mistake_is_explained_at_the_field_in_the_clis_words(page, site_url: str, tmp_path: Path, base: dict, mistake) -> None:
    data = mistaken(base, mistake)
    project = copy_project(tmp_path / "project")
    (project / "cases" / f"{base['id']}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_cli("validate", f"cases/{base['id']}.yml", cwd=project)
    cli = done.stdout + done.stderr
    assert mistake.words in cli
    open_form(page, site_url)
    paste(page, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    at_field = error_at(page, *mistake.field)
    assert mistake.words in at_field
    for line in at_field.splitlines():
        assert f"エラー: {line}" in cli  # the whole message, word for word
    # the summary at the top links to the field
    link = page.locator("#cc-summary-list a", has_text=mistake.words).first
    link.click()
    focused = page.evaluate("document.activeElement.id")
    assert focused and field(page, *mistake.field).locator(f"#{focused}").count() == 1
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby') || ''")
    assert field(page, *mistake.field).locator(":scope > .cc-error").get_attribute("id") in described.split()


def test_typed_mistakes_are_explained_as_you_type(page, site_url: str) -> None:
    open_form(page, site_url)
    control(page, "rounds", 0, "fiscal_year").fill("令和6年度")
    settle(page)
    assert "年度は西暦の半角数字で書いてください（「令和6年度」なら 2024）" in error_at(page, "rounds", 0, "fiscal_year")
    assert control(page, "rounds", 0, "fiscal_year").get_attribute("aria-invalid") == "true"
    control(page, "rounds", 0, "fiscal_year").fill("2024")
    settle(page)
    assert error_at(page, "rounds", 0, "fiscal_year") == ""
    open_sections(page)
    total = field(page, "rounds", 0, "budget", "total")
    total.locator(":scope > select").select_option("yen")
    total.get_by_label("金額（円の半角数字）").fill("3,100万円")
    settle(page)
    assert "「3,100万円」なら 31000000" in error_at(page, "rounds", 0, "budget", "total")
    stage = field(page, "stage")
    stage.get_by_label("公開資料に記載なし").check()
    stage.get_by_label("記載なしの理由").fill("")
    settle(page)
    assert "「段階」(stage) の unknown には理由を文字で書いてください" in error_at(page, "stage")
    control(page, "id").fill("ID with spaces")
    settle(page)
    assert "「事例ID」(id) の書き方が正しくありません" in error_at(page, "id")
    assert page.inner_text("#cc-summary-title").startswith("入力内容に")


def test_draft_is_kept_in_the_browser(page, site_url: str) -> None:
    open_form(page, site_url)
    control(page, "title").fill("下書きの事業名")
    page.wait_for_function("() => document.getElementById('cc-draft').textContent.includes('下書きを保存しました')")
    assert page.is_visible("#cc-draft")
    page.reload()
    page.wait_for_selector("#cc-submit[data-ready=true]")
    assert control(page, "title").input_value() == "下書きの事業名"
    assert "下書きを復元しました" in page.inner_text("#cc-draft")


def test_hostile_strings_never_become_html(page, site_url: str) -> None:
    strings = _corpus()
    open_form(page, site_url)
    before = page.evaluate("document.querySelectorAll('#cc-submit *').length")
    chunk = 40
    for start in range(0, len(strings), chunk):
        part = strings[start:start + chunk]
        data = {"id": "hostile", "title": part[0], "rounds": [{"fiscal_year": 2024, "title": part[1 % len(part)]}],
                "stage": part[2 % len(part)],  # not in the list: shown as an extra option, and explained
                "municipalities": [{"prefecture": p, "name": p} for p in part],
                "story": [{"challenge": p, "solution": p} for p in part],
                "sources": [{"id": "s1", "title": part[-1]}], "surprise": part[0]}
        paste(page, yaml.safe_dump(data, allow_unicode=True))
        assert page.evaluate("window.__xss") is None
        assert page.locator("#cc-submit [data-xss], #cc-submit script, #cc-submit img, #cc-submit iframe, #cc-submit svg, #cc-submit xss-tag").count() == 0
        assert control(page, "title").input_value() == part[0]
        assert [control(page, "story", i, "challenge").input_value() for i in range(len(part))] == part
        assert yaml.safe_load(exported(page))["story"] == data["story"]
    # the form only grew by its own fields (no element came from the text)
    tags = set(page.evaluate("[...document.querySelectorAll('#cc-submit *')].map(e => e.tagName.toLowerCase())"))
    assert tags <= {"div", "p", "h2", "label", "input", "select", "option", "textarea", "button", "a", "span", "ul", "ol", "li",
                    "fieldset", "legend", "details", "summary", "section", "form", "noscript"}, tags
    assert page.evaluate("document.querySelectorAll('#cc-submit *').length") > before


def test_big_file_is_refused_before_parsing(page, site_url: str, tmp_path: Path) -> None:
    open_form(page, site_url)
    big = tmp_path / "big.yml"
    big.write_text("title: [unclosed\n" + "# " + "あ" * 100_000 + "\n", encoding="utf-8")  # broken YAML too
    page.set_input_files("#cc-file", str(big))
    page.wait_for_function("() => !document.getElementById('cc-load-status').hidden")
    status = page.inner_text("#cc-load-status")
    assert f"ファイルが大きすぎます（{big.stat().st_size:,} バイト）。1 件の事例は 256 KB 以下にしてください" in status
    assert "YAML の書き方" not in status  # refused by size, never parsed
    assert control(page, "title").input_value() == ""


def test_yaml_that_does_not_parse_shows_line_and_column(page, site_url: str) -> None:
    open_form(page, site_url)
    paste(page, "id: sample-x\ntitle: 駅前\nrounds:\n  - fiscal_year: 2024\n     title: ずれた字下げ\n")
    status = page.inner_text("#cc-load-status")
    assert re.match(r"^[45] 行 [0-9]+ 列: YAML の書き方に誤りがあります", status), status
    paste(page, "id: &a sample-x\ntitle: *a\n")
    assert "アンカー・エイリアス（& や *）は使えません" in page.inner_text("#cc-load-status")


def test_submit_page_has_no_axe_violations(page, site_url: str, base: dict) -> None:
    open_form(page, site_url)
    assert _axe(page) == []
    open_sections(page)
    paste(page, yaml.safe_dump(mistaken(base, MISTAKES[0]), allow_unicode=True))  # with errors shown
    assert page.is_visible("#cc-summary")
    assert _axe(page) == [], TAGS
    # every control has a name
    unnamed = page.evaluate("""[...document.querySelectorAll('#cc-submit input, #cc-submit select, #cc-submit textarea')]
        .filter(e => !e.labels || e.labels.length === 0).map(e => e.id)""")
    assert unnamed == []


def test_home_and_contributing_link_the_form(built_site: Path) -> None:
    home = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    contributing = (built_site / "site" / "contributing" / "index.html").read_text(encoding="utf-8")
    assert 'href="submit/"' in home and "事例を投稿する" in home
    assert "../submit/" in contributing
    assert "/submit/" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _cli_message(text: str) -> tuple[int, str]:
    """What `catalogue validate` says of this text (line, message), read through the same steps."""
    from generator.read.errors import CaseError
    from generator.read.load import read_text

    path = Path(__import__("tempfile").mkdtemp()) / "x.yml"
    path.write_text(text, encoding="utf-8")
    try:
        parse_yaml(read_text(path, "x.yml"), "x.yml")
    except CaseError as exc:
        return exc.problems[0].line, exc.problems[0].message
    raise AssertionError("the CLI accepted it")


_DEEP_BLOCK = "".join(f"{'  ' * k}k{k}:\n" for k in range(14)) + "  " * 14 + "v: 1\n"
HOSTILE_PASTES = [
    ("nesting-20000-flow", "id: sample-x\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n"),
    ("nesting-14-blocks", "id: sample-x\n" + _DEEP_BLOCK),
    ("python-tag", "id: sample-x\nkey_concept: !!python/object/apply:os.system [ls]\n"),
    ("local-tag", "id: sample-x\ntitle: !foo 駅前\n"),
    ("nul", "id: sample-x\ntitle: 駅\x00前\n"),
    ("esc-in-comment", "id: sample-x\n# \x1b[31m\ntitle: 駅前\n"),
    ("u-fffe", "id: sample-x\ntitle: 駅前\ufffe\n"),
]


@pytest.mark.parametrize("text", [r[1] for r in HOSTILE_PASTES], ids=[r[0] for r in HOSTILE_PASTES])
def test_hostile_yaml_is_refused_as_the_cli_refuses_it(page, site_url: str, text: str) -> None:
    """The form reads what the CLI reads: the same refusal, in the same words, at the same line; never a silent crash."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_form(page, site_url)
    page.evaluate("t => { document.getElementById('cc-paste').value = t; }", text)
    page.click("#cc-paste-load")
    settle(page)
    status = page.inner_text("#cc-load-status")
    line, message = _cli_message(text)
    assert message.split("（")[0] in status and (f"{line} 行" in status or f"{line} 行目" in status), (status, line, message)
    if "タグ" in message or "入れ子" in message:
        assert message in status, (status, message)
    assert not errors, errors
    assert control(page, "title").input_value() == ""
