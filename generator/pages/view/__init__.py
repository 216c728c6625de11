"""Page views: typed objects that hold a page's decisions (what is unknown and how it is said, which amount and
which year to show, badges, what to leave out), so that its templates only lay them out.

case_view(case, site) → CaseView, read by templates/case.md.j2 and its partials in templates/case/.
"""

from generator.pages.view.case import CaseView, case_view

__all__ = ["CaseView", "case_view"]
