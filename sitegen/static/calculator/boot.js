// Classic script at the top of the calculator: starts the worker (and so the
// Python download and boot) while the rest of the page is still loading,
// instead of after the theme and app.js. app.js takes the worker over and
// replays any message that arrived before it ran.
(function () {
  var root = document.querySelector("[data-calculator]");
  if (!root || location.protocol === "file:" || typeof WebAssembly !== "object") return;
  var worker;
  try {
    worker = new Worker(new URL("worker.js", document.currentScript.src), { type: "module" });
  } catch (err) {
    return; // app.js tries again and explains the failure
  }
  var early = { worker: worker, events: [] };
  worker.onmessage = function (event) { early.events.push(event); };
  worker.onerror = function (event) { event.preventDefault(); early.events.push(event); };
  worker.postMessage({
    type: "boot",
    slug: root.dataset.slug,
    rules: new URL(root.dataset.rules, location.href).href,
    runtime: new URL(root.dataset.runtime, location.href).href,
  });
  window.__calcEarly = early;
})();
