// Classic (non-module) script: explains, in words, when the calculator cannot
// start at all — the page was opened from a file (browsers refuse module
// scripts and workers there) or the browser has no module/WebAssembly support.
// The rest of the page, and the answers typed into the form, stay usable.
(function () {
  var root = document.querySelector("[data-calculator]");
  if (!root) return;
  var reason = null;
  if (location.protocol === "file:") {
    reason = "This page was opened from a file. The calculator needs the site to be served over http(s), for example with `python build.py serve`.";
  } else if (typeof WebAssembly !== "object" || !("noModule" in document.createElement("script"))) {
    reason = "This browser lacks WebAssembly or JavaScript modules.";
  }
  if (!reason) return;
  root.setAttribute("data-ready", "failed");
  var status = document.getElementById("calc-status");
  if (status) status.hidden = true;
  var box = document.getElementById("calc-fallback");
  document.getElementById("calc-fallback-reason").textContent = "(" + reason + ")";
  box.hidden = false;
})();
