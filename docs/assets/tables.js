// Wide tables scroll inside their own region: make each such region reachable and named for keyboard and
// screen-reader users (WCAG 2.1.1; axe "scrollable-region-focusable"), named after the nearest heading.
(() => {
  "use strict";
  const label = (wrap) => {
    let el = wrap;
    while (el && el.previousElementSibling === null) el = el.parentElement;
    for (let prev = el && el.previousElementSibling; prev; prev = prev.previousElementSibling) {
      if (/^H[1-6]$/.test(prev.tagName)) return `表: ${prev.textContent.replace(/¶$/, "").trim()}`;
    }
    return "表";
  };
  const mark = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table")) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      }
    }
  };
  const later = () => requestAnimationFrame(mark);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(later);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later);
  else later();
  window.addEventListener("resize", later);
})();
