// Drawing the answer: the display block Python returned (the same JSON as
// `python -m calculator`), into the result region, the summary bar, the
// live region for screen readers and the answers printed with it.

import { showErrors } from "./errors.js";
import { fold } from "./fold.js";
import { clone, items, slot } from "./templates.js";
import { agencyView, eligibilityView, feesView, renewalView } from "./views.js";

// Redraw only the parts whose answer changed: typing in one field usually
// changes the eligibility part alone, and redrawing everything costs frames.
const drawn = new WeakMap();
function draw(el, data, view) {
  const key = JSON.stringify(data);
  if (drawn.get(el) === key) return;
  el.replaceChildren(data ? view(data) : "");
  drawn.set(el, key);
}

export function show(root, resultText, seq) {
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
