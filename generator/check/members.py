"""The consortium: one lead (◎) at most."""

from __future__ import annotations

from typing import Any

from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.read.load import Document


@rule
def _check_consortium(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    consortium = data.get("consortium")
    members = consortium.get("members") if isinstance(consortium, dict) else None
    leads = [m for _, m in dicts(members) if m.get("position") == "代表"]
    if len(leads) > 1:
        return [at(doc, ("consortium", "members"), f"「事業実施体制」の代表（position: 代表、様式の◎）は 1 者までです（いまは {len(leads)} 者）。幹事の会社は position: 幹事 と書けます")]
    if isinstance(consortium, dict) and consortium.get("members_unknown") and members:
        return [at(doc, ("consortium", "members_unknown"), "構成員を書いたのに「構成員が公開資料に記載なし」(members_unknown) も書かれています。"
                   "公表資料が一部の構成員だけを挙げているなら、members_unknown の代わりに members_incomplete にその説明を書いてください")]
    return []

