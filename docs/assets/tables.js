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
  const check = (wraps) => {
    // All reads first, then all writes: a write between two reads would make the browser lay out the page again.
    const wide = wraps.filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex"));
    for (const wrap of wide) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    }
  };
  // Sizes are read in a ResizeObserver callback, after the browser's own layout: reading scrollWidth right
  // after load forced a layout of the whole page (Lighthouse: 200-300 ms of blocking time on a phone).
  const observer = "ResizeObserver" in window ? new ResizeObserver((entries) => check(entries.map((e) => e.target))) : null;
  const mark = () => {
    const wraps = [...document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table")];
    if (observer) wraps.forEach((wrap) => observer.observe(wrap));
    else check(wraps);
  };
  const later = () => requestAnimationFrame(mark);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(later);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later);
  else later();
  if (!observer) window.addEventListener("resize", later);
})();
