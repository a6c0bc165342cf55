// Classic async script in the <head> of the calculator page (overrides/main.html):
// starts the worker, and so the Python download and boot, before the theme's
// stylesheets and scripts are requested. Its data-* attributes say where the
// rules and the runtime are. app.js takes the worker over and replays any
// message that arrived before it ran.
(function () {
  var script = document.currentScript;
  if (location.protocol === "file:" || typeof WebAssembly !== "object") return;
  var data = script.dataset;
  var worker;
  try {
    worker = new Worker(new URL("worker.js", script.src), { type: "module" });
  } catch (err) {
    return; // app.js tries again and explains the failure
  }
  var early = { worker: worker, events: [] };
  worker.onmessage = function (event) { early.events.push(event); };
  worker.onerror = function (event) { event.preventDefault(); early.events.push(event); };
  worker.postMessage({
    type: "boot",
    slug: data.slug,
    rules: new URL(data.rules, location.href).href,
    runtime: new URL(data.runtime, location.href).href,
    pyodide: new URL(data.pyodide, location.href).href,
    // Only where a service worker can keep the runtime too (app.js).
    snapshots: "serviceWorker" in navigator && window.isSecureContext,
  });
  window.__calcEarly = early;
})();
