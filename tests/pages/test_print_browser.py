"""A case page prints on A4 without navigation chrome."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_case_page_prints_without_chrome(page, site_url: str, tmp_path: Path) -> None:
    page.goto(f"{site_url}cases/sample-shiokaze-bousai/")
    page.emulate_media(media="print")
    for chrome in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".cc-search"]:
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").is_visible()
    pdf = tmp_path / "case.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    import re

    boxes = {tuple(float(v) for v in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]*)\]", data)}
    assert boxes and all(abs(b[2] - 595) < 2 and abs(b[3] - 842) < 2 for b in boxes), boxes  # A4: 210 x 297 mm
