// Keeping the calculator for the next visit and for offline use, through the
// site's service worker (sw.js) and the Python worker's memory snapshot.

// After the first answer, never before (it must not compete with the runtime
// download): the service worker keeps the runtime for the next visit and for
// offline use, and the page asks it to keep the page itself and its rules,
// which reached the browser before the worker existed. Then the Python worker
// keeps a snapshot of its memory, from which the next visit starts (worker.js).
// All of it is skipped where browsers refuse service workers (plain http on
// another machine, private modes), and the calculator works the same without.
export function keepForNextVisit(root, config, channel) {
  if (!config.boot.snapshots) return; // no service worker here
  const here = new URL(location.href);
  here.hash = "";
  here.search = ""; // the service worker keeps pages without their query
  // Whatever goes wrong (no room, a kept file missing on the server), give up
  // after a while and let the worker drop the snapshot it holds for this.
  const within = (promise, ms) => Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error("timed out")), ms))]);
  navigator.serviceWorker.register(config.serviceWorker, { updateViaCache: "none" })
    .then(() => within(navigator.serviceWorker.ready, 60000))
    .then((registration) => within(new Promise((done, reject) => {
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.type === "kept") {
          if (event.data.ok) done();
          else reject(new Error("not kept"));
        }
      });
      registration.active.postMessage({ type: "keep", urls: [here.href, config.boot.rules] });
    }), 30000))
    .then(() => new Promise((done) => {
      root.addEventListener("calc-snapshot", () => done(), { once: true });
      channel.post({ type: "keep-snapshot", keep: true });
    }))
    .then(() => {
      root.dataset.offline = "ready";
      root.querySelector("#calc-offline-note").hidden = false;
    })
    .catch(() => channel.post({ type: "keep-snapshot", keep: false }));
}
