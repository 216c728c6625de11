"""Character rules shared by validation (which refuses) and rendering (which strips, as a second line)."""

import re

# C0 controls except tab/newline/CR, DEL, and bidirectional overrides that can disguise text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# What `catalogue new` writes where a contributor must write something.
PLACEHOLDER = "（記入してください）"
