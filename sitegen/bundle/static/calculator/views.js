// One view per part of the answer (eligibility, fees, agency, renewal with
// its timeline), each a fragment cloned from the page's templates and filled
// with the display block's strings.

import { clone, items, put, slot } from "./templates.js";

const STATUS = { met: "✓ Met", gap: "✗ Not met", missing: "? Not answered", refused: "! Check your answer" };

function checkRow(check) {
  const row = clone("tpl-check");
  const li = row.firstElementChild;
  li.classList.add(check.status === "met" ? "calc-met" : "calc-gap");
  li.dataset.requirement = check.requirement;
  put(row, "status", STATUS[check.status]);
  put(row, "topic", check.topic || "Requirement");
  put(row, "label", check.label);
  put(row, "text", check.text);
  const bar = slot(row, "bar");
  if (check.progress) {
    bar.hidden = false;
    bar.max = check.progress.max;
    bar.value = check.progress.value;
    bar.setAttribute("aria-label", `${check.topic}: ${check.progress.text}`);
  }
  if (check.alternatives) {
    const list = slot(row, "alternatives");
    list.hidden = false;
    for (const alt of check.alternatives) {
      const item = clone("tpl-alternative");
      put(item, "status", STATUS[alt.status]);
      put(item, "label", alt.label);
      put(item, "text", alt.text);
      list.append(item);
    }
  }
  source(row, check);
  return row;
}

// "Source: <the published reference>", linking to the information page
// that shows the rule.
function source(scope, item) {
  slot(scope, "source").hidden = !item.reference;
  const link = slot(scope, "reference");
  link.textContent = item.reference || "";
  if (item.source_url) link.setAttribute("href", item.source_url);
}

export function eligibilityView(e) {
  const part = clone("tpl-eligibility");
  const verdict = put(part, "verdict", e.verdict);
  verdict.classList.add(e.eligible ? "calc-ok" : "calc-no");
  verdict.dataset.recommended = e.code;
  put(part, "why", e.why);
  if (e.depends) {
    const list = slot(part, "depends");
    list.hidden = false;
    slot(part, "checks").hidden = true;
    part.querySelector(".calc-others-box").hidden = true;
    for (const one of e.depends) {
      const item = clone("tpl-depends");
      put(item, "label", one.label);
      put(item, "examples", one.examples);
      put(item, "title", one.title);
      put(item, "status", one.status).classList.toggle("calc-ok", one.eligible);
      put(item, "fees", one.fees ? ` · ${one.fees}` : "");
      const button = slot(item, "choose");
      button.dataset.chooseScope = one.scope;
      button.dataset.fact = "scope";
      button.setAttribute("aria-label", `This is my focus: ${one.label}`);
      item.firstElementChild.dataset.code = one.code;
      list.append(item);
    }
  }
  put(part, "track", e.track);
  put(part, "exam", e.exam);
  for (const note of e.notes) {
    const p = clone("tpl-note");
    p.firstElementChild.textContent = note;
    slot(part, "notes").append(p);
  }
  slot(part, "checks").append(...e.checks.map(checkRow));
  for (const other of e.others) {
    const li = clone("tpl-other");
    li.firstElementChild.dataset.code = other.code;
    put(li, "name", `${other.name} (${other.code})`);
    put(li, "text", other.text);
    slot(part, "others").append(li);
  }
  for (const add of e.add_ons) {
    const box = clone("tpl-add-on");
    put(box, "title", `${add.name} (${add.code}) add-on`);
    put(box, "text", add.text);
    slot(box, "checks").append(...add.checks.map(checkRow));
    slot(part, "add-ons").append(box);
  }
  return part;
}

function feeTable(f) {
  const table = clone("tpl-fee-table");
  for (const line of f.lines) {
    const row = clone("tpl-fee-line");
    put(row, "label", line.label);
    put(row, "amount", line.amount);
    source(row, line);
    slot(table, "lines").append(row);
  }
  const total = put(table, "total", f.total);
  total.dataset.total = f.total;
  return table;
}

export function feesView(f) {
  const part = clone("tpl-fees");
  if (!f.published) {
    put(part, "message", f.message);
    return part;
  }
  slot(part, "table").append(feeTable(f));
  put(part, "note", f.note);
  if (f.coming && f.coming.length) {
    slot(part, "coming").hidden = false;
    items(slot(part, "coming-list"), f.coming);
  }
  return part;
}

export function agencyView(g) {
  const part = clone("tpl-agency");
  if (!g.published) {
    put(part, "message", g.message);
    return part;
  }
  put(part, "staff", `${g.staff[0].toUpperCase()}${g.staff.slice(1)}.`);
  slot(part, "table").append(feeTable(g));
  put(part, "note", g.note);
  return part;
}

export function renewalView(r) {
  const part = clone("tpl-renewal");
  if (!r.published) {
    put(part, "message", r.message);
    slot(part, "plan").hidden = true;
    return part;
  }
  put(part, "lead", r.lead);
  const deadline = put(part, "deadline", r.deadline);
  deadline.dataset.deadline = r.deadline;
  put(part, "tail", r.tail);
  put(part, "still", r.still);
  put(part, "cost", r.cost);
  put(part, "needs-heading", r.needs_heading);
  items(slot(part, "lines"), r.lines);
  items(slot(part, "needs"), r.needs);
  put(part, "logged", r.logged);
  if (r.fees && r.fees.published) {
    slot(part, "fees").hidden = false;
    slot(part, "fee-table").append(feeTable(r.fees));
  }
  timeline(part, r.timeline);
  return part;
}

// The renewal timeline: one row per date, top to bottom, so every label has
// the picture's whole width at any screen size; the window is the band on
// the axis from its opening to the deadline.
const ROW = 44;
function timeline(part, t) {
  const svg = slot(part, "timeline");
  const height = t.rows.length * ROW + 8;
  svg.setAttribute("viewBox", `0 0 320 ${height}`);
  slot(part, "timeline-title").textContent = t.title;
  slot(part, "axis").setAttribute("y2", String(height - ROW / 2));
  slot(part, "axis").setAttribute("y1", String(ROW / 2));
  const y = (i) => ROW / 2 + i * ROW;
  let from = null;
  let to = null;
  t.rows.forEach((row, i) => {
    const g = clone("tpl-timeline-row").querySelector("g");
    g.classList.add(`tl-row-${row.kind}`);
    g.setAttribute("transform", `translate(0 ${y(i)})`);
    g.querySelector(".tl-label").textContent = row.label;
    g.querySelector(".tl-date").textContent = row.text;
    slot(part, "rows").append(g);
    if (row.kind === "window") from = y(i);
    if (row.kind === "deadline") to = y(i);
  });
  if (from !== null && to !== null) {
    slot(part, "window").setAttribute("y", String(from));
    slot(part, "window").setAttribute("height", String(Math.max(to - from, 1)));
  }
}

// After the first answer, never before (it must not compete with the runtime
