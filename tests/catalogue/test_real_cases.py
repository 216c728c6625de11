"""The real cases: entered from published sources, every fact with its source, validated like any contribution.

The rest of the suite runs on the fictional samples (conftest removes the real cases from its project); this
file checks the real ones in a copy of the whole catalogue.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REAL_CASES, ROOT, run_cli
from generator.read.load import load_yaml_file
from generator.read.text import CHOOSE, PLACEHOLDER

pytestmark = pytest.mark.skipif(not REAL_CASES, reason="no real case yet")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("real") / "project"
    target.mkdir()
    for part in ("mkdocs.yml", "cases", "programmes", "docs", "overrides"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target / part)
    return target


def test_real_cases_validate_without_error(catalogue: Path) -> None:
    done = run_cli("validate", cwd=catalogue)
    assert done.returncode == 0, done.stderr
    assert " エラー: " not in done.stderr


@pytest.mark.parametrize("path", REAL_CASES, ids=[p.stem for p in REAL_CASES])
def test_a_real_case_says_where_every_fact_comes_from(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "sample" not in data and not data["id"].startswith("sample-")
    assert data["provenance"]["entered_by"] in ("カタログ（公開資料から）", "自治体", "コンソーシアム")
    assert PLACEHOLDER not in text and CHOOSE not in text
    ids = {s["id"] for s in data["sources"]}
    for source in data["sources"]:
        assert source.get("url", "").startswith(("http://", "https://")), source["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(source.get("seen", ""))), source["id"]
        assert source.get("publisher"), source["id"]
    for rnd in data["rounds"]:  # every round (its year, programme and amounts) names a source that exists
        refs = rnd.get("source") or (rnd.get("budget") or {}).get("source")
        assert refs, (data["id"], rnd["fiscal_year"])
        assert set([refs] if isinstance(refs, str) else refs) <= ids
    for municipality in data["municipalities"]:
        assert re.fullmatch(r"\d{6}", str(municipality.get("code", ""))), municipality


def test_the_real_catalogue_generates(catalogue: Path) -> None:
    done = run_cli("generate", cwd=catalogue)
    assert done.returncode == 0, done.stderr
    for path in REAL_CASES:
        assert (catalogue / "docs" / "cases" / f"{path.stem}.md").is_file()


# --- "every number, date and body name is covered by a source id" -------------------------------------------------

# Objects of the format that may carry `source:` (generator/schema/case.schema.json): a value inside one of them,
# at any depth, is covered by its reference.
SOURCED_OBJECTS = ("rounds[]", "rounds[].budget", "rounds[].budget.contradictory", "partners[]", "services[]",
                   "consortium", "kpis[]", "kpis[].actuals[]", "outcomes[]", "facts[]")
DATE = re.compile(r"([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?|FY[0-9]{4}|([1-9]|1[0-2])月)")
DIGIT = re.compile(r"[0-9０-９]")
# Body names: the fields that name an organisation. municipalities[].name and design.data[].provider sit where the
# format has no `source` field (a format gap): they are covered when the name is said in a sourced passage.
BODY_NAMES = ("consortium.name", "consortium.members[].name", "partners[].name", "contact.department",
              "design.data[].provider", "municipalities[].name")
NAMED_IN_A_PASSAGE = ("municipalities[].name", "design.data[].provider")
# A text that names a body by its legal or usual form (筑波大学, 〇〇協議会, 株式会社〇〇) states a fact of a source.
NAMING_WORDS = ("株式会社", "有限会社", "合同会社", "法人", "機構", "協議会", "協会", "組合", "大学", "研究所", "コンソーシアム")
# Paths whose numbers, dates or digits are not facts taken from a source, or where the format has no place for a
# source next to the value. Each entry says why; a real case that fills any other path without a source fails.
EXEMPT = {
    "id": "the file's slug, chosen by the catalogue",
    "title": "the catalogue's display name; the years it names must be years of its rounds (checked below)",
    "fiscal_year": "the main year: it must be the year of one of the rounds (checked below), which carry sources",
    "provenance.entered": "the catalogue's own record of when it entered the case, not a published fact",
    "provenance.confirmed": "the date a municipality confirmed the case: the catalogue's record, not a published fact",
    "municipalities[].code": "reference data: validate checks code, name and prefecture against data/municipalities.csv (MIC)",
    "technologies[]": "classifying terms (3D都市モデル, ローカル5G): a digit there is part of a name, not a figure",
    "links[].url": "a link is the published page itself",
    "links[].title": "the name of the linked page (format gap: links have no `source` field)",
    "design.data[].name": "the name of a data set (3D K-Field); format gap: `design` has no `source` field",
}


def _pattern(path: tuple) -> str:
    """rounds.0.budget.total -> rounds[].budget.total (list indexes dropped)."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else ("." if out else "") + part
    return out


def _lead(municipalities: list[dict]) -> int | None:
    leads = [i for i, m in enumerate(municipalities) if m.get("role") == "代表"]
    return leads[0] if len(leads) == 1 else 0 if len(municipalities) == 1 else None


def _cites(text: str, ids: set[str]) -> bool:
    return any(re.search(rf"(?<![A-Za-z0-9-]){re.escape(i)}(?![A-Za-z0-9-])", text) for i in ids)


def uncovered(data: dict, comment: str = "") -> list[str]:
    """What in a real case is a number, a date, a text stating a figure, or a body name, and is not covered.

    Covered means, in this format:
    - a **number** (int or float, not a boolean) or a **date** (a string in the format's date form: 2024,
      2024-06, 2024-06-21, FY2024, 6月) sits inside an object that carries a `source:` reference — the object
      itself or any object above it (SOURCED_OBJECTS: a round, its budget, a partner, a service, the consortium,
      a KPI or its actuals, an outcome, a fact); every id of that reference is one of the case's `sources`;
    - a **text stating a figure** (any other string with a digit, an unknown's reason included) or **naming a body**
      (a text that is not an unknown's reason and holds one of NAMING_WORDS: 大学・協議会・株式会社 …) is inside such an
      object, or cites one of the case's source ids in its own words (「…（s1・s3）」), or — for a top-level text the
      format gives no `source` field (key_concept, district, vision, purpose …) — the file's top comment names the
      field by its key and, in the same sentence after it, its sources (「# キーコンセプト（key_concept）は s1・s3 の
      要約。」, the convention of the real cases); in an unknown's reason, a year that is one of the case's round years (「2019年度の選定の後の…」)
      names that round and is no new figure;
    - a **body name** (BODY_NAMES) is inside a sourced object (the consortium's members by the consortium's
      `source`, a partner by its own) or cites a source id; where the format has no `source` field next to the name
      (NAMED_IN_A_PASSAGE: municipalities, a data set's provider) the name is said in a sourced passage: a string
      inside a sourced object, or a string citing a source id — except the lead municipality (role 代表, or the
      only one), which every round is about: its rounds' sources cover it (each round must name one, test above);
    - a value written `{unknown: 理由}` is no fact: only its reason is read, as text;
    - `sources` themselves are the references (their own url and seen date are checked by the test above), and
      the paths of EXEMPT are left out, each for the reason it gives.
    Every id cited in a text (s1, s2 …) must also be one of the case's sources: a dangling citation is uncovered.
    """
    ids = {s["id"] for s in data["sources"]}
    years = {r["fiscal_year"] for r in data["rounds"]}
    commented = {key for key in data  # 「（key）は s1・s3 の要約。」: the ids up to the sentence's end
                 if any(_cites(m[1], ids) for m in re.finditer(rf"（{re.escape(key)}）([^。\n]*)", comment))}
    lead = _lead(data["municipalities"])
    problems: list[str] = []
    texts: list[tuple[str, bool]] = []  # every string, and whether it is a sourced passage
    names: list[tuple[str, str]] = []  # (path, name) to find in a sourced passage

    def walk(value: object, path: tuple, covered: bool) -> None:
        where = _pattern(path)
        if isinstance(value, dict):
            if "source" in value and where in SOURCED_OBJECTS:
                refs = value["source"]
                refs = [refs] if isinstance(refs, str) else list(refs)
                dangling = set(refs) - ids
                if dangling:
                    problems.append(f"{'.'.join(map(str, path))}.source: {sorted(dangling)} は sources にない")
                covered = covered or not dangling
            for key, item in value.items():
                if key != "source" and not (key == "sources" and not path):
                    walk(item, path + (key,), covered)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,), covered)
            return
        if isinstance(value, bool) or value is None or where in EXEMPT:
            return
        shown = f"{'.'.join(map(str, path))} = {value!r}"
        if isinstance(value, str):
            for cited in set(re.findall(r"(?<![A-Za-z0-9-])(s[0-9]+)(?![A-Za-z0-9-])", value)) - ids:
                problems.append(f"{shown}: 本文の出典 {cited} は sources にない")
            cites = _cites(value, ids) or (len(path) == 1 and path[0] in commented)
            texts.append((value, covered or cites))
            if where in BODY_NAMES:
                if path[:2] == ("municipalities", lead) or covered or cites:
                    return
                if where in NAMED_IN_A_PASSAGE:
                    names.append((shown, value))
                else:
                    problems.append(f"{shown}: 団体名に出典がない")
                return
            if where.endswith(".unknown"):
                value = re.sub(r"(?<![0-9])(20[0-9]{2})(?=年)", lambda m: "" if int(m[1]) in years else m[0], value)
            if DATE.fullmatch(value) and not covered:
                problems.append(f"{shown}: 日付に出典がない")
            elif DIGIT.search(value) and not (covered or cites):
                problems.append(f"{shown}: 数字を含む文に出典がない")
            elif not where.endswith(".unknown") and any(w in value for w in NAMING_WORDS) and not (covered or cites):
                problems.append(f"{shown}: 団体を名指す文に出典がない")
        elif isinstance(value, (int, float)) and not covered:
            problems.append(f"{shown}: 数値に出典がない")

    walk(data, (), False)
    passages = [text for text, sourced in texts if sourced]
    for shown, name in names:
        if not any(name in text for text in passages):
            problems.append(f"{shown}: 名前が出典のある文のどこにもない")
    if "fiscal_year" in data and data["fiscal_year"] not in years:
        problems.append(f"fiscal_year = {data['fiscal_year']}: どの rounds の年度でもない")
    for year in re.findall(r"(?<![0-9])(20[0-9]{2})(?![0-9])", data["title"]):
        if int(year) not in years:
            problems.append(f"title: {year} 年度の rounds がない")
    return problems


@pytest.mark.parametrize("path", REAL_CASES, ids=[p.stem for p in REAL_CASES])
def test_every_number_date_and_body_name_of_a_real_case_is_covered_by_a_source(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    comment = "\n".join(line for line in text.split("\nid:", 1)[0].splitlines() if line.startswith("#"))
    assert uncovered(load_yaml_file(path), comment) == []


# --- "no real case carries a private name" ------------------------------------------------------------------------

# Where a real case names a body: each must be an organisation (a department for the contact), never a person.
ORGANISATION_FIELDS = ("consortium.name", "consortium.members[].name", "partners[].name", "contact.department",
                       "design.data[].provider", "outcomes[].measurer", "key_visual.credit",
                       "design.architecture_diagram.credit", "sources[].publisher")
# Words that make a short kanji name an organisation's: a body of government, a department, a school, a company …
# anywhere in the name; SUFFIXES only as the name's (or its last word's) last character — 仙台市, 企画部, 京都府 —
# because family names end in 村・町・市・部 too (中村, 町田, 古市, 阿部): a 2-character name counts as an
# organisation by its suffix only with 都・府・県・区・省・庁 (港区, 北区; write 「三重県津市」, not 「津市」).
ORGANISATION_WORDS = ("北海道", "株式会社", "有限会社", "合同会社", "法人", "機構", "協議会", "協会", "組合", "連合", "財団",
                      "社団", "大学", "学校", "学院", "研究所", "研究機構", "センター", "病院", "銀行", "建設", "電力", "電鉄",
                      "鉄道", "交通", "運輸", "自動車", "不動産", "地所", "工業", "電機", "電気", "製作所", "商事", "物産",
                      "新聞", "放送", "通信", "ガス", "グループ", "ホールディングス", "事務局", "委員会", "会議", "開発",
                      "自衛隊", "国立", "国土")
SUFFIXES = "都府県市町村区部課局室省庁署"
SHORT_SUFFIXES = "都府県区省庁"


def _organisation(name: str) -> bool:
    last = name.split()[-1] if name.split() else name
    if any(word in name for word in ORGANISATION_WORDS):
        return True
    return last[-1:] in (SHORT_SUFFIXES if len(last) == 2 else SUFFIXES) and len(last) >= 2


# A person's name as the press writes it: 2–4 kanji (family + given name), or family and given name with a space
# between (佐々木 小次郎, 山田 はな).
PERSON_NAME = re.compile(r"[一-龥々]{2,4}|[一-龥々]{1,3}[ 　][一-龥々ぁ-ゖ]{1,3}")
# In running text: a name with an honorific or a title after it (山田太郎氏, 山田さん, 山田教授).
NAME_WITH_HONORIFIC = re.compile(r"(?<![一-龥々])[一-龥々]{2,4}(?:氏(?![名族])|さん|様(?![々な式子])|教授|准教授|先生)")
# A personal e-mail address: given.family@ / family_given@ (a department's address reads kikaku@, smartcity@ …).
PERSONAL_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[a-z]{2,}[._][a-z]{2,}@[A-Za-z0-9.-]+", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Addresses a municipality itself publishes for the project, with the source that shows it (none yet).
PUBLISHED_ADDRESSES: dict[str, str] = {}
DEPARTMENT_WORDS = ("課", "部", "室", "局", "係", "班", "センター", "事務局", "委員会", "本部")


def private_names(data: dict) -> list[str]:
    """What in a real case looks like a private person's name or personal contact data.

    The rule (issue 22: departments only, no contact data beyond what the municipality publishes):
    - every value of ORGANISATION_FIELDS names an organisation: a value that is a person's name as written
      (PERSON_NAME: 2–4 kanji, or family and given name with a space between) and is no organisation's
      (`_organisation`: an ORGANISATION_WORDS word — 株式会社・大学・協議会・機構・法人・組合・センター・研究所 … — or
      a SUFFIXES last character — 市・町・村・区・県・課・部・局 …) fails;
    - no string of the case (texts, roles, notes, titles of sources) names someone with an honorific or a title
      after the name (NAME_WITH_HONORIFIC: 〇〇氏, 〇〇さん, 〇〇教授): the catalogue says 「市長」「教授」, never who;
    - no e-mail address anywhere looks personal (PERSONAL_EMAIL: given.family@, family_given@) unless
      PUBLISHED_ADDRESSES lists it with the source where the municipality publishes it;
    - the contact is a department: `contact.department` holds a word of DEPARTMENT_WORDS (課・部・室・局 …) or is unknown.
    """
    problems: list[str] = []

    def walk(value: object, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str):
            shown = f"{'.'.join(map(str, path))} = {value!r}"
            where = _pattern(path)
            if where in ORGANISATION_FIELDS and PERSON_NAME.fullmatch(value.strip()):
                if not _organisation(value.strip()):
                    problems.append(f"{shown}: 人の名前に見える（団体名・部署名を書く）")
            for found in NAME_WITH_HONORIFIC.findall(value):
                problems.append(f"{shown}: 「{found}」は個人の名前に見える")
            for address in EMAIL.findall(value):
                if PERSONAL_EMAIL.fullmatch(address) and address not in PUBLISHED_ADDRESSES:
                    problems.append(f"{shown}: 個人のメールアドレスに見える")

    walk(data, ())
    department = (data.get("contact") or {}).get("department")
    if isinstance(department, str) and not any(word in department for word in DEPARTMENT_WORDS):
        problems.append(f"contact.department = {department!r}: 部署名ではない")
    return problems


@pytest.mark.parametrize("path", REAL_CASES, ids=[p.stem for p in REAL_CASES])
def test_no_real_case_names_a_private_person(path: Path) -> None:
    assert private_names(load_yaml_file(path)) == []


def test_the_two_rules_find_what_they_are_about() -> None:
    """Each rule, run on a real case broken in memory (the file is not touched), reports the break."""
    case = next(p for p in REAL_CASES if p.stem == "arao-wellbeing")
    data = load_yaml_file(case)
    assert uncovered(data) == [] and private_names(data) == []
    broken = copy.deepcopy(data)
    del broken["facts"][0]["source"]  # 35 ha with no source
    assert any(p.startswith("facts.0.value = 35:") for p in uncovered(broken))
    broken = copy.deepcopy(data)
    broken["story"][0]["challenge"] = re.sub(r"（s[0-9]+(・s[0-9]+)*）", "", broken["story"][0]["challenge"])
    assert any(p.startswith("story.0.challenge") for p in uncovered(broken))
    broken = copy.deepcopy(data)
    broken["rounds"][2]["source"] = "s99"  # a reference to no source covers nothing
    assert [p for p in uncovered(broken) if p.startswith("rounds.2")][:1] == ["rounds.2.source: ['s99'] は sources にない"]
    broken = copy.deepcopy(data)
    broken["consortium"] = {"name": "荒尾市スマートシティ推進協議会"}
    assert uncovered(broken) == ["consortium.name = '荒尾市スマートシティ推進協議会': 団体名に出典がない"]
    broken = copy.deepcopy(data)
    broken["municipalities"].append({"code": "432041", "prefecture": "熊本県", "name": "玉名市", "role": "参加"})
    assert uncovered(broken) == ["municipalities.1.name = '玉名市': 名前が出典のある文のどこにもない"]
    broken = copy.deepcopy(data)
    broken["district"] = "南新地地区（独立行政法人都市再生機構が整備）"
    assert uncovered(broken) == [f"district = {broken['district']!r}: 団体を名指す文に出典がない"]
    broken["key_concept"] = "35ha の競馬場跡地を健康のまちにする"
    assert uncovered(broken, "# キーコンセプト（key_concept）は s1 の要約。地区（district）は s8") == []
    assert uncovered(broken, "# キーコンセプト（key_concept）は s9 の要約。地区（district）は s8")[-1:] == [
        f"key_concept = {broken['key_concept']!r}: 数字を含む文に出典がない"]
    broken = copy.deepcopy(data)
    broken["partners"].append({"name": "山田 太郎", "source": "s1"})
    broken["partners"][0]["role"] += "。担当は荒尾太郎氏"
    broken["contact"] = {"department": "荒尾花子", "email": "hanako.arao@city.arao.lg.jp"}
    assert private_names(broken) == [
        "partners.0.role = '計画策定から関わり、荒尾市とまちづくり基本協定を結んで土地区画整理事業を受託（s8）。担当は荒尾太郎氏': 「荒尾太郎氏」は個人の名前に見える",
        "partners.1.name = '山田 太郎': 人の名前に見える（団体名・部署名を書く）",
        "contact.department = '荒尾花子': 人の名前に見える（団体名・部署名を書く）",
        "contact.email = 'hanako.arao@city.arao.lg.jp': 個人のメールアドレスに見える",
        "contact.department = '荒尾花子': 部署名ではない",
    ]
