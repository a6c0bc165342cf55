/* Runs inside file-worker.html (file:// only, see file-worker.js): gives the
 * worker script named in location.hash a worker-like global scope, then
 * loads it. */
(function () {
  "use strict";
  var host = window.parent;
  var src = decodeURIComponent(location.hash.slice(1));
  if (host === window || !src) return;

  // Only the embedding page may talk to the worker.
  addEventListener("message", function (ev) {
    if (ev.source !== host) ev.stopImmediatePropagation();
  }, true);

  // Worker globals.
  window.postMessage = function (data) { host.postMessage(data, "*"); };
  window.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (done, url) {
      return done.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = reject;
          document.head.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (ev) {
    host.postMessage({ __fileWorkerError: String(ev.message) }, "*");
  });

  // Material's search worker checks `"IFrameWorker" in parent` to locate its
  // lunr language files relative to the first script[src]. The real parent is
  // a cross-origin window from file://, where that check throws; `parent` is
  // [Replaceable], so shadow it, and leave the worker as the only script[src].
  window.parent = { IFrameWorker: true };
  document.currentScript.remove();

  var script = document.createElement("script");
  script.src = src;
  document.head.appendChild(script);
})();
