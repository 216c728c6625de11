"""Character rules shared by validation (which refuses) and rendering (which strips, as a second line)."""

import re
from typing import Any, Iterator

# C0 controls except tab/newline/CR, DEL, and bidirectional overrides that can disguise text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# What `catalogue new` writes where a contributor must write something.
from generator.data.words import WORDS  # noqa: E402

PLACEHOLDER = WORDS["placeholder"]
CHOOSE = WORDS["choose"]  # a closed field of the skeleton: refused until one of its values is chosen


def strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a parsed case with its path, e.g. (("kpis", 0, "name"), "利用者数")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, path + (i,))

# Whole values that stand for "not written yet": refused in a real case (a sample may say anything).
PLACEHOLDER_VALUES = {"未定", "tbd", "tba", "要確認", "記入してください", "xxx", "○○", "―", "-", "…"}
# Addresses reserved for examples (RFC 2606 / JPRS): a real case never publishes them.
EXAMPLE_DOMAINS = ("example.jp", "example.com", "example.org", "example.net", "example.invalid")
