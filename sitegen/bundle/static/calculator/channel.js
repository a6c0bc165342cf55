// The channel to the Python worker: the worker boot.js started from the
// <head> (or a new one), the messages it sends, and the requests sent to it,
// at most one in flight.

// boot.js's state (see there). It is async, so it has nearly always run by
// now; if not, wait for it rather than start a second worker.
export function bootState() {
  if (window.__calcBoot !== undefined) return Promise.resolve(window.__calcBoot);
  const script = document.querySelector("script[data-calculator-boot]");
  return new Promise((done) => {
    const settle = () => done(window.__calcBoot || null);
    script.addEventListener("load", settle, { once: true });
    script.addEventListener("error", settle, { once: true });
  });
}

// ``request()`` reads the request to send (the form as it is when it is sent);
// ``on`` has one handler per message kind: progress(msg), ready(msg),
// answer(msg, sentAt), snapshot(kept), bench(ms), fail(reason). Returns null
// (after on.fail) when no worker can be made; otherwise the channel, whose
// start() hands it the messages that arrived before app.js ran (or boots a
// new worker).
export function connect(config, request, on) {
  // boot.js started the worker from the <head>; if that failed, try once more.
  let worker = config.worker;
  try {
    worker = worker || new Worker(config.workerURL, { type: "module" });
  } catch (err) {
    on.fail(err.message || String(err));
    return null;
  }

  let ready = false;
  let inFlight = false;
  let dirty = false;
  let sentAt = 0;
  let seq = 0;
  let retried = false;

  const onMessage = (event) => {
    const msg = event.data;
    if (msg.type === "progress") {
      on.progress(msg);
    } else if (msg.type === "ready") {
      ready = true;
      on.ready(msg);
      send();
    } else if (msg.type === "answer") {
      inFlight = false;
      on.answer(msg, sentAt);
      if (dirty) send();
    } else if (msg.type === "snapshot") {
      on.snapshot(msg.kept);
    } else if (msg.type === "bench") {
      on.bench(msg.ms);
    } else if (msg.type === "retry" && !retried) {
      // The kept snapshot did not restore (worker.js removed it): start afresh.
      retried = true;
      worker.terminate();
      worker = new Worker(config.workerURL, { type: "module" });
      worker.onmessage = onMessage;
      worker.onerror = onError;
      worker.postMessage(config.boot);
    } else if (msg.type === "error" || msg.type === "retry") {
      on.fail(msg.message || "the calculator could not start.");
    }
  };
  const onError = (event) => {
    event.preventDefault();
    on.fail("the calculator's runtime could not be loaded.");
  };

  // Coalesce bursts of typing: at most one computation in flight; the
  // latest form state is sent as soon as the previous answer arrives.
  function send() {
    if (!ready) return;
    if (inFlight) {
      dirty = true;
      return;
    }
    dirty = false;
    inFlight = true;
    sentAt = performance.now();
    seq += 1;
    worker.postMessage({ type: "answer", seq, request: JSON.stringify(request()) });
  }

  return {
    send,
    start() {
      worker.onmessage = onMessage;
      worker.onerror = onError;
      if (config.worker) {
        for (const event of config.events) {
          if (event instanceof MessageEvent) onMessage(event);
          else onError(event);
        }
      } else {
        worker.postMessage(config.boot);
      }
    },
    // Benchmark hook: time n computations inside the worker (no DOM involved).
    bench(n) {
      if (ready) worker.postMessage({ type: "bench", n, request: JSON.stringify(request()) });
    },
    post(message) {
      worker.postMessage(message);
    },
  };
}
