// The route the visitor chose (apply, renew, agency): which questions are in
// view, and the route in the page's address.

// The route the visitor chose: what they came to work out (apply, renew,
// agency). Each route asks its own questions; the others are hidden and not sent.
export function route(form) {
  const chosen = form.querySelector('input[name="route"]:checked');
  return chosen ? chosen.value : "apply";
}

export function applyVisibility(form) {
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
export function routeInAddress(form) {
  const params = new URLSearchParams(location.hash.slice(1));
  params.set("route", route(form));
  history.replaceState(null, "", `#${params.toString()}`);
}

