/* Web Worker stand-in for pages opened from file:// (no server).
 *
 * Chromium refuses `new Worker("file://...")`, so the theme's search worker
 * cannot start from the file system. Material's `offline` plugin solves this
 * with the iframe-worker shim from unpkg.com, which (a) is a third-party
 * request and (b) document.write()s an inline <script> into an about:blank
 * iframe, which inherits this site's CSP and is blocked. This stand-in runs
 * the worker script in a hidden iframe that loads a real file
 * (file-worker.html + file-worker-runtime.js), so everything stays 'self'.
 *
 * Only classic workers are replaced, and only under file://. Module workers
 * (new Worker(url, {type: "module"}), e.g. the calculator) get the native
 * Worker, which fails from file://; such pages need an http(s) server.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var frame = new URL(document.currentScript.getAttribute("data-frame"), location);
  var Native = window.Worker;

  function FileWorker(url) {
    var target = new EventTarget(), queue = [], ready = false, self = this;
    var iframe = document.createElement("iframe");
    iframe.hidden = true;
    iframe.src = frame.href + "#" + encodeURIComponent(new URL(url, location).href);
    iframe.addEventListener("load", function () {
      ready = true;
      queue.splice(0).forEach(function (data) { self.postMessage(data); });
    });
    window.addEventListener("message", function (ev) {
      if (!iframe.contentWindow || ev.source !== iframe.contentWindow) return;
      var type = ev.data && ev.data.__fileWorkerError ? "error" : "message";
      var out = type === "error"
        ? new ErrorEvent("error", { message: ev.data.__fileWorkerError })
        : new MessageEvent("message", { data: ev.data });
      target.dispatchEvent(out);
      if (typeof self["on" + type] === "function") self["on" + type](out);
    });
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.postMessage = function (data) {
      if (!ready) queue.push(data);
      else iframe.contentWindow.postMessage(data, "*");
    };
    this.terminate = function () { iframe.remove(); };
    (document.body || document.documentElement).appendChild(iframe);
  }

  window.Worker = function (url, options) {
    if (options && options.type === "module") return new Native(url, options);
    return new FileWorker(url);
  };
})();
