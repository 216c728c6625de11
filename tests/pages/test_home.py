"""The home page's 「新しく載った・更新された事例」: samples are not news once a real case exists (they stay findable,
marked as samples, in the finder); with samples only, the samples are listed, marked."""

from __future__ import annotations

import copy

from conftest import SNAPSHOT, sample_data
from generator.catalogue.model import Catalogue, build_case
from generator.pages.registry import Site, catalogue_environment
from generator.data.refdata import load_prefectures, load_programmes, load_vocabulary
from generator.pages.render import render_page

YEARS = load_programmes(SNAPSHOT / "programmes")
PREFECTURES = load_prefectures()
SAMPLES = ["sample-seseragi-mimamori", "sample-asahino-rename", "sample-kogane-shiengaku"]


def _catalogue(real: bool) -> Catalogue:
    cases = []
    for name in SAMPLES:
        data = copy.deepcopy(sample_data(name))
        cases.append(build_case(data, f"cases/{name}.yml", YEARS, PREFECTURES))
    if real:
        data = copy.deepcopy(sample_data("sample-tsubame-okane"))
        data.pop("sample")
        data["id"] = "real-case"
        cases.append(build_case(data, "cases/real-case.yml", YEARS, PREFECTURES))
    for i, case in enumerate(cases):
        case.updated = f"2026-11-{10 + i:02d}"  # the samples changed last: they would come first by date
    cases[-1].updated = "2026-10-01"
    return Catalogue(cases, YEARS, sorted(PREFECTURES.values(), key=lambda p: p.code), load_vocabulary())


def _news(catalogue: Catalogue) -> str:
    page = render_page(catalogue_environment(catalogue, Site()), "home.md.j2", "index.md", catalogue=catalogue)
    start = page.index("## 新しく載った・更新された事例")
    return page[start:page.index("\n## ", start + 1) if "\n## " in page[start + 1:] else len(page)].split("すべての事例は")[0]


def test_no_sample_in_the_news_once_a_real_case_exists() -> None:
    catalogue = _catalogue(real=True)
    assert [c.id for c in catalogue.recently_updated()] == ["real-case"]
    news = _news(catalogue)
    assert "つばめ浜市 スマート街路灯とエリアマネジメント" in news and "（サンプル）" not in news, news
    assert all(c.title not in news for c in catalogue.cases if c.sample)


def test_with_samples_only_the_samples_are_listed_and_marked() -> None:
    catalogue = _catalogue(real=False)
    assert [c.id for c in catalogue.recently_updated()] == ["sample-asahino-rename", "sample-seseragi-mimamori", "sample-kogane-shiengaku"]
    assert _news(catalogue).count("（サンプル）") == 3
