// Errors beside their fields, and the error summary at the top of the answer.

import { clone, items, slot } from "./templates.js";

// Each message beside its field, the field marked; and a summary at the top
// of the answer linking to each field (as GOV.UK's error summary does). Only
// the questions of the route in view are looked at: the same engine field
// ("term") may be asked in two routes.
export function showErrors(root, errors) {
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
