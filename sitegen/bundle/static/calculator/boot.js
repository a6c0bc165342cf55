// Classic async script in the <head> of the calculator page (overrides/main.html):
// starts the worker, and so the Python download and boot, before the theme's
// stylesheets and scripts are requested. Its data-* attributes say where the
// rules and the runtime are (data-runtime: the manifest runtime.bundle wrote,
// paths from the site root). It leaves window.__calcBoot for app.js: the boot
// message, the worker and any message that arrived before app.js ran (null
// where the calculator cannot start here; app.js then explains why).
(function () {
  var script = document.currentScript;
  var data = script.dataset;
  window.__calcBoot = null;
  if (location.protocol === "file:" || typeof WebAssembly !== "object") return;
  var here = function (path) { return new URL(path, location.href).href; };
  var root = new URL(".", here(data.siteRoot));
  var fromRoot = function (path) { return new URL(path, root).href; };
  var runtime = JSON.parse(data.runtime);
  // Each runtime file by absolute URL: { raw, br } sizes (worker.js progress).
  var files = {};
  Object.keys(runtime.files || {}).forEach(function (path) { files[fromRoot(path)] = runtime.files[path]; });
  var boot = {
    type: "boot",
    slug: data.slug,
    rules: here(data.rules),
    runtime: {
      pyodide: fromRoot(runtime.pyodide),
      stdlib: fromRoot(runtime.stdlib),
      package: fromRoot(runtime.package),
      lockInfo: runtime.lock_info,
      extractDir: runtime.extract_dir,
      totalBytes: runtime.total_bytes,
      moduleBytes: runtime.module_bytes,
      files: files,
      snapshot: runtime.snapshot,
    },
    // Only where a service worker can keep the runtime too (app.js).
    snapshots: "serviceWorker" in navigator && window.isSecureContext,
  };
  var state = {
    boot: boot,
    // Same version as this script (?v=…: see sitegen/runtime.py glue_version).
    workerURL: new URL("worker.js" + new URL(script.src).search, script.src).href,
    serviceWorker: here(data.serviceWorker),
    worker: null,
    events: [],
  };
  try {
    state.worker = new Worker(state.workerURL, { type: "module" });
  } catch (err) {
    state.worker = null; // app.js tries again and explains the failure
  }
  if (state.worker) {
    state.worker.onmessage = function (event) { state.events.push(event); };
    state.worker.onerror = function (event) { event.preventDefault(); state.events.push(event); };
    state.worker.postMessage(boot);
  }
  window.__calcBoot = state;
})();
