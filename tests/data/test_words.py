"""One source of words: the validation messages live in generator/data/words.json, which the CLI
(generator/data/words.py) and the submit form (docs/assets/submit/explain.js, main.js) both read.

Guards: no message's text is written again in the code (Python or JS), every message is used by one of
them, and filling a message is the same one-pass rule on both sides.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from generator.data.words import MESSAGES, WORDS_PATH, say

ROOT = Path(__file__).resolve().parents[2]
CODE = sorted([*(ROOT / "generator").rglob("*.py"), *(ROOT / "docs" / "assets" / "submit").glob("*.js")])
TEXTS = {path: path.read_text(encoding="utf-8") for path in CODE}
FIELD = re.compile(r"\{[a-z_]+\}")


def fragments(template: str) -> list[str]:
    """The fixed parts of a message, long enough to be its own words (not 「」は使えません。 or 「 の中に」)."""
    return [part for part in FIELD.split(template) if len(re.sub(r"[\s「」（）()。、:：]", "", part)) >= 8]


@pytest.mark.parametrize("key", [k for k in MESSAGES if fragments(MESSAGES[k])])
def test_a_message_is_written_only_in_the_words_file(key: str) -> None:
    for fragment in fragments(MESSAGES[key]):
        again = [p.relative_to(ROOT).as_posix() for p, text in TEXTS.items() if fragment in text]
        assert not again, f"「{fragment}」 of {key} is written again in {again}: use say({key!r}, …)"


@pytest.mark.parametrize("key", list(MESSAGES))
def test_every_message_is_used(key: str) -> None:
    assert any(f'"{key}"' in text for text in TEXTS.values()), f"{key} is in words.json but no code says it"


CASES = [
    ("yaml_tag", {"tag": "!foo"}),
    ("money_approx", {"zenkaku": "", "value": "約5億円", "yen": 500000000}),  # {approx: {yen}}: the inner field only
    ("unknown_extra", {"name": "「総額」(total)", "extra": "{name}"}),  # a value holding {name} is not filled again
    ("money_unparsed", {"zenkaku": "全角の数字は使えません。"}),  # {min: …, max: …} stays text
]


def test_python_and_the_form_fill_messages_alike() -> None:
    script = ("import { setWords, say } from './docs/assets/submit/explain.js';"
              f"setWords(JSON.parse(require_json()));"
              "process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map(([k, v]) => say(k, v))));")
    script = script.replace("require_json()", f"(await import('node:fs')).readFileSync({json.dumps(str(WORDS_PATH))}, 'utf8')")
    done = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(CASES, ensure_ascii=False)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [say(k, **v) for k, v in CASES]
    assert say("money_approx", zenkaku="", value="約5億円", yen=500000000).startswith("概数は {approx: 500000000} と")
    assert "{name}" in say("unknown_extra", name="x", extra="{name}")


@pytest.mark.parametrize("word", ["達成", "未達", "実績待ち", "数値目標なし", "不明"])
def test_attainment_and_unknown_words_have_one_home(word: str) -> None:
    """The KPI attainment words and 不明 are written once, in words.json; code names them (words.MET, UNKNOWN_VALUE…)."""
    literal = re.compile(rf"""["']{word}["']""")
    again = [p.relative_to(ROOT).as_posix() for p, text in TEXTS.items() if p.suffix == ".py" and literal.search(text)]
    assert not again, f"「{word}」 is written as a literal in {again}: use generator.data.words"
