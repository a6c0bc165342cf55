// Glue between the calculator form and the Python engine running in a Web Worker.
//
// No rule lives here: this file reads the form, posts it to Python, and draws
// what Python returns (the same JSON as `python -m calculator`). It is loaded
// as a module on the calculator page only; mkdocs-material's instant
// navigation is off for this site (see mkdocs.yml), so a full page load is
// the only way in and DOMContentLoaded-free module execution is enough.

const root = document.querySelector("[data-calculator]");
if (root) start(root);

// boot.js's state (see there). It is async, so it has nearly always run by
// now; if not, wait for it rather than start a second worker.
function bootState() {
  if (window.__calcBoot !== undefined) return Promise.resolve(window.__calcBoot);
  const script = document.querySelector("script[data-calculator-boot]");
  return new Promise((done) => {
    const settle = () => done(window.__calcBoot || null);
    script.addEventListener("load", settle, { once: true });
    script.addEventListener("error", settle, { once: true });
  });
}

async function start(root) {
  const form = root.querySelector("#calc-form");
  const status = root.querySelector("#calc-status");
  const progress = root.querySelector("#calc-progress");
  const progressLabel = root.querySelector("#calc-progress-label");
  const resultBox = root.querySelector("#calc-result");
  const live = root.querySelector("#calc-live");

  showStaleNotice(root);
  restoreFromFragment(form);
  applyVisibility(form);
  openAnsweredSections(form);
  // A focus-of-work choice offered in the answer ("This is my focus").
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-choose-scope]");
    if (!button) return;
    const radio = form.querySelector(`input[type="radio"][value="${CSS.escape(button.dataset.chooseScope)}"][name="${CSS.escape(button.dataset.fact)}"]`);
    if (radio) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      radio.focus();
    }
  });

  const config = await bootState();
  if (!config) return; // fallback.js has said why (opened from a file, no WebAssembly)
  // boot.js started the worker from the <head>; if that failed, try once more.
  let worker = config.worker;
  try {
    worker = worker || new Worker(config.workerURL, { type: "module" });
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

  let retried = false;
  const onMessage = (event) => {
    const msg = event.data;
    if (msg.type === "progress") {
      // The bytes that travel (worker.js, meter), in the status under the
      // form and, until the first answer replaces it, in the summary bar
      // that sits by the fields on a phone.
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
      if (!firstAnswer && summary && summaryText && summaryText.textContent !== text) {
        summary.hidden = false;
        summaryText.textContent = text;
      }
    } else if (msg.type === "ready") {
      ready = true;
      status.hidden = true;
      root.dataset.ready = "true";
      root.dataset.bootMs = String(Math.round(msg.bootMs));
      root.dataset.bootFrom = msg.from;
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
        keepForNextVisit(root, config, worker);
      }
      if (lastInputAt !== null) resultBox.dataset.latencyMs = (now - lastInputAt).toFixed(2);
      if (dirty) send();
    } else if (msg.type === "snapshot") {
      root.dispatchEvent(new CustomEvent("calc-snapshot", { detail: msg.kept }));
    } else if (msg.type === "bench") {
      root.dataset.benchMs = String(msg.ms);
    } else if (msg.type === "retry" && !retried) {
      // The kept snapshot did not restore (worker.js removed it): start afresh.
      retried = true;
      worker.terminate();
      worker = new Worker(config.workerURL, { type: "module" });
      worker.onmessage = onMessage;
      worker.onerror = onError;
      worker.postMessage(config.boot);
    } else if (msg.type === "error" || msg.type === "retry") {
      fail(root, msg.message || "the calculator could not start.");
    }
  };
  const onError = (event) => {
    event.preventDefault();
    fail(root, "the calculator's runtime could not be loaded.");
  };
  worker.onmessage = onMessage;
  worker.onerror = onError;
  if (config.worker) {
    for (const event of config.events) {
      if (event instanceof MessageEvent) worker.onmessage(event);
      else worker.onerror(event);
    }
  } else {
    worker.postMessage(config.boot);
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
  form.addEventListener("change", (event) => {
    applyVisibility(form);
    if (event.target.name === "route") routeInAddress(form);
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

// The route the visitor chose: what they came to work out (apply, renew,
// agency). Each route asks its own questions; the others are hidden and not sent.
function route(form) {
  const chosen = form.querySelector('input[name="route"]:checked');
  return chosen ? chosen.value : "apply";
}

// Control names are the request's own: profile facts by id; fees, renewal
// and agency answers by the engine's argument names ("renewal.category",
// "agency.applications.family_specialist", "logged.rsc_hours").
function readForm(form) {
  const profile = {};
  const fees = { add_ons: [] };
  const renewal = { logged: {}, add_ons: [] };
  const agency = { applications: {}, add_ons: {} };
  for (const el of form.elements) {
    if (!el.name || el.name === "route" || el.closest("[hidden]")) continue;
    if (el.type === "radio" && !el.checked) continue;
    const value = el.type === "checkbox" ? (el.checked ? el.value : "") : el.value.trim();
    const name = el.name;
    if (name === "add_on") {
      if (value) fees.add_ons.push(value);
    } else if (["membership", "term", "staff", "category"].includes(name)) {
      fees[name] = value;
    } else if (name === "member") {
      fees.member = Boolean(value);
    } else if (["endorsed_on", "as_of", "last_renewed"].includes(name)) {
      renewal[name] = value;
    } else if (name === "provides_rsc") {
      renewal.provides_rsc = Boolean(value);
    } else if (name === "renewal.add_ons") {
      if (value) renewal.add_ons.push(value);
    } else if (name.startsWith("renewal.")) {
      renewal[name.slice(8)] = value;
    } else if (name.startsWith("logged.")) {
      if (value) renewal.logged[name.slice(7)] = value;
    } else if (name.startsWith("agency.applications.")) {
      if (value) agency.applications[name.slice(20)] = value;
    } else if (name.startsWith("agency.add_ons.")) {
      if (value) agency.add_ons[name.slice(15)] = value;
    } else if (name.startsWith("agency.")) {
      agency[name.slice(7)] = value;
    } else if (value !== "") {
      profile[name] = value;
    }
  }
  if (!Object.keys(renewal.logged).length) delete renewal.logged;
  // A --date preview answers as on the day its pages show (data-pages-on),
  // so the calculator and the pages beside it agree; the renewal's "as of"
  // left blank means that day too.
  const root = form.closest("[data-calculator]");
  if (root && root.dataset.preview === "true") {
    if (!renewal.as_of) renewal.as_of = root.dataset.pagesOn;
    return { on: root.dataset.pagesOn, route: route(form), profile, fees, renewal, agency };
  }
  return { route: route(form), profile, fees, renewal, agency };
}

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
function showStaleNotice(root) {
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

function applyVisibility(form) {
  const root = form.closest("[data-calculator]");
  const chosen = route(form);
  for (const part of root.querySelectorAll("[data-route]")) {
    part.hidden = !part.dataset.route.split(" ").includes(chosen);
  }
  root.dataset.route = chosen;
  for (const field of form.querySelectorAll("[data-shown-when]")) {
    const [name, values] = field.dataset.shownWhen.split("=");
    const control = form.elements.namedItem(name);
    const current = control ? control.value : "";
    field.hidden = !values.split(",").includes(current);
  }
}

// The route is in the address, so a bookmark or a link from an information
// page (renewal.html links to #route=renew) opens it; answers are added only
// by "Make a share link".
function routeInAddress(form) {
  const params = new URLSearchParams(location.hash.slice(1));
  params.set("route", route(form));
  history.replaceState(null, "", `#${params.toString()}`);
}

// A folded section that holds an answer (from a share link) opens, so the
// answer can be seen and changed; nothing typed is ever cleared by folding.
function openAnsweredSections(form) {
  for (const details of form.querySelectorAll("details")) {
    const answered = [...details.querySelectorAll("input, select")].some((el) =>
      el.type === "checkbox" ? el.checked : el.value.trim() !== "");
    if (answered) details.open = true;
  }
}

// Only what the visitor answered: a choice left as the page set it is not
// carried (a membership the page assumes, a term).
function shareLink(form) {
  const params = new URLSearchParams();
  params.set("route", route(form));
  for (const el of form.elements) {
    if (!el.name || el.name === "route") continue;
    if (el.type === "checkbox" || el.type === "radio") {
      if (el.checked && el.value && !el.defaultChecked) params.append(el.name, el.value);
    } else if (el.tagName === "SELECT") {
      const chosen = el.selectedOptions[0];
      const preset = [...el.options].find((o) => o.defaultSelected) || el.options[0];
      if (chosen && chosen !== preset) params.append(el.name, el.value);
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
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.value === value) el.checked = true;
      } else {
        el.value = value;
      }
    }
  }
}

// ---- drawing the answer -----------------------------------------------------
//
// The markup is in <template> elements of the page (rendered by Jinja at
// build time with the theme's classes); this only clones them and fills in
// the strings of the answer's "display" block, which Python formatted.

function clone(id) {
  return document.getElementById(id).content.cloneNode(true);
}

function slot(scope, name) {
  return scope.querySelector(`[data-slot="${name}"]`);
}

// Text into a slot; an empty text hides it.
function put(scope, name, text) {
  const el = slot(scope, name);
  el.textContent = text || "";
  el.hidden = !text;
  return el;
}

function items(list, texts) {
  for (const text of texts) {
    const li = clone("tpl-item").firstElementChild;
    li.textContent = text;
    list.append(li);
  }
  return list;
}

// Redraw only the parts whose answer changed: typing in one field usually
// changes the eligibility part alone, and redrawing everything costs frames.
const drawn = new WeakMap();
function draw(el, data, view) {
  const key = JSON.stringify(data);
  if (drawn.get(el) === key) return;
  el.replaceChildren(data ? view(data) : "");
  drawn.set(el, key);
}

function show(root, resultText, seq) {
  const answer = JSON.parse(resultText);
  const box = root.querySelector("#calc-result");
  box.dataset.result = resultText;
  box.dataset.seq = String(seq);
  const d = answer.display || {};
  showErrors(root, d.errors || answer.errors || {});
  const e = d.eligibility || null;
  draw(root.querySelector("#calc-eligibility"), e, eligibilityView);
  draw(root.querySelector("#calc-fees"), d.fees || null, feesView);
  draw(root.querySelector("#calc-agency"), d.agency || null, agencyView);
  draw(root.querySelector("#calc-renewal"), d.renewal || null, renewalView);
  nextSteps(root, e);
  const rulesUsed = root.querySelector("#calc-rules-used");
  rulesUsed.hidden = !d.rules_on;
  slot(rulesUsed, "rules-on").textContent = d.rules_on || "";
  summaryBar(root, answer, d);
  fold(root, answer, answer.eligibility);
  root.querySelector("#calc-answers").replaceChildren(answersView(root.querySelector("#calc-form")));

  const parts = [];
  if (e) parts.push(e.verdict);
  if (d.fees && d.fees.published) parts.push(`Total fees ${d.fees.includes}.`);
  if (d.agency && d.agency.published) parts.push(`Total fees ${d.agency.includes}.`);
  if (d.renewal && d.renewal.published) parts.push(`${d.renewal.lead} ${d.renewal.deadline}${d.renewal.tail} ${d.renewal.still}`);
  const errors = Object.keys(answer.errors || {}).length;
  if (errors) parts.push(`${errors} answer${errors > 1 ? "s need" : " needs"} attention.`);
  const text = parts.join(" ");
  const live = root.querySelector("#calc-live");
  if (live.textContent !== text) live.textContent = text;
}

// The headline, twice: in the bar at the foot of a phone's screen, and at
// the top of the answer (which stays in view on a wide screen).
function summaryBar(root, answer, d) {
  const bar = root.querySelector("#calc-summary");
  const text = root.querySelector("#calc-summary-text");
  bar.hidden = !d.summary;
  if (text.textContent !== (d.summary || "")) text.textContent = d.summary || "";
  text.dataset.summaryRecommended = answer.eligibility ? answer.eligibility.recommended : "";
  const headline = root.querySelector("#calc-headline-text");
  if (headline.textContent !== (d.summary || "")) headline.textContent = d.summary || "";
  // A field brought into view (tabbing, an error link) must not hide under
  // the bar at the foot of a phone's screen, however many lines it takes.
  const room = bar.hidden || !bar.offsetHeight ? 0 : bar.offsetHeight + 16;
  document.documentElement.style.scrollPaddingBottom = room ? `${room}px` : "";
}

function nextSteps(root, e) {
  root.querySelector("#calc-apply-now").hidden = !(e && e.eligible && !e.depends);
  const verify = root.querySelector("#calc-verify");
  // Only for a category: with the focus of work unanswered there is none yet.
  const also = e && !e.depends ? e.also_required : [];
  verify.hidden = !also.length;
  const list = slot(verify, "verify");
  if (list.dataset.key !== JSON.stringify(also)) {
    list.replaceChildren();
    items(list, also);
    list.dataset.key = JSON.stringify(also);
  }
}

// Questions that cannot change the answer for the category the applicant's
// scope points to (and the add-ons not chosen) move under "Questions for
// other categories"; they move back, in their order, when they matter again.
// Moving keeps every value typed; folded answers are still sent.
let foldKey = null;
function fold(root, answer, eligibility) {
  const form = root.querySelector("#calc-form");
  const chosen = [...form.querySelectorAll('[name="add_on"]:checked')].map((b) => b.value);
  // The category the answer is about, when the visitor's answers decide it
  // (their focus of work, or the category they chose).
  const shown = answer.display && answer.display.eligibility;
  const decided = eligibility && (eligibility.recommended_by === "scope" || form.elements.namedItem("category").value);
  const scoped = shown && decided && !shown.depends ? shown.code : null;
  // Several categories may share the focus of work: the questions of the next
  // one up stay in view too (scope_categories; one code when the scope has one).
  const inScope = scoped && eligibility.recommended_by === "scope" ? eligibility.scope_categories || [] : [];
  const wanted = scoped ? [scoped, ...inScope] : null;
  const key = JSON.stringify([wanted, chosen]);
  if (key === foldKey) return;
  foldKey = key;
  const other = root.querySelector("#calc-other");
  const otherFields = root.querySelector("#calc-other-fields");
  let folded = 0;
  for (const group of form.querySelectorAll('[data-route="apply"] > fieldset.calc-group')) {
    if (!group.calcFields) group.calcFields = [...group.querySelectorAll(":scope > [data-field]")];
    if (!group.calcFields.length) continue;
    // Fields go back in their first order, after the one before them.
    let previous = group.querySelector(":scope > legend");
    for (const field of group.calcFields) {
      const users = (field.dataset.usedBy || "").split(" ").filter(Boolean);
      const categories = users.filter((c) => !isAddOn(form, c));
      const relevant =
        !users.length ||
        users.some((c) => chosen.includes(c)) ||
        (wanted ? categories.some((c) => wanted.includes(c)) : categories.length > 0);
      // Never move the field being typed in: it would lose focus.
      if (field.contains(document.activeElement) && field.parentElement !== null) {
        if (field.parentElement === otherFields) folded += 1;
        else previous = field;
        continue;
      }
      if (relevant) {
        if (previous.nextElementSibling !== field) previous.after(field);
        previous = field;
      } else {
        otherFields.append(field);
        folded += 1;
      }
    }
    // Keep the error paragraphs and anything else after the fields in place.
    group.hidden = !group.querySelector("[data-field], .calc-check, [data-error-for]:not(:empty), details");
  }
  other.hidden = folded === 0;
}

function isAddOn(form, code) {
  return Boolean(form.querySelector(`[name="add_on"][value="${CSS.escape(code)}"]`));
}

// For paper: the answers the result was computed from (the form is hidden in print).
function answersView(form) {
  const frag = clone("tpl-answers");
  const list = frag.querySelector("dl");
  for (const el of form.elements) {
    if (!el.name || el.closest("[hidden]")) continue;
    if (el.type === "radio" && !el.checked) continue;
    let value = el.type === "checkbox" ? (el.checked ? "Yes" : "") : el.value.trim();
    if (el.tagName === "SELECT" && value) value = el.selectedOptions[0].textContent;
    const label = form.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    // A radio button's question is its group's legend; its answer, its label.
    if (el.type === "radio") value = value && label ? label.textContent : "";
    if (!value) continue;
    const legend = el.closest("fieldset") && el.closest("fieldset").querySelector("legend");
    const pair = clone("tpl-answer").firstElementChild;
    pair.querySelector("dt").textContent =
      el.type === "radio" && legend ? legend.textContent : label ? label.textContent : el.name;
    pair.querySelector("dd").textContent = value;
    list.append(pair);
  }
  return frag;
}

// Each message beside its field, the field marked; and a summary at the top
// of the answer linking to each field (as GOV.UK's error summary does). Only
// the questions of the route in view are looked at: the same engine field
// ("term") may be asked in two routes.
function showErrors(root, errors) {
  const form = root.querySelector("#calc-form");
  const shown = new Set();
  const links = [];
  for (const p of root.querySelectorAll("[data-error-for]")) {
    const inView = !p.closest("[hidden]") || p.closest(".calc-other, details");
    const message = inView && !shown.has(p.dataset.errorFor) ? errors[p.dataset.errorFor] || "" : "";
    if (message) shown.add(p.dataset.errorFor);
    if (p.textContent !== message) p.textContent = message;
    const field = p.closest(".calc-field") || p.parentElement;
    const control = p.id === "e-form" ? null
      : field.querySelector(`[aria-describedby~="${CSS.escape(p.id)}"]`) ||
        form.querySelector(`[aria-describedby~="${CSS.escape(p.id)}"]`);
    if (control) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
      field.classList.toggle("calc-field-error", Boolean(message));
      // A message inside a folded section opens it.
      const details = control.closest("details");
      if (message && details) details.open = true;
      const target = control.matches("fieldset") ? control.querySelector("input") : control;
      if (message) links.push([target.id, message]);
    }
  }
  const other = Object.entries(errors).filter(([k]) => !shown.has(k));
  const formError = other.map(([, v]) => v).join(" ");
  const box = root.querySelector("#e-form");
  if (box.textContent !== formError) box.textContent = formError;
  const summary = root.querySelector("#calc-error-summary");
  const list = slot(summary, "errors");
  const key = JSON.stringify([links, formError]);
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren();
    for (const [id, message] of links) {
      const li = clone("tpl-item").firstElementChild;
      const a = document.createElement("a");
      a.href = `#${id}`;
      a.textContent = message;
      li.append(a);
      list.append(li);
    }
    if (formError) items(list, [formError]);
    summary.hidden = !links.length && !formError;
  }
}

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

function eligibilityView(e) {
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

function feesView(f) {
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

function agencyView(g) {
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

function renewalView(r) {
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
// download): the service worker keeps the runtime for the next visit and for
// offline use, and the page asks it to keep the page itself and its rules,
// which reached the browser before the worker existed. Then the Python worker
// keeps a snapshot of its memory, from which the next visit starts (worker.js).
// All of it is skipped where browsers refuse service workers (plain http on
// another machine, private modes), and the calculator works the same without.
function keepForNextVisit(root, config, worker) {
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
      worker.postMessage({ type: "keep-snapshot", keep: true });
    }))
    .then(() => {
      root.dataset.offline = "ready";
      root.querySelector("#calc-offline-note").hidden = false;
    })
    .catch(() => worker.postMessage({ type: "keep-snapshot", keep: false }));
}
