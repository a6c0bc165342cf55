// Glue between the calculator form and the Python engine running in a Web Worker.
//
// No rule lives here: this file reads the form, posts it to Python, and draws
// what Python returns (the same JSON as `python -m calculator`). It is loaded
// as a module on the calculator page only; mkdocs-material's instant
// navigation is off for this site (see mkdocs.yml), so a full page load is
// the only way in and DOMContentLoaded-free module execution is enough.

const root = document.querySelector("[data-calculator]");
if (root) start(root);

function start(root) {
  const form = root.querySelector("#calc-form");
  const status = root.querySelector("#calc-status");
  const progress = root.querySelector("#calc-progress");
  const progressLabel = root.querySelector("#calc-progress-label");
  const resultBox = root.querySelector("#calc-result");
  const live = root.querySelector("#calc-live");
  const slug = root.dataset.slug;

  restoreFromFragment(form);
  applyVisibility(form);

  // Normally boot.js already started the worker near the top of the page.
  const early = window.__calcEarly;
  delete window.__calcEarly;
  let worker;
  try {
    if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly.");
    worker = early ? early.worker : new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  } catch (err) {
    fail(root, err.message || String(err));
    return;
  }

  let ready = false;
  let inFlight = false;
  let dirty = false;
  let sentAt = 0;
  let seq = 0;
  let firstAnswer = false;
  let lastInputAt = null;

  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "progress") {
      progress.max = msg.total || 1;
      progress.value = Math.min(msg.loaded, msg.total || msg.loaded);
      const mb = (n) => (n / 1e6).toFixed(1);
      progressLabel.textContent = `Loading the calculator: ${mb(msg.loaded)} of ${mb(msg.total)} MB`;
    } else if (msg.type === "ready") {
      ready = true;
      status.hidden = true;
      root.dataset.ready = "true";
      root.dataset.bootMs = String(Math.round(msg.bootMs));
      send();
    } else if (msg.type === "answer") {
      inFlight = false;
      show(root, msg.result, msg.seq);
      const now = performance.now();
      resultBox.dataset.computeMs = (now - sentAt).toFixed(2);
      // Measured by the benchmark (python -m bench): navigation to first
      // answer, and input event to updated answer.
      if (!firstAnswer) {
        firstAnswer = true;
        performance.mark("calc-first-answer");
      }
      if (lastInputAt !== null) resultBox.dataset.latencyMs = (now - lastInputAt).toFixed(2);
      if (dirty) send();
    } else if (msg.type === "bench") {
      root.dataset.benchMs = String(msg.ms);
    } else if (msg.type === "error") {
      fail(root, msg.message);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(root, "the calculator's runtime could not be loaded.");
  };
  if (early) {
    for (const event of early.events) {
      if (event instanceof MessageEvent) worker.onmessage(event);
      else worker.onerror(event);
    }
  } else {
    worker.postMessage({
      type: "boot",
      slug,
      rules: new URL(root.dataset.rules, location.href).href,
      runtime: new URL(root.dataset.runtime, location.href).href,
    });
  }

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
    worker.postMessage({ type: "answer", seq, request: JSON.stringify(readForm(form)) });
  }

  form.addEventListener("input", (event) => {
    lastInputAt = event.timeStamp;
    applyVisibility(form);
    send();
  });
  // Benchmark hook: time N computations inside the worker (no DOM involved).
  root.addEventListener("calc-bench", (event) => {
    if (ready) worker.postMessage({ type: "bench", n: event.detail.n, request: JSON.stringify(readForm(form)) });
  });
  form.addEventListener("change", () => {
    applyVisibility(form);
    send();
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  root.querySelector("#calc-print").addEventListener("click", () => window.print());
  root.querySelector("#calc-share").addEventListener("click", () => {
    const note = root.querySelector("#calc-share-note");
    const link = shareLink(form);
    history.replaceState(null, "", link);
    const done = () => {
      note.textContent =
        "This page's address now holds your answers after the # sign, which browsers never send to a server. Copy it from the address bar to share or bookmark it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(
        () => {
          note.textContent =
            "Link copied. Your answers are in the part after the # sign, which browsers never send to a server.";
        },
        done,
      );
    } else {
      done();
    }
  });
  live.textContent = "";
}

function fail(root, reason) {
  root.querySelector("#calc-status").hidden = true;
  const box = root.querySelector("#calc-fallback");
  box.querySelector("#calc-fallback-reason").textContent = reason ? `(${reason})` : "";
  box.hidden = false;
  root.dataset.ready = "failed";
}

// ---- the form ---------------------------------------------------------------

function readForm(form) {
  const profile = {};
  const fees = { add_ons: [] };
  const renewal = { logged: {} };
  for (const el of form.elements) {
    if (!el.name || el.closest("[hidden]")) continue;
    const value = el.type === "checkbox" ? (el.checked ? el.value : "") : el.value.trim();
    if (el.name === "add_on") {
      if (value) fees.add_ons.push(value);
    } else if (["membership", "term", "staff"].includes(el.name)) {
      fees[el.name] = value;
    } else if (["endorsed_on", "as_of"].includes(el.name)) {
      renewal[el.name] = value;
    } else if (el.name === "provides_rsc") {
      renewal.provides_rsc = Boolean(value);
    } else if (el.name.startsWith("logged.")) {
      if (value) renewal.logged[el.name.slice(7)] = value;
    } else if (value !== "") {
      profile[el.name] = value;
    }
  }
  if (!Object.keys(renewal.logged).length) delete renewal.logged;
  return { profile, fees, renewal };
}

function applyVisibility(form) {
  for (const field of form.querySelectorAll("[data-shown-when]")) {
    const [name, values] = field.dataset.shownWhen.split("=");
    const control = form.elements.namedItem(name);
    const current = control ? control.value : "";
    field.hidden = !values.split(",").includes(current);
  }
}

function shareLink(form) {
  const params = new URLSearchParams();
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") {
      if (el.checked) params.append(el.name, el.value);
    } else if (el.value.trim() !== "") {
      params.append(el.name, el.value.trim());
    }
  }
  const url = new URL(location.href);
  url.hash = params.toString();
  return url.href;
}

function restoreFromFragment(form) {
  if (location.hash.length < 2) return;
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [name, value] of params) {
    const controls = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
    for (const el of controls) {
      if (el.type === "checkbox") {
        if (el.value === value) el.checked = true;
      } else {
        el.value = value;
      }
    }
  }
}

// ---- drawing the answer -----------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") el.textContent = v;
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const fmt = (n) =>
  typeof n === "number" ? n.toLocaleString("en-US", { maximumFractionDigits: 2 }) : String(n);

// Redraw only the parts whose answer changed: typing in one field usually
// changes the eligibility part alone, and redrawing everything costs frames.
const drawn = new WeakMap();
function draw(el, data, view, parts) {
  const key = JSON.stringify(data);
  const last = drawn.get(el);
  if (last && last.key === key) {
    parts.push(...last.parts);
    return;
  }
  const mine = [];
  el.replaceChildren(view(data, mine));
  drawn.set(el, { key, parts: mine });
  parts.push(...mine);
}

function show(root, resultText, seq) {
  const answer = JSON.parse(resultText);
  const box = root.querySelector("#calc-result");
  box.dataset.result = resultText;
  box.dataset.seq = String(seq);
  showErrors(root, answer.errors || {});
  const parts = [];
  draw(root.querySelector("#calc-eligibility"), answer.eligibility, eligibilityView, parts);
  draw(root.querySelector("#calc-fees"), answer.fees, feesView, parts);
  draw(root.querySelector("#calc-renewal"), answer.renewal, renewalView, parts);
  root.querySelector("#calc-answers").replaceChildren(
    h("h3", { text: "Your answers" }), answersView(root.querySelector("#calc-form")));
  const errors = Object.keys(answer.errors || {}).length;
  if (errors) parts.push(`${errors} answer${errors > 1 ? "s need" : " needs"} attention.`);
  const text = parts.join(" ");
  const live = root.querySelector("#calc-live");
  if (live.textContent !== text) live.textContent = text;
}

// For paper: the answers the result was computed from (the form is hidden in print).
function answersView(form) {
  const list = h("dl", { class: "calc-answers-list" });
  for (const el of form.elements) {
    if (!el.name || el.closest("[hidden]")) continue;
    let value = el.type === "checkbox" ? (el.checked ? "yes" : "") : el.value.trim();
    if (el.tagName === "SELECT" && value) value = el.selectedOptions[0].textContent;
    if (!value) continue;
    const label = form.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    list.append(h("dt", { text: label ? label.textContent : el.name }), h("dd", { text: value }));
  }
  return list;
}

function showErrors(root, errors) {
  for (const p of root.querySelectorAll("[data-error-for]")) {
    const message = errors[p.dataset.errorFor] || "";
    if (p.textContent !== message) p.textContent = message;
    const control = root.querySelector(`[name="${CSS.escape(p.dataset.errorFor)}"]`);
    if (control) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }
  const known = new Set([...root.querySelectorAll("[data-error-for]")].map((p) => p.dataset.errorFor));
  const other = Object.entries(errors).filter(([k]) => !known.has(k));
  const formError = other.map(([k, v]) => `${k}: ${v}`).join(" ");
  const box = root.querySelector("#e-form");
  if (box.textContent !== formError) box.textContent = formError;
}

function needText(check) {
  if (check.kind === "at_least") return fmt(check.need);
  if (check.kind === "is") return check.need ? "yes" : "no";
  if (check.kind === "one_of") return check.need.join(", ");
  return "one of the alternatives";
}

function haveText(check) {
  if (check.kind === "any_of") return check.met ? "met" : "none met yet";
  if (check.have === null || check.have === undefined) return "not answered";
  if (typeof check.have === "boolean") return check.have ? "yes" : "no";
  return fmt(check.have);
}

function checkRow(check) {
  let status;
  if (check.met) status = "Met";
  else if (check.missing) status = "Not answered yet";
  else if (check.kind === "at_least") status = `${fmt(check.shortfall)} more needed`;
  else status = "Not met";
  const bar =
    check.kind === "at_least"
      ? h("progress", {
          max: check.need || 1,
          value: Math.min(check.have || 0, check.need || 0),
          "aria-label": `${check.label}: ${haveText(check)} of ${needText(check)}`,
        })
      : null;
  return h(
    "li",
    { class: check.met ? "calc-check calc-met" : "calc-check calc-gap", "data-requirement": check.requirement },
    h("span", { class: "calc-check-status", text: check.met ? "✓ " : "✗ " }),
    h("span", { class: "calc-check-label", text: check.label }),
    bar,
    h("span", { class: "calc-check-figures", text: `You have ${haveText(check)}; needed: ${needText(check)}. ${status}.` }),
  );
}

function eligibilityView(e, parts) {
  const frag = document.createDocumentFragment();
  if (!e) return frag;
  const verdict = e.eligible
    ? `You qualify for ${e.recommended_name} (${e.recommended}) today.`
    : `${e.recommended_name} (${e.recommended}) fits you best; ${e.gaps.length} requirement${e.gaps.length === 1 ? " is" : "s are"} still missing.`;
  parts.push(verdict);
  const why = {
    scope: "Recommended from the focus of your work.",
    qualification: "The most advanced category you qualify for.",
    closest: "None fits yet: this is the category you are closest to.",
  }[e.recommended_by];
  frag.append(
    h("h3", { text: "Category" }),
    h("p", { class: e.eligible ? "calc-verdict calc-ok" : "calc-verdict calc-no", "data-recommended": e.recommended }, verdict),
    h("p", { text: why + (e.track ? ` Track: ${e.track.replace("_", "/")}.` : "") }),
  );
  for (const note of e.notes) frag.append(h("p", { class: "calc-note", text: note }));
  if (e.exam_required) frag.append(h("p", { text: "This category includes a written exam after your application is reviewed." }));
  const cat = e.categories[e.recommended];
  frag.append(h("ul", { class: "calc-checks" }, cat.checks.map(checkRow)));
  if (cat.also_required.length) {
    frag.append(h("p", { text: "Also required, checked in your application:" }), h("ul", {}, cat.also_required.map((t) => h("li", { text: t }))));
  }
  const others = Object.values(e.categories).filter((c) => c.code !== e.recommended);
  frag.append(
    h("h4", { text: "Other categories" }),
    h("ul", { class: "calc-others" }, others.map((c) =>
      h("li", { "data-code": c.code, text: `${c.name} (${c.code}): ${c.eligible ? "you qualify" : `${c.gaps.length} missing`}` }))),
  );
  for (const add of Object.values(e.add_ons)) {
    frag.append(
      h("h4", { text: `${add.name} (${add.code}) add-on` }),
      h("p", { text: add.eligible ? "You meet the add-on's requirements." : `${add.gaps.length} requirement${add.gaps.length === 1 ? "" : "s"} missing.` }),
      h("ul", { class: "calc-checks" }, add.checks.map(checkRow)),
    );
  }
  return frag;
}

function feesView(f, parts) {
  const frag = document.createDocumentFragment();
  if (!f) return frag;
  frag.append(h("h3", { text: "Fees" }));
  if (!f.published) {
    frag.append(h("p", { text: f.message }));
    return frag;
  }
  const money = (n) => (f.currency === "USD" ? "$" : "") + fmt(n) + (f.currency === "USD" ? "" : ` ${f.currency}`);
  parts.push(`Total fees ${money(f.total)}.`);
  frag.append(
    h("table", { class: "calc-fee-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Fee" }), h("th", { scope: "col", text: "Amount" }))),
      h("tbody", {}, f.lines.map((line) => h("tr", { "data-kind": line.kind }, h("td", { text: line.label, title: line.reference }), h("td", { text: money(line.amount) })))),
      h("tfoot", {}, h("tr", {}, h("th", { scope: "row", text: "Total" }), h("td", { "data-total": f.total, text: money(f.total) })))),
  );
  return frag;
}

function renewalView(r, parts) {
  const frag = document.createDocumentFragment();
  if (!r) return frag;
  frag.append(h("h3", { text: "Renewal" }));
  if (!r.published) {
    frag.append(h("p", { text: r.message }));
    return frag;
  }
  parts.push(`Next renewal deadline ${r.deadline}.`);
  if (r.skipped_deadline) {
    frag.append(h("p", { text: `You do not renew at ${r.skipped_deadline}: you will have been endorsed less than a year by then.` }));
  }
  frag.append(
    h("p", {}, `Your deadline: `, h("strong", { "data-deadline": r.deadline, text: r.deadline }),
      ` (window opens ${r.window_opens}${r.window_open ? ", open now" : ""}). Years endorsed by then: ${r.years_endorsed}.`),
    timeline(r),
    h("ul", {},
      h("li", { text: `${fmt(r.training_hours)} training hours` + (r.rsc_provision_training_hours ? `, including ${fmt(r.rsc_provision_training_hours)} on the provision of RSC` : "") }),
      h("li", { text: r.rsc_required === false ? "RSC: not required for your category" : `${fmt(r.rsc_hours)} hours of RSC` + (r.rsc_required === null ? " (if your category requires RSC)" : "") }),
      h("li", { text: `At most ${fmt(r.caps.provided_training_hours)} hours from providing training and ${fmt(r.caps.volunteering_hours)} from volunteering count.` }),
      r.membership_required ? h("li", { text: "An active membership." }) : null),
  );
  if ("met" in r) {
    frag.append(h("p", { text: r.met ? `Your logged hours meet this renewal (${fmt(r.counted_training_hours)} training hours count).` : `Counted training hours: ${fmt(r.counted_training_hours)}. Still missing: ` + r.shortfalls.map((s) => `${fmt(s.shortfall)} ${s.requirement.replaceAll("_", " ")}`).join(", ") + "." }));
  }
  return frag;
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

// The timeline: endorsement date, each fixed-cycle deadline up to the one to
// meet (a skipped one struck through), and the open window before it.
function timeline(r) {
  const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const points = [r.endorsed_on, ...r.cycle_deadlines, r.as_of].map(day);
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  const W = 640, X0 = 20, X1 = 620;
  const x = (iso) => X0 + ((day(iso) - lo) / Math.max(hi - lo, 1)) * (X1 - X0);
  const svg = s("svg", { viewBox: `0 0 ${W} 110`, class: "calc-timeline", role: "img", "aria-labelledby": "calc-timeline-title" });
  svg.append(s("title", { id: "calc-timeline-title" }, `Renewal timeline: endorsed ${r.endorsed_on}, deadline ${r.deadline}` + (r.skipped_deadline ? `, ${r.skipped_deadline} skipped` : "")));
  svg.append(s("line", { x1: X0, x2: X1, y1: 55, y2: 55, class: "tl-axis" }));
  svg.append(s("rect", { x: x(r.window_opens), y: 45, width: Math.max(x(r.deadline) - x(r.window_opens), 3), height: 20, class: "tl-window" }));
  const mark = (iso, label, cls, above) => {
    const g = s("g", { class: cls });
    g.append(s("line", { x1: x(iso), x2: x(iso), y1: 40, y2: 70 }));
    g.append(s("text", { x: x(iso), y: above ? 32 : 88, "text-anchor": "middle" }, label));
    g.append(s("text", { x: x(iso), y: above ? 18 : 102, "text-anchor": "middle", class: "tl-date" }, iso));
    svg.append(g);
  };
  mark(r.endorsed_on, "Endorsed", "tl-endorsed", true);
  r.cycle_deadlines.forEach((d, i) => {
    if (d === r.deadline) mark(d, "Your deadline", "tl-deadline", i % 2 === 0);
    else if (d === r.skipped_deadline) mark(d, "Skipped", "tl-skipped", i % 2 === 0);
    else mark(d, d < r.deadline ? "Deadline" : "Following", "tl-other", i % 2 === 0);
  });
  return svg;
}
