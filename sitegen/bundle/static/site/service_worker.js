// The site's service worker (sw.js at the root of the built site): the
// calculator's second visit answers without downloading the runtime again,
// and a page visited once still opens, and calculates, offline.
//
// build.py (sitegen/service_worker.py) writes this file with BUILD filled in:
// the files kept ahead (the Python runtime, the engine, the page scripts and
// the theme's assets) and a version that changes when any of them does, so a
// new build replaces the old copies. It holds files of this site only, never
// an applicant's answers.
const BUILD = { version: "unbuilt", files: [] };

const SCOPE = self.registration.scope;
// Named after the scope too: two sites on one origin keep their own copies.
const PREFIX = `iecmh-calculator ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
const KEPT = new Set(BUILD.files.map((file) => new URL(file, SCOPE).href));

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // "no-cache": asked of the server with the copy the browser already has,
    // so a file the page has just downloaded costs a 304, not its bytes
    // again, and no stale copy is ever kept.
    await cache.addAll([...KEPT].map((url) => new Request(url, { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

// A new build: the pages and rules the older copies held (those visited, for
// offline use) are fetched again into this build's cache, since the old
// copies ask for the old build's scripts and runtime, which are dropped
// here. One that cannot be fetched now is dropped with them.
// Only pages and rules are carried over: the old build's own files (its
// scripts, by their old ?v=) are of no use to the new pages. Each download
// gives up after a while, as the site's pages wait for this to finish.
const CARRY_TIMEOUT_MS = 10000;
function carried(url) {
  const path = new URL(url).pathname;
  return !KEPT.has(url) && (path.endsWith("/") || path.endsWith(".html") || path.endsWith(".json"));
}

async function carryOver(oldNames) {
  const wanted = new Set();
  for (const name of oldNames) {
    for (const request of await (await caches.open(name)).keys()) {
      if (carried(request.url)) wanted.add(request.url);
    }
  }
  const cache = await caches.open(CACHE);
  await Promise.all([...wanted].map(async (url) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), CARRY_TIMEOUT_MS);
    try {
      const response = await fetch(new Request(url, { cache: "no-cache", signal: abort.signal }));
      if (response.ok && response.type === "basic") await cache.put(url, response);
    } catch (err) {
      // offline, too slow or gone from the site: not kept
    } finally {
      clearTimeout(timer);
    }
  }));
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
    await carryOver(old).catch(() => {});
    for (const name of old) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The calculator page that registered this worker, and its rules, reached
// the browser before the worker existed: the page names them, and they are
// kept too, so that the page opens offline.
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  const urls = message.urls.filter((url) => typeof url === "string" && url.startsWith(SCOPE));
  event.waitUntil((async () => {
    let ok = true;
    try {
      const cache = await caches.open(CACHE);
      await cache.addAll(urls.map((url) => new Request(url, { cache: "no-cache" })));
    } catch (err) {
      ok = false; // no room, or a file missing on the server: nothing is promised
    }
    if (event.source) event.source.postMessage({ type: "kept", ok, urls });
  })());
});

// The kept files from the cache. Pages and JSON (the rules) from the network
// first, so an applicant online always gets the newest rules, and from the
// last copy when offline; a page is kept without its query, so
// calculator.html?from=mail opens offline as calculator.html. Anything else
// goes to the network as if there were no service worker.
function keyOf(request) {
  if (request.mode !== "navigate") return request;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  return url.href;
}

async function networkFirst(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      event.waitUntil(cache.put(keyOf(request), response.clone()).catch(() => {}));
    }
    return response;
  } catch (err) {
    const copy = await cache.match(keyOf(request), { ignoreVary: true });
    if (copy) return copy;
    throw err;
  }
}

async function cacheFirst(request) {
  const copy = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
  return copy || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (KEPT.has(request.url)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" || new URL(request.url).pathname.endsWith(".json")) {
    event.respondWith(networkFirst(event));
  }
});
