// The loading status under the form: the runtime's download as it travels,
// then the calculator ready, or why it cannot start.

// The bytes that travel (worker.js, meter), in the status under the form and,
// until the first answer replaces it, in the summary bar that sits by the
// fields on a phone.
export function showProgress(root, msg, answered) {
  const progress = root.querySelector("#calc-progress");
  const progressLabel = root.querySelector("#calc-progress-label");
  const total = msg.transfer_total || msg.total || 1;
  const done = Math.min(msg.transfer_total ? msg.transferred : msg.loaded, total);
  progress.max = total;
  progress.value = done;
  const mb = (n) => (n / 1e6).toFixed(1);
  const percent = msg.percent ?? Math.floor((100 * done) / total);
  const text = `Loading the calculator: ${percent}% (${mb(done)} of ${mb(total)} MB)`;
  if (progressLabel.textContent !== text) progressLabel.textContent = text;
  const summary = root.querySelector("#calc-summary");
  const summaryText = root.querySelector("#calc-summary-text");
  if (!answered && summary && summaryText && summaryText.textContent !== text) {
    summary.hidden = false;
    summaryText.textContent = text;
  }
}

// Python has started: the status goes; how long it took, and whether from a
// kept snapshot, are left on the page for the tests and the benchmark.
export function showReady(root, msg) {
  root.querySelector("#calc-status").hidden = true;
  root.dataset.ready = "true";
  root.dataset.bootMs = String(Math.round(msg.bootMs));
  root.dataset.bootFrom = msg.from;
}

// The calculator cannot start: the page's fallback text, with the reason.
export function fail(root, reason) {
  root.querySelector("#calc-status").hidden = true;
  const box = root.querySelector("#calc-fallback");
  box.querySelector("#calc-fallback-reason").textContent = reason ? `(${reason})` : "";
  box.hidden = false;
  root.dataset.ready = "failed";
}
