// The answer's markup: <template> elements of the page (rendered by Jinja at
// build time with the theme's classes). These helpers only clone them and
// fill in the strings of the answer's "display" block, which Python formatted.

export function clone(id) {
  return document.getElementById(id).content.cloneNode(true);
}

export function slot(scope, name) {
  return scope.querySelector(`[data-slot="${name}"]`);
}

// Text into a slot; an empty text hides it.
export function put(scope, name, text) {
  const el = slot(scope, name);
  el.textContent = text || "";
  el.hidden = !text;
  return el;
}

export function items(list, texts) {
  for (const text of texts) {
    const li = clone("tpl-item").firstElementChild;
    li.textContent = text;
    list.append(li);
  }
  return list;
}
