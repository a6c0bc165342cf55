// Glue between the calculator form and the Python engine running in a Web Worker.
//
// No rule lives here: the page reads the form, posts it to Python, and draws
// what Python returns (the same JSON as `python -m calculator`). This file is
// the entry point, loaded as a module on the calculator page only; it wires
// the modules beside it together:
//
//   channel.js   the Python worker: boot.js's worker, messages, requests
//   progress.js  the loading status, and why the calculator cannot start
//   form.js      the form read into a request; answers in the address
//   routes.js    the route chosen (apply, renew, agency) and its questions
//   answer.js    drawing the answer (views.js, errors.js, fold.js, templates.js)
//   notice.js    rules changed since the pages were built
//   offline.js   keeping the calculator for the next visit and offline use
//
// The build gives every import between them the page's ?v= version
// (sitegen/bundle/runtime.py, versioned), so a page never runs modules of two
// builds. mkdocs-material's instant navigation is off for this site (see
// mkdocs.yml), so a full page load is the only way in and
// DOMContentLoaded-free module execution is enough.

import { show } from "./answer.js";
import { bootState, connect } from "./channel.js";
import { chooseScope, openAnsweredSections, readForm, restoreFromFragment, share } from "./form.js";
import { showStaleNotice } from "./notice.js";
import { keepForNextVisit } from "./offline.js";
import { fail, showProgress, showReady } from "./progress.js";
import { applyVisibility, routeInAddress } from "./routes.js";

const root = document.querySelector("[data-calculator]");
if (root) start(root);

async function start(root) {
  const form = root.querySelector("#calc-form");
  const resultBox = root.querySelector("#calc-result");
  const live = root.querySelector("#calc-live");

  showStaleNotice(root);
  restoreFromFragment(form);
  applyVisibility(form);
  openAnsweredSections(form);
  // A focus-of-work choice offered in the answer ("This is my focus").
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-choose-scope]");
    if (button) chooseScope(form, button);
  });

  const config = await bootState();
  if (!config) return; // fallback.js has said why (opened from a file, no WebAssembly)

  let firstAnswer = false;
  let lastInputAt = null;
  const channel = connect(config, () => readForm(form), {
    progress: (msg) => showProgress(root, msg, firstAnswer),
    ready: (msg) => showReady(root, msg),
    answer: (msg, sentAt) => {
      show(root, msg.result, msg.seq);
      const now = performance.now();
      resultBox.dataset.computeMs = (now - sentAt).toFixed(2);
      // Measured by the benchmark (python -m bench): navigation to first
      // answer, and input event to updated answer.
      if (!firstAnswer) {
        firstAnswer = true;
        performance.mark("calc-first-answer");
        keepForNextVisit(root, config, channel);
      }
      if (lastInputAt !== null) resultBox.dataset.latencyMs = (now - lastInputAt).toFixed(2);
    },
    snapshot: (kept) => root.dispatchEvent(new CustomEvent("calc-snapshot", { detail: kept })),
    bench: (ms) => {
      root.dataset.benchMs = String(ms);
    },
    fail: (reason) => fail(root, reason),
  });
  if (!channel) return;
  channel.start();

  form.addEventListener("input", (event) => {
    lastInputAt = event.timeStamp;
    applyVisibility(form);
    channel.send();
  });
  // Benchmark hook: time N computations inside the worker (no DOM involved).
  root.addEventListener("calc-bench", (event) => channel.bench(event.detail.n));
  form.addEventListener("change", (event) => {
    applyVisibility(form);
    if (event.target.name === "route") routeInAddress(form);
    channel.send();
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  root.querySelector("#calc-print").addEventListener("click", () => window.print());
  root.querySelector("#calc-share").addEventListener("click", () => share(root, form));
  live.textContent = "";
}
