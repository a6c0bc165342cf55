// Web Worker: boots Pyodide (served by this site), installs the calculator
// package and the association's rules, then answers form states.
//
// It runs off the main thread so the page stays responsive while the
// WebAssembly runtime compiles (3-5 s of main-thread blocking otherwise).
// runtime.json, written by build.py, names every file and its size, so the
// progress bar counts real bytes.

let slug = null;
let answerJson = null;

// Count the bytes of every response as it streams in, to report progress.
function countingFetch(onBytes) {
  const realFetch = self.fetch.bind(self);
  return async (input, init) => {
    const response = await realFetch(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const stream = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        onBytes(value.byteLength);
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
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

async function boot({ slug: wanted, rules, runtime }) {
  const started = performance.now();
  const manifest = await (await fetch(runtime)).json();
  const base = new URL(".", runtime);
  const url = (name) => new URL(name, base).href;
  let loaded = 0;
  const total = manifest.total_bytes;
  let lastPost = 0;
  self.fetch = countingFetch((n) => {
    loaded += n;
    const now = performance.now();
    if (now - lastPost > 50 || loaded >= total) {
      lastPost = now;
      self.postMessage({ type: "progress", loaded, total });
    }
  });

  const [{ loadPyodide }, rulesText, packageBytes] = await Promise.all([
    import(url(manifest.pyodide.module)),
    fetch(rules).then((r) => r.text()),
    fetch(url(manifest.package)).then((r) => r.arrayBuffer()),
  ]);
  const options = {
    indexURL: url(manifest.pyodide.index),
    stdLibURL: url(manifest.pyodide.stdlib),
    // No package from the lock file is ever loaded: an empty lock spares
    // the fetch of pyodide-lock.json (119 KB).
    lockFileContents: JSON.stringify({ info: manifest.pyodide.lock_info, packages: {} }),
    checkAPIVersion: false,
  };
  const pyodide = await Promise.race([loadPyodide(options), wasmFailure()]);
  pyodide.unpackArchive(new Uint8Array(packageBytes), "zip", { extractDir: manifest.extract_dir });
  const browser = pyodide.pyimport("calculator.browser");
  slug = browser.setup(rulesText);
  answerJson = browser.answer_json;
  if (slug !== wanted) throw new Error(`rules for ${slug}, page for ${wanted}`);
  self.postMessage({ type: "progress", loaded: total, total });
  self.postMessage({ type: "ready", bootMs: performance.now() - started });
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "boot") {
    try {
      await boot(msg);
    } catch (err) {
      self.postMessage({ type: "error", message: `the calculator could not start: ${err && err.message ? err.message : err}` });
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
  } else if (msg.type === "bench" && answerJson) {
    const started = performance.now();
    for (let i = 0; i < msg.n; i++) answerJson(slug, msg.request);
    self.postMessage({ type: "bench", ms: (performance.now() - started) / msg.n });
  }
};
