"""An association's whole rule book, built from plain data and cross-checked.

The plain data has one key per content file (``association``, ``categories``,
``fees``, ``renewal``), so a problem's path starts with the file it is in.
The same function builds the rules from YAML at build time and from the
exported JSON in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .categories import AddOn, Category, read_add_on, read_category
from .facts import FactCatalog, read_facts
from .fees import FeeSchedule, read_fees
from .renewal import RenewalPolicy, read_renewal
from .schema import INVALID, Log, Node, _closest, has_invalid

FILES = ("association", "categories", "fees", "renewal")


@dataclass(frozen=True)
class Variant:
    id: str
    label: str
    ages: str
    credential: str


@dataclass(frozen=True)
class Association:
    slug: str
    name: str
    region: str
    summary: str
    contact_email: str
    website: str
    apply_url: str
    guidelines_url: str
    currency: str
    variants: tuple[Variant, ...]
    categories: tuple[Category, ...]
    add_ons: tuple[AddOn, ...]
    fees: FeeSchedule
    renewal: RenewalPolicy
    facts: FactCatalog
    how_to_apply: tuple[str, ...] = ()  # the association's steps to apply, in order
    _by_code: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for category in self.categories:
            for variant, code in category.codes.items():
                self._by_code[code] = (category, variant)

    def variant_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.variants)

    def category_by_code(self, code: str) -> tuple[Category, str] | None:
        return self._by_code.get(code)

    def add_on(self, code: str) -> AddOn | None:
        return next((a for a in self.add_ons if a.code == code), None)

    def all_codes(self) -> tuple[str, ...]:
        return tuple(self._by_code) + tuple(a.code for a in self.add_ons)

    def facts_used(self) -> tuple[str, ...]:
        """The facts this association's requirements look at, in catalogue order."""
        used = {"age_focus", "scope"}
        for category in self.categories:
            if category.tracks:
                used.add("mentor_track")
            for req in category.requirements + tuple(
                    r for t in category.tracks for r in t.requirements):
                used.update(req.facts_used())
        for add_on in self.add_ons:
            for req in add_on.requirements:
                used.update(req.facts_used())
        return tuple(f.id for f in self.facts.facts if f.id in used)


def _read_meta(node: Node, catalog: FactCatalog) -> dict[str, Any] | Any:
    f = node.fields(required=("name", "region", "summary", "contact_email", "currency",
                              "variants"),
                    optional=("website", "apply_url", "guidelines_url", "how_to_apply"),
                    what="association.yaml")
    if f is INVALID:
        return INVALID
    out: dict[str, Any] = {}
    for key in ("name", "region", "summary", "contact_email", "website", "apply_url",
                "guidelines_url"):
        out[key] = f[key].text(key) if key in f else ""
    steps = f["how_to_apply"].items("how_to_apply") if "how_to_apply" in f else ()
    out["how_to_apply"] = INVALID if steps is INVALID else tuple(
        step.text("a step of how_to_apply") for step in steps)
    currency = f["currency"].text("currency") if "currency" in f else INVALID
    if currency is not INVALID and not (len(currency) == 3 and currency.isalpha()
                                        and currency.isupper()):
        currency = f["currency"].problem("currency must be a three-letter ISO code such as USD.")
    out["currency"] = currency
    age_fact = catalog.get("age_focus")
    ages = age_fact.choice_values() if age_fact else ()
    variants: list[Any] = []
    items = f["variants"].items("variants", allow_empty=False) if "variants" in f else INVALID
    if items is not INVALID:
        for item in items:
            v = item.fields(required=("id", "label", "ages", "credential"), what="a variant")
            if v is INVALID or len(v) != 4:
                variants.append(INVALID)
                continue
            variants.append(Variant(v["id"].choice(ages, "the variant id"),
                                    v["label"].text("label"), v["ages"].text("ages"),
                                    v["credential"].text("credential")))
        if any(has_invalid(*vars(v).values()) for v in variants if v is not INVALID):
            variants.append(INVALID)
    out["variants"] = INVALID if items is INVALID or has_invalid(*variants) else tuple(variants)
    return INVALID if has_invalid(*out.values()) else out


def read_association(slug: str, data: Any, catalog: FactCatalog, log: Log | None = None):
    """Build and cross-check; returns INVALID (problems in ``log``) when anything is wrong."""
    root = Node(data, (), log or Log())
    files = root.fields(required=FILES, what="the association's files")
    if files is INVALID or len(files) != len(FILES):
        return INVALID
    meta = _read_meta(files["association"], catalog)
    variants = meta["variants"] if meta is not INVALID else INVALID
    cats = files["categories"].fields(required=("categories",), optional=("add_ons",),
                                      what="categories.yaml")
    categories: Any = INVALID
    add_ons: Any = ()
    if cats is not INVALID and "categories" in cats and variants is not INVALID:
        items = cats["categories"].items("categories", allow_empty=False)
        if items is not INVALID:
            built = [read_category(item, catalog, tuple(v.id for v in variants), rank)
                     for rank, item in enumerate(items)]
            categories = INVALID if has_invalid(*built) else tuple(built)
            if categories is not INVALID:
                _check_categories(items, categories)
        if "add_ons" in cats:
            items = cats["add_ons"].items("add_ons")
            if items is not INVALID:
                built = [read_add_on(item, catalog) for item in items]
                add_ons = INVALID if has_invalid(*built) else tuple(built)
    fees = read_fees(files["fees"])
    renewal = read_renewal(files["renewal"])
    if has_invalid(meta, categories, add_ons, fees, renewal):
        return INVALID
    _check_codes(cats, categories, add_ons)
    _check_fees(files["fees"], fees, categories, add_ons)
    if root.log.problems:
        return INVALID
    return Association(slug=slug, **{k: meta[k] for k in (
        "name", "region", "summary", "contact_email", "website", "apply_url", "guidelines_url",
        "currency", "variants", "how_to_apply")}, categories=categories, add_ons=add_ons, fees=fees,
        renewal=renewal, facts=catalog)


def _check_categories(items: list[Node], categories: tuple[Category, ...]) -> None:
    seen_ids: dict[str, int] = {}
    seen_scopes: dict[str, str] = {}
    for node, category in zip(items, categories, strict=True):
        if category.id in seen_ids:
            node.problem(f"the category id '{category.id}' is used twice. Give each category "
                         "its own id.", "id")
        seen_ids[category.id] = 1
        if category.scope in seen_scopes:
            node.problem(f"the scope '{category.scope}' is already the scope of "
                         f"'{seen_scopes[category.scope]}'; each scope recommends one "
                         "category.", "scope")
        seen_scopes[category.scope] = category.id


def _check_codes(cats: dict[str, Node], categories, add_ons) -> None:
    seen: dict[str, str] = {}
    for index, category in enumerate(categories):
        for variant, code in category.codes.items():
            if code in seen:
                # located at the code itself: categories.<index>.codes.<variant>
                codes = Node(None, (*cats["categories"].path, index, "codes"),
                             cats["categories"].log)
                codes.problem(
                    f"the code {code} is used twice ({seen[code]} and {category.id}). "
                    "Each category and variant needs its own code.",
                    variant)
            seen[code] = category.id
    for index, add_on in enumerate(add_ons):
        if add_on.code in seen:
            Node(None, (*cats["add_ons"].path, index), cats["add_ons"].log).problem(
                f"the add-on code {add_on.code} is already used by {seen[add_on.code]}.",
                "code")
        seen[add_on.code] = add_on.code


def _check_fees(node: Node, fees: FeeSchedule, categories, add_ons) -> None:
    if not fees.published:
        return
    ids = {c.id for c in categories}
    section = Node(node.value.get("application"), (*node.path, "application"), node.log)
    unpriced = sorted(ids - set(fees.application))
    for key in fees.application:
        if key not in ids:
            # A misspelt id is one mistake: say what it should be, and do not
            # also report the category it was meant for as having no fees.
            hint = _closest(key, unpriced)
            if hint:
                unpriced.remove(hint)
            section.problem(f"fees name the unknown category '{key}'."
                            + (f" Did you mean '{hint}'?" if hint else "")
                            + f" Use a category id from categories.yaml: "
                              f"{', '.join(sorted(ids))}.", key)
    for cat_id in unpriced:
        section.problem(f"the category '{cat_id}' has no application fees. Add "
                        f"'{cat_id}: {{registration: ..., processing: ...}}'.")
    codes = {a.code for a in add_ons}
    section = Node(node.value.get("add_ons"), (*node.path, "add_ons"), node.log)
    for key in fees.add_ons:
        if key not in codes:
            hint = _closest(key, sorted(codes))
            section.problem(f"fees name the unknown add-on '{key}'."
                            + (f" Did you mean '{hint}'?" if hint else "")
                            + f" Known add-ons: {', '.join(sorted(codes)) or 'none'}.", key)


def load_facts(data: Any):
    """Facts catalogue from plain data; raises RulesError listing every problem."""
    log = Log()
    catalog = read_facts(Node(data, (), log))
    log.raise_if_any()
    return catalog


def load_association(slug: str, data: Any, catalog: FactCatalog) -> Association:
    """Association from plain data; raises RulesError listing every problem."""
    log = Log()
    association = read_association(slug, data, catalog, log)
    log.raise_if_any()
    return association
