// Web Worker: boots Pyodide (served by this site), installs the calculator
// package and the association's rules, then answers form states.
//
// It runs off the main thread so the page stays responsive while the
// WebAssembly runtime compiles (3-5 s of main-thread blocking otherwise).
// The boot message, from the page, names every file and its sizes, so the
// progress bar counts the bytes that travel (meter, below).

let slug = null;
let answerJson = null;
let pyodide = null;
let snapshot = null; // { key, bytes }: taken at boot, written when the page asks

// Pyodide's own file names in its folder: pyodide.mjs loads the other two and
// the standard library itself, but only once it has arrived, so this worker
// asks for all of them at once first (see boot()).
const PYODIDE = { loader: "pyodide.mjs", script: "pyodide.asm.mjs", wasm: "pyodide.asm.wasm" };
const realFetch = self.fetch.bind(self);

// Counts the bytes of a response as they arrive, for the progress bar, and
// leaves the response itself untouched: the WebAssembly is compiled while it
// streams (instantiateStreaming), and only an original response lets Chromium
// keep the compiled code for the next visit. onBytes(url, n, response) is told
// of the response first (n = 0), then of each decoded chunk.
function counted(response, onBytes) {
  if (!response.body) return response;
  onBytes(response.url, 0, response);
  const reader = response.clone().body.getReader();
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onBytes(response.url, value.byteLength);
    }
  })().catch(() => {});
  return response;
}

// Progress in the bytes that travel, not the bytes Python gets. A file served
// with Content-Encoding (brotli: 3.6 MB travel for 13.6 MB of runtime) counts
// what its response's Content-Length says (the bytes on the wire; the site is
// same-origin, so the header is readable), in proportion to the decoded bytes
// read so far. Until a response has arrived, or where a host sends no length,
// a file counts the size of the .br copy the build wrote (runtime.files).
// Modules loaded with import() are not readable as they arrive: each counts
// whole once loaded, at the size its resource timing entry reports.
function meter(runtime, post) {
  const files = new Map(Object.entries(runtime.files || {}).map(([url, size]) => [url, {
    raw: size.raw, wire: size.br, decoded: 0, done: false,
  }]));
  let loaded = 0;
  let lastPost = 0;
  let shown = 0; // the last percent sent
  const totals = () => {
    let transferred = 0;
    let transferTotal = 0;
    for (const f of files.values()) {
      transferTotal += f.wire;
      transferred += f.done ? f.wire : f.wire * Math.min(1, f.decoded / (f.raw || 1));
    }
    return { transferred: Math.round(transferred), transferTotal };
  };
  const send = (force) => {
    const now = performance.now();
    if (!force && now - lastPost < 50) return;
    lastPost = now;
    const { transferred, transferTotal } = totals();
    // Never backwards: a response's real length can raise the total a little.
    const percent = Math.max(shown, transferTotal ? Math.min(100, Math.floor((100 * transferred) / transferTotal)) : 0);
    shown = percent;
    post({ type: "progress", loaded, total: runtime.totalBytes, percent, transferred, transfer_total: transferTotal });
  };
  return {
    // A fetched response: its headers, then its decoded bytes.
    bytes(url, n, response) {
      const f = files.get(url);
      if (response) {
        if (!f) return;
        const length = Number(response.headers.get("Content-Length"));
        if (length > 0) f.wire = length;
        else if (!response.headers.get("Content-Encoding")) f.wire = f.raw;
        return send(true);
      }
      loaded += n;
      if (f) {
        f.decoded += n;
        f.done = f.decoded >= f.raw;
      }
      send(loaded >= runtime.totalBytes);
    },
    // A module loaded with import(): counted whole.
    module(url, raw) {
      loaded += raw;
      const f = files.get(url);
      if (f) {
        const [entry] = performance.getEntriesByName(url);
        if (entry && entry.encodedBodySize > 0) f.wire = entry.encodedBodySize;
        f.decoded = f.raw;
        f.done = true;
      }
      send(true);
    },
    // Python is ready: every byte has arrived.
    finish() {
      loaded = runtime.totalBytes;
      for (const f of files.values()) f.done = true;
      send(true);
    },
  };
}

// Pyodide (314.0.7) catches a failed WebAssembly download or instantiation,
// logs "wasm instantiation failed!" with console.warn and never settles the
// promise of loadPyodide(): without this the page would say "Loading the
// calculator" for ever instead of showing its fallback. The promise rejects
// on that warning.
function wasmFailure() {
  return new Promise((_, reject) => {
    const warn = console.warn.bind(console);
    console.warn = (...args) => {
      warn(...args);
      if (args[0] === "wasm instantiation failed!") {
        console.warn = warn;
        reject(new Error("the WebAssembly runtime could not be loaded."));
      }
    };
  });
}

// The memory of a Python that has started and imported the engine, kept in
// Cache Storage after the first visit. The next visit restores it instead of
// starting Python and importing the engine again. It is taken at boot, before
// Python has seen a single answer, so it holds none (a test searches it);
// it is written only when the page asks, once its service worker keeps the
// runtime (keepSnapshot). Pyodide's _loadSnapshot/_makeSnapshot options are
// private API of the pinned version; the manifest's "snapshot" changes with
// any runtime file, so a snapshot is only restored into the runtime that made it.
// Named after this deployment (two sites on one origin keep their own).
const SNAPSHOTS = `iecmh-python-snapshot ${new URL(".", self.location.href).href}`;
let restoring = null; // the key of the snapshot this boot restores, if any

async function storedSnapshot(key) {
  try {
    const response = await (await caches.open(SNAPSHOTS)).match(key);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch (err) {
    return null; // no Cache Storage (file://, some private modes): start as usual
  }
}

async function keepSnapshot(keep) {
  const taken = snapshot;
  snapshot = null; // written once, or dropped: 31 MB is not kept in memory
  if (!taken || !keep) return false;
  const cache = await caches.open(SNAPSHOTS);
  for (const request of await cache.keys()) await cache.delete(request);
  await cache.put(taken.key, new Response(taken.bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  return true;
}

function ok(response, what) {
  if (!response.ok) throw new Error(`${what} could not be downloaded (HTTP ${response.status}).`);
  return response;
}

// The boot message (boot.js) names every file: runtime.pyodide (the folder of
// Pyodide's own files, named after its version), runtime.stdlib and
// runtime.package (named after their bytes), with absolute URLs.
async function boot({ slug: wanted, rules, runtime, snapshots }) {
  const started = performance.now();
  const at = (name) => new URL(name, runtime.pyodide).href;
  const progress = meter(runtime, (msg) => self.postMessage(msg));
  // Every download starts now, side by side. Left to itself, Pyodide would
  // ask for the WebAssembly and the standard library only after its loader
  // arrived: a round trip more (150 ms on a phone network) with the
  // connection idle. Pyodide's own requests for these files are then
  // answered with these responses.
  const early = new Map();
  for (const url of [at(PYODIDE.wasm), runtime.stdlib]) early.set(url, realFetch(url));
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, self.location.href).href;
    const pending = early.get(url);
    early.delete(url);
    return counted(await (pending || realFetch(input, init)), progress.bytes);
  };
  // Modules arrive through import(), not fetch: counted whole once loaded.
  const imported = (name) => import(at(name)).then((module) => {
    progress.module(at(name), (runtime.moduleBytes || {})[name] || 0);
    return module;
  });
  // Same URL as the loader's own import of it: one download, one module.
  const script = imported(PYODIDE.script);
  script.catch(() => {}); // a failure surfaces from loadPyodide, with its message
  const packageBytes = fetch(runtime.package).then((r) => ok(r, "the engine").arrayBuffer());
  packageBytes.catch(() => {}); // awaited below, where a failure is reported
  const snapshotKey = new URL(`python-${runtime.snapshot}.snapshot`, self.location.href).href;
  const [{ loadPyodide }, rulesText, stored] = await Promise.all([
    imported(PYODIDE.loader),
    realFetch(rules).then((r) => ok(r, "the rules").text()),
    snapshots ? storedSnapshot(snapshotKey) : null,
  ]);
  const takeSnapshot = snapshots && !stored;
  if (stored) restoring = snapshotKey;
  performance.mark("calc-loader");
  const options = {
    indexURL: runtime.pyodide,
    stdLibURL: runtime.stdlib,
    // No package from the lock file is ever loaded: an empty lock spares
    // the fetch of pyodide-lock.json (119 KB).
    lockFileContents: JSON.stringify({ info: runtime.lockInfo, packages: {} }),
    checkAPIVersion: false,
    ...(stored ? { _loadSnapshot: stored } : {}),
    ...(takeSnapshot ? { _makeSnapshot: true } : {}),
  };
  pyodide = await Promise.race([loadPyodide(options), wasmFailure()]);
  performance.mark("calc-python");
  pyodide.unpackArchive(new Uint8Array(await packageBytes), "zip", { extractDir: runtime.extractDir });
  const browser = pyodide.pyimport("calculator.edges.browser");
  slug = browser.setup(rulesText);
  answerJson = browser.answer_json;
  if (slug !== wanted) throw new Error(`rules for ${slug}, page for ${wanted}`);
  if (takeSnapshot) snapshot = { key: snapshotKey, bytes: pyodide.makeMemorySnapshot() };
  performance.mark("calc-engine");
  progress.finish();
  self.postMessage({ type: "ready", bootMs: performance.now() - started, from: stored ? "snapshot" : "start" });
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "boot") {
    try {
      await boot(msg);
    } catch (err) {
      if (restoring) {
        // A kept snapshot that does not restore (cut short on disk, say) is
        // removed, and the page starts a fresh worker without it.
        await caches.open(SNAPSHOTS).then((c) => c.delete(restoring)).catch(() => {});
        self.postMessage({ type: "retry" });
        return;
      }
      // Python's own errors carry a traceback: never shown to an applicant.
      const python = err && err.constructor && err.constructor.name === "PythonError";
      const why = python ? "its rules could not be read." : (err && err.message) || String(err);
      self.postMessage({ type: "error", message: `the calculator could not start: ${why}` });
    }
  } else if (msg.type === "answer") {
    let result;
    try {
      result = answerJson(slug, msg.request);
    } catch (err) {
      // Never show a Python traceback: answer_json catches the engine's own
      // errors, so reaching this is a bug; say so plainly.
      result = JSON.stringify({ eligibility: null, fees: null, renewal: null, errors: { form: "Something went wrong while computing; please reload the page." } });
    }
    self.postMessage({ type: "answer", seq: msg.seq, result });
  } else if (msg.type === "keep-snapshot") {
    // No room, or no Cache Storage: the next visit starts Python as usual.
    const kept = await keepSnapshot(msg.keep).catch(() => false);
    self.postMessage({ type: "snapshot", kept });
  } else if (msg.type === "bench" && answerJson) {
    const started = performance.now();
    for (let i = 0; i < msg.n; i++) answerJson(slug, msg.request);
    self.postMessage({ type: "bench", ms: (performance.now() - started) / msg.n });
  }
};
