"""The finder shows its first page of verified results as soon as it has it, before the total and the facet counts.

It checks each candidate against the case's own words (its Pagefind data), a page of candidates first: the other
candidates' data, needed only for the total and the counts, are held back here (the network is routed), so the
first page must be shown while they are missing, and must stay the same once they arrive.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WORD = "スマートシティ"  # in more than 10 of the cases the finder lists (test_search_browser's sample site)


def _titles(page) -> list[str]:
    return page.locator(".cc-result h2 a").all_inner_texts()


def test_first_page_comes_before_the_count_and_stays(page, site_url: str) -> None:
    page.goto(f"{site_url}finder/")
    page.wait_for_selector("body[data-finder-ready=true]", timeout=15000)
    passed, held, released = [], [], []

    def fragments(route) -> None:  # a page of fragments goes through, the others wait until released
        if released or len(passed) < 10:
            passed.append(route.request.url)
            route.continue_()
        else:
            held.append(route)

    page.route("**/pagefind/fragment/**", fragments)
    page.fill("#cc-q", WORD)
    page.wait_for_function("(q) => document.body.dataset.finderFirst === q", arg=WORD, timeout=60000)
    first = _titles(page)
    assert len(first) == 10
    assert held, "the other candidates' data were not held back"
    assert page.evaluate("() => document.body.dataset.finderAnswered") != WORD
    assert page.locator("#cc-status").inner_text() == f"「{WORD}」を含む事例（件数を数えています…）"
    assert not page.locator("#cc-more").is_visible()

    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_function("(q) => document.body.dataset.finderAnswered === q", arg=WORD, timeout=60000)
    status = page.locator("#cc-status").inner_text()
    total = int(status.removeprefix(f"「{WORD}」を含む事例が ").removesuffix(" 件見つかりました"))
    assert total > 10
    assert _titles(page) == first  # the same first page, not redrawn in another order
    assert page.locator("#cc-more").is_visible()
    page.click("#cc-more")
    page.wait_for_function("() => document.querySelectorAll('.cc-result').length > 10")
    assert len(set(_titles(page))) == min(total, 20)
    assert page.errors == []
