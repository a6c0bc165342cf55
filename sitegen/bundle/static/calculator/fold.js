// Folding the questions that cannot change the answer under "Questions for
// other categories".

// Questions that cannot change the answer for the category the applicant's
// scope points to (and the add-ons not chosen) move under "Questions for
// other categories"; they move back, in their order, when they matter again.
// Moving keeps every value typed; folded answers are still sent.
let foldKey = null;
export function fold(root, answer, eligibility) {
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
