"""An association's whole rule book, built from plain data and cross-checked.

The plain data has one key per content file (``association``, ``categories``,
``fees``, ``renewal``), so a problem's path starts with the file it is in.
The same function builds the rules from YAML at build time and from the
exported JSON in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from .categories import AddOn, CategoriesFile, Category
from .facts import Fact, FactCatalog
from .fees import FeeSchedule
from .node import INVALID, Log, Node
from .renewal import RenewalPolicy
from .requirements import Requirement
from .spec import Id, NonEmpty, Pattern, Text, Url, key, read_section

FILES = ("association", "categories", "fees", "renewal")


@dataclass(frozen=True)
class Variant:
    """An age variant: infant (0-3), early childhood (3-6), or the association's own."""

    WHAT: ClassVar[str] = "a variant"
    id: Id = key("the variant id")
    label: Text = key("label", doc="the answer to 'Which ages do you mostly work with?'")
    ages: Text = key("ages")
    credential: Text = key("credential")


@dataclass(frozen=True)
class Condition:
    """A condition of eligibility that is not a competency: living in the state, say."""

    WHAT: ClassVar[str] = "a condition"
    id: Id = key("the condition id", doc="also the name of its yes/no question in a profile")
    question: Text = key("the question", doc="'Do you live in Kansas?'")
    label: Text = key("the label", doc="the requirement as the association words it")
    reference: Text = key("reference")
    help: Text = key("the help text", "")

    def fact(self) -> Fact:
        return Fact(id=self.id, label=self.question, kind="boolean", help=self.help,
                    group="Who can apply")

    def requirement(self) -> Requirement:
        return Requirement(id=self.id, label=self.label, topic="Who can apply", fact=self.id,
                           is_=True, reference=self.reference)


@dataclass(frozen=True)
class AssociationFile:
    """association.yaml: who the association is, its age variants and conditions."""

    WHAT: ClassVar[str] = "association.yaml"
    name: Text = key("name")
    region: Text = key("region")
    summary: Text = key("summary")
    contact_email: Text = key("contact_email")
    currency: Annotated[str, Pattern(r"^[A-Z]{3}$", "a three-letter ISO code such as USD")] = \
        key("currency")
    variants: Annotated[tuple[Variant, ...], NonEmpty()] = key("variants")
    website: Url | None = key("website", None)
    apply_url: Url | None = key("apply_url", None, doc="where applicants apply")
    guidelines_url: Url | None = key("guidelines_url", None)
    how_to_apply: tuple[Text, ...] = key("how_to_apply", (),
                                         doc="the association's steps to apply, in order")
    how_to_renew: tuple[Text, ...] = key("how_to_renew", (),
                                         doc="the association's steps to renew, in order")
    date_order: Literal["month_first", "day_first"] = key(
        "date_order", "month_first",
        doc="how applicants write dates with numbers: month_first (06/15/2023, the United "
            "States) or day_first (15/06/2023)")
    conditions: tuple[Condition, ...] = key("conditions", ())
    draft: bool = key("draft", False, doc="true: shown by `build.py serve` and "
                      "`build.py --drafts` previews, never in the published site")
    copied_from: Annotated[str, Pattern(r"^[a-z0-9][a-z0-9-]*$", "a folder name such as "
                                        "infancy-onward")] | None = key(
        "copied_from", None, doc="the association this one was copied from "
        "(`new-association --from`): `check` names every value still the same as there")
    staff_notes: Text = key("staff_notes", "", doc="notes for staff, never shown on the site")

    def validate(self, node: Node, ctx: Any) -> None:
        for what, ids in (("variants", [v.id for v in self.variants]),
                          ("conditions", [c.id for c in self.conditions])):
            for index, item_id in enumerate(ids):
                if item_id in ids[:index]:
                    Node(None, (*node.path, what, index), node.log).problem(
                        f"the id '{item_id}' is used twice in {what}.", "id")
                elif what == "conditions" and item_id in ctx.catalog:
                    Node(None, (*node.path, what, index), node.log).problem(
                        f"the condition id '{item_id}' is already a question in "
                        "content/facts.yaml. Choose another id.", "id")


class Context:
    """What a section's checks may need to know beyond itself."""

    def __init__(self, catalog: FactCatalog):
        self.catalog = catalog
        self.variant_ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Association:
    slug: str
    name: str
    region: str
    summary: str
    contact_email: str
    website: str | None
    apply_url: str | None
    guidelines_url: str | None
    currency: str
    variants: tuple[Variant, ...]
    how_to_apply: tuple[str, ...]
    how_to_renew: tuple[str, ...]
    date_order: str
    conditions: tuple[Condition, ...]
    categories: tuple[Category, ...]
    add_ons: tuple[AddOn, ...]
    fees: FeeSchedule
    renewal: RenewalPolicy
    facts: FactCatalog  # the catalogue as this association asks it
    draft: bool = False  # not published (sitegen leaves it out of the published build)
    exam_sittings: Any = None  # Parameter of Sitting tuples (categories.yaml), or None
    _by_code: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for category in self.categories:
            for variant, code in category.codes.items():
                self._by_code[code] = (category, variant)

    @cached_property
    def condition_requirements(self) -> tuple[Requirement, ...]:
        """The conditions as requirements: checked in every category."""
        return tuple(c.requirement() for c in self.conditions)

    def scope_label(self, category: Category) -> str:
        """The words of a category's scope, as the scope question offers it."""
        scope = self.facts.by_role("scope")
        return scope.label_of(category.scope) if scope else category.scope

    def category_by_code(self, code: Any) -> tuple[Category, str] | None:
        return self._by_code.get(code) if isinstance(code, str) else None

    def category_named(self, name: Any) -> Category | None:
        """A category named by one of its codes (IFS, ECFS) or by its id."""
        found = self.category_by_code(name)
        if found is not None:
            return found[0]
        return next((c for c in self.categories if c.id == name), None)

    @property
    def names(self) -> dict[str, str]:
        """Each category id and add-on code -> its name, as the pages print it."""
        return {c.id: c.name for c in self.categories} | {a.code: a.name for a in self.add_ons}

    def add_on(self, code: Any) -> AddOn | None:
        return next((a for a in self.add_ons if a.code == code), None)

    def role(self, role: str) -> str | None:
        """The id of the fact with this role in the engine (see facts.py)."""
        return self.facts.role_id(role)

    def facts_used(self) -> tuple[str, ...]:
        """The questions the calculator asks for this association, in catalogue order.

        The age question only when there is more than one variant; the Mentor
        track only when a category has tracks."""
        used = {self.role("scope")}
        if len(self.variants) > 1:
            used.add(self.role("variant"))
        for category in self.categories:
            if category.tracks:
                used.add(self.role("mentor_track"))
            for req in category.requirements + tuple(
                    r for t in category.tracks for r in t.requirements):
                used.update(req.facts_used())
        for add_on in self.add_ons:
            for req in add_on.requirements:
                used.update(req.facts_used())
        used.update(c.id for c in self.conditions)
        return tuple(f.id for f in self.facts.facts if f.id in used)


def read_facts(node: Node) -> FactCatalog | Any:
    return read_section(FactCatalog, node)


def read_association(slug: str, data: Any, catalog: FactCatalog, log: Log | None = None):
    """Build and cross-check; returns INVALID (problems in ``log``) when anything is wrong."""
    root = Node(data, (), log or Log())
    files = root.fields(required=FILES, what="the association's files")
    if files is INVALID or len(files) != len(FILES):
        return INVALID
    ctx = Context(catalog)
    meta = read_section(AssociationFile, files["association"], ctx)
    if meta is not INVALID:
        ctx.variant_ids = tuple(v.id for v in meta.variants)
        ctx.catalog = catalog.adapted(tuple((v.id, v.label) for v in meta.variants),
                                      tuple(c.fact() for c in meta.conditions))
    cats = read_section(CategoriesFile, files["categories"], ctx)
    fees = read_section(FeeSchedule, files["fees"], ctx)
    renewal = read_section(RenewalPolicy, files["renewal"], ctx)
    if INVALID in (meta, cats, fees, renewal):
        return INVALID
    tracks = {t.id for c in cats.categories for t in c.tracks}
    if tracks:
        ctx.catalog = ctx.catalog.narrowed("mentor_track", tracks)
    _check_categories(files["categories"], cats)
    ids = [c.id for c in cats.categories]
    codes = [a.code for a in cats.add_ons]
    code_to_id = {code: c.id for c in cats.categories for code in c.codes.values()}
    fees.cross_check(files["fees"], ids, codes, code_to_id)
    renewal.cross_check(files["renewal"], cats.categories, codes, fees.published, code_to_id)
    if root.log.problems:
        return INVALID
    return Association(
        slug=slug, name=meta.name, region=meta.region, summary=meta.summary,
        contact_email=meta.contact_email, website=meta.website, apply_url=meta.apply_url,
        guidelines_url=meta.guidelines_url, currency=meta.currency, variants=meta.variants,
        how_to_apply=meta.how_to_apply, how_to_renew=meta.how_to_renew,
        date_order=meta.date_order, conditions=meta.conditions,
        categories=cats.categories, add_ons=cats.add_ons, fees=fees, renewal=renewal,
        facts=ctx.catalog, exam_sittings=cats.exam_sittings, draft=meta.draft)


def _check_categories(node: Node, cats: CategoriesFile) -> None:
    """Ids and codes each used once across the file (several categories may share
    a scope: the recommendation climbs them in the file's order)."""
    seen_ids: set[str] = set()
    seen_codes: dict[str, str] = {}
    for index, category in enumerate(cats.categories):
        at = Node(None, (*node.path, "categories", index), node.log)
        if category.id in seen_ids:
            at.problem(f"the category id '{category.id}' is used twice. Give each category "
                       "its own id.", "id")
        seen_ids.add(category.id)
        for variant, code in category.codes.items():
            if code in seen_codes:
                Node(None, (*at.path, "codes"), node.log).problem(
                    f"the code {code} is used twice ({seen_codes[code]} and {category.id}). "
                    "Each category and variant needs its own code.", variant)
            seen_codes[code] = category.id
    for index, add_on in enumerate(cats.add_ons):
        if add_on.code in seen_codes:
            Node(None, (*node.path, "add_ons", index), node.log).problem(
                f"the add-on code {add_on.code} is already used by {seen_codes[add_on.code]}.",
                "code")
        seen_codes[add_on.code] = add_on.code


def load_facts(data: Any) -> FactCatalog:
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
