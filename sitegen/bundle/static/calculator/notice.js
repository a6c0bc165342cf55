// The notice that the rules have changed since the pages were built.

// The visitor's date (their own calendar day, as Python's date.today() in
// the worker reads it), written YYYY-MM-DD.
function localToday() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

// On the published site the pages show the rules of the day they were built;
// the calculator answers with today's. When a dated change has taken effect
// since the build, say so (the sentences are written at build time, one per
// change, each with its date in data-from).
export function showStaleNotice(root) {
  const box = root.querySelector("#calc-stale");
  if (!box) return;
  const today = localToday();
  let any = false;
  for (const item of box.querySelectorAll("[data-from]")) {
    item.hidden = item.dataset.from > today;
    any = any || !item.hidden;
  }
  box.hidden = !any;
}
