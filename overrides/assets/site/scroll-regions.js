// Wide tables scroll sideways; a keyboard user must be able to reach them
// (WCAG 2.1.1). Give each overflowing table wrapper focus and a name, and a
// visible hint (extra.css): on a phone the last columns, the totals often,
// would be off-screen with nothing saying so. A table shown stacked on a
// narrow screen (hooks/narrow_tables.py, extra.css) does not scroll: no hint,
// no focus stop. Checked again on every resize, both ways.
(function () {
  function stacked(wrap) {
    var table = wrap.querySelector("table[data-stack]");
    return !!table && getComputedStyle(table).display === "block";
  }
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      var scrolls = !stacked(wrap) && wrap.scrollWidth > wrap.clientWidth;
      wrap.toggleAttribute("data-scrolls", scrolls);
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table " + (i + 1) + " (scrolls sideways)");
        wrap.setAttribute("data-scroll-region", "");
      } else if (!scrolls && wrap.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }
  if (window.document$) window.document$.subscribe(mark);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", mark);
})();
