// The form: what the visitor answered, read into the engine's request; the
// answers in the page's address (a share link, restored on opening it); a
// focus-of-work choice made from the answer.

import { route } from "./routes.js";

// Control names are the request's own: profile facts by id; fees, renewal
// and agency answers by the engine's argument names ("renewal.category",
// "agency.applications.family_specialist", "logged.rsc_hours").
export function readForm(form) {
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


// A folded section that holds an answer (from a share link) opens, so the
// answer can be seen and changed; nothing typed is ever cleared by folding.
export function openAnsweredSections(form) {
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

export function restoreFromFragment(form) {
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

// "Make a share link": the answers into the address, and onto the clipboard
// where the browser allows it.
export function share(root, form) {
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
}

// A focus-of-work choice offered in the answer ("This is my focus"): the
// button names the radio button it stands for.
export function chooseScope(form, button) {
  const radio = form.querySelector(`input[type="radio"][value="${CSS.escape(button.dataset.chooseScope)}"][name="${CSS.escape(button.dataset.fact)}"]`);
  if (radio) {
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    radio.focus();
  }
}
