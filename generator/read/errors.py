"""The one exception type, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]
LEVEL_LABEL = {"error": "エラー", "warning": "警告"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one contributor file, at one place."""

    file: str
    line: int
    column: int
    message: str
    level: Level = "error"

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {LEVEL_LABEL[self.level]}: {self.message}"

    def github(self) -> str:
        """GitHub Actions workflow command, so the problem shows on the changed line."""
        text = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.level} file={self.file},line={self.line},col={self.column}::{text}"


class CaseError(Exception):
    """Raised when a contributor file cannot be used. Carries every problem found, not just one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))
