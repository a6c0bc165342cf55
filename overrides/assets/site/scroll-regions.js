// Wide tables scroll sideways; a keyboard user must be able to reach them
// (WCAG 2.1.1). Give each overflowing table wrapper focus and a name.
(function () {
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      // A visible hint too (extra.css): on a phone the last columns, the
      // totals often, are off-screen with nothing saying so.
      wrap.toggleAttribute("data-scrolls", wrap.scrollWidth > wrap.clientWidth);
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table " + (i + 1) + " (scrolls sideways)");
      }
    });
  }
  if (window.document$) window.document$.subscribe(mark);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", mark);
})();
