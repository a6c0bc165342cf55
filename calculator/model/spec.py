"""One generic reader: plain data (from YAML or JSON) into frozen dataclasses.

Each section of a content file is declared once, as a frozen dataclass whose
fields say what the section holds (in the manner of pyodide-build's
``recipe/spec.py``)::

    @dataclass(frozen=True)
    class Term:
        WHAT: ClassVar[str] = "a membership term"
        years: Annotated[int, Range(1, 10)] = key("years")
        price: Parameter[Amount] = key("the membership price")

:func:`read` builds one from a :class:`~calculator.schema.Node`: required,
optional and unknown keys, types, ranges and patterns are checked from the
declaration, every problem is logged with its path (the content loader turns
paths into file:line) and reading carries on, so staff see every mistake in
one run. After construction, a ``validate(self, node, ctx)`` method, when the class
has one, makes the cross-field checks. The same declarations generate the JSON
Schema that editors use (:func:`json_schema`), so the format is described in
exactly one place.

Standard library only: the browser builds the rules with this same code.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import date
from typing import Annotated, Any, Literal

from ..numbers import words
from .node import INVALID, Node, describe
from .parameters import DatedValue, Parameter

# -- declarations ---------------------------------------------------------------


def key(what: str, default: Any = MISSING, *, name: str | None = None, doc: str = "") -> Any:
    """A field of a section: ``what`` names it in messages ("the processing fee"),
    ``name`` is its YAML key when that differs from the field name (``is``),
    ``doc`` describes it in the JSON Schema. A default makes it optional."""
    metadata = {"what": what, "key": name, "doc": doc}
    if default is MISSING:
        return field(metadata=metadata)
    if isinstance(default, list | dict | set):
        raise TypeError("use a tuple or None as a default")
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Range:
    minimum: float | None = 0
    maximum: float | None = None


@dataclass(frozen=True)
class Pattern:
    regex: str
    hint: str  # what the value must look like, completing "must be ..."


@dataclass(frozen=True)
class NonEmpty:
    """A list that needs at least one item."""


@dataclass(frozen=True)
class MayBeUnpublished:
    """An amount that may be written ``not_published``: the association says the
    fee exists (the value's reference says where) but not how much it is."""


class _NotPublished:
    """The value of an amount published without its figure (``not_published``)."""

    _instance: _NotPublished | None = None

    def __new__(cls) -> _NotPublished:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_PUBLISHED"

    def __reduce__(self) -> str:
        return "NOT_PUBLISHED"


NOT_PUBLISHED = _NotPublished()
UNPUBLISHED_WORD = "not_published"


def published(value: Any) -> bool:
    """Whether an amount's figure is published (not ``not_published``)."""
    return value is not NOT_PUBLISHED


class MonthDay(tuple):
    """A day of the year written MM-DD ("12-31"), held as (month, day)."""

    def __new__(cls, month: int, day: int):
        return super().__new__(cls, (month, day))

    def in_year(self, year: int) -> date:
        return date(year, self[0], self[1])


Text = str  # non-empty text
Id = Annotated[str, Pattern(r"^[a-z][a-z0-9_]*$",
                            "lower-case letters, digits and underscores, starting with a "
                            "letter (for example 'family_specialist')")]
Code = Annotated[str, Pattern(r"^[A-Z][A-Z0-9]*$", "capital letters and digits (for example "
                                                   "'IFS')")]
Url = Annotated[str, Pattern(r"^https?://[^\s()<>\"']+$",
                             "a web address starting with https:// (no spaces)")]
Amount = Annotated[float, Range(0)]
# A fee line, membership, renewal or reinstatement price: a figure, or the word
# not_published when the association names the fee without its amount.
Price = Annotated[float, Range(0), MayBeUnpublished()]
Hours = Annotated[float, Range(0, 100000)]
Share = Annotated[float, Range(0, 1)]
Whole = Annotated[int, Range(0)]

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_DATE = r"^\d{4}-\d{2}-\d{2}$"


# -- reading ----------------------------------------------------------------------


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    module = sys.modules[cls.__module__]
    return typing.get_type_hints(cls, globalns=vars(module), include_extras=True)


def _unwrap(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """(base type, Annotated extras)."""
    if typing.get_origin(tp) is Annotated:
        base, *extras = typing.get_args(tp)
        inner, more = _unwrap(base)
        return inner, (*more, *extras)
    return tp, ()


def _optional(tp: Any) -> tuple[Any, bool]:
    base, extras = _unwrap(tp)
    if typing.get_origin(base) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(base) if a is not type(None)]
        if len(args) < len(typing.get_args(base)):
            inner = args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
            return (Annotated[(inner, *extras)] if extras else inner), True
    return tp, False


def section_fields(cls: type) -> list[tuple[str, str, Any, Any, str, str]]:
    """(field name, YAML key, type, default, what, doc) for each field of a section."""
    hints = _hints(cls)
    out = []
    for f in fields(cls):
        if not f.init or f.name.startswith("_"):
            continue
        meta = f.metadata
        default = f.default
        out.append((f.name, meta.get("key") or f.name, hints[f.name], default,
                    meta.get("what") or f.name, meta.get("doc") or ""))
    return out


def read(tp: Any, node: Node, what: str, ctx: Any = None) -> Any:
    """Build a value of type ``tp`` from ``node``; INVALID (problem logged) when wrong."""
    tp, _ = _optional(tp)
    base, extras = _unwrap(tp)
    origin = typing.get_origin(base)
    if is_dataclass(base):
        return read_section(base, node, ctx, what)
    if origin is Parameter or base is Parameter:
        (value_type,) = typing.get_args(base) or (Any,)
        return _read_parameter(value_type, node, what, ctx)
    if origin is tuple:
        items = node.items(what, allow_empty=not any(isinstance(e, NonEmpty) for e in extras))
        if items is INVALID:
            return INVALID
        item_type = typing.get_args(base)[0]
        built = [read(item_type, item, _item_what(what), ctx) for item in items]
        return INVALID if any(b is INVALID for b in built) else tuple(built)
    if origin is dict:
        entries = node.entries(what)
        if entries is INVALID:
            return INVALID
        value_type = typing.get_args(base)[1]
        built = {k: read(value_type, n, f"{what} '{k}'", ctx) for k, n in entries}
        return INVALID if any(b is INVALID for b in built.values()) else built
    if origin in (typing.Union, types.UnionType):
        return _read_union(typing.get_args(base), node, what, ctx)
    if origin is Literal:
        return node.choice([str(a) for a in typing.get_args(base)], what)
    if base is bool:
        return node.boolean(what)
    if base is int or base is float:
        if any(isinstance(e, MayBeUnpublished) for e in extras) and isinstance(node.value, str):
            if node.value == UNPUBLISHED_WORD:
                return NOT_PUBLISHED
            return node.problem(f"{what} must be a number, not {describe(node.value)}. Write "
                                "digits only, without a currency sign or unit (for example 25 "
                                f"or 12.5), or {UNPUBLISHED_WORD} when the association names "
                                "the fee without its amount.")
        limits = next((e for e in extras if isinstance(e, Range)), Range(None, None))
        reader = node.integer if base is int else node.number
        return reader(what, limits.minimum, limits.maximum)
    if base is date:
        return node.iso_date(what)
    if base is MonthDay:
        return _read_month_day(node, what)
    if base is str:
        value = node.text(what)
        if value is INVALID:
            return value
        pattern = next((e for e in extras if isinstance(e, Pattern)), None)
        if pattern and not re.match(pattern.regex, value):
            return node.problem(f"{what} '{value}' must be {pattern.hint}.")
        return value
    if base is Any:
        return node.value
    raise TypeError(f"spec: no reader for {tp!r}")  # a declaration bug, not a content one


def check_unpublished(node: Node, given: list[str], message: str | None, marked: str,
                      remove: str, ask: str) -> None:
    """A section marked 'published: false' holds nothing but its message: the
    first other key is reported, else a missing message (fees, renewal)."""
    if given:
        Node(None, (*node.path, given[0]), node.log).problem(
            f"{marked} marked 'published: false', so remove {remove} or set 'published: true'.")
    elif not message:
        node.problem(f"with 'published: false', add a 'message' telling {ask}.")


def check_unique_ids(node: Node, items: tuple[Any, ...], what: str, noun: str = "id") -> None:
    """Each item's ``id`` once in a list: the second use is reported at its id."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            Node(None, (*node.path, index), node.log).problem(
                f"the {noun} '{item.id}' is used twice in {what}.", "id")
        seen.add(item.id)


def _item_what(what: str) -> str:
    return f"an item of {what}"


def _read_union(options: tuple[Any, ...], node: Node, what: str, ctx: Any) -> Any:
    """A value that may take one of several shapes, chosen by what was written:
    a list, a mapping or a single word."""
    value = node.value
    for option in options:
        base, _ = _unwrap(option)
        origin = typing.get_origin(base)
        if isinstance(value, list) and origin is tuple:
            return read(option, node, what, ctx)
        if isinstance(value, dict) and (origin is dict or is_dataclass(base)):
            return read(option, node, what, ctx)
        if isinstance(value, str) and (origin is Literal or base is str):
            if origin is Literal and value not in typing.get_args(base):
                continue
            return read(option, node, what, ctx)
    return node.problem(f"{what} must be {_union_words(options)}, not {describe(value)}.")


def _union_words(options: tuple[Any, ...]) -> str:
    words = []
    for option in options:
        base, _ = _unwrap(option)
        origin = typing.get_origin(base)
        if origin is Literal:
            words.append(" or ".join(f"'{a}'" for a in typing.get_args(base)))
        elif origin is tuple:
            words.append("a list (lines starting with '- ')")
        else:
            words.append("a mapping")
    return " or ".join(words)


def read_section(cls: type, node: Node, ctx: Any = None, what: str | None = None) -> Any:
    """One dataclass from one mapping; every problem logged, then ``validate``."""
    what = getattr(cls, "WHAT", None) or what or cls.__name__
    spec = section_fields(cls)
    required = [k for _, k, tp, default, _, _ in spec if default is MISSING]
    optional = [k for _, k, tp, default, _, _ in spec if default is not MISSING]
    found = node.fields(required=required, optional=optional, what=what)
    if found is INVALID:
        return INVALID
    values: dict[str, Any] = {}
    broken = False
    for name, yaml_key, tp, default, field_what, _ in spec:
        if yaml_key in found:
            value = read(tp, found[yaml_key], field_what, ctx)
            broken = broken or value is INVALID
            values[name] = value
        elif default is MISSING:
            broken = True
        else:
            values[name] = default
    if broken:
        return INVALID
    built = cls(**values)
    validate = getattr(built, "validate", None)
    if validate is not None:
        before = len(node.log.problems)
        validate(node, ctx)
        if len(node.log.problems) > before:
            return INVALID
    return built


def _read_month_day(node: Node, what: str) -> Any:
    text = node.text(what)
    if text is INVALID:
        return INVALID
    match = _MONTH_DAY.match(text)
    try:
        month, day = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        date(2001, month, day)  # a non-leap year: 02-29 would vanish three years in four
    except ValueError:
        month = 0
    if not month:
        return node.problem(f"'{text}' must be a day of the year written MM-DD "
                            "(for example 12-31 for December 31); 02-29 is not allowed.")
    return MonthDay(month, day)


def _plain(value: Any) -> str:
    """A value as the YAML would spell it, for a message's example."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return words(value)
    return value if isinstance(value, str) else "..."


def _read_parameter(value_type: Any, node: Node, what: str, ctx: Any) -> Any:
    """``{reference?, values: {DATE: VALUE | {value, reference?}}}``: see parameters.py."""
    found = node.fields(required=("values",), optional=("reference",), what=what)
    if found is INVALID or "values" not in found:
        return INVALID
    default_reference = found["reference"].text("reference") if "reference" in found else None
    entries = found["values"].entries(f"the values of {what}")
    if default_reference is INVALID or entries is INVALID:
        return INVALID
    if not entries:
        return node.problem(f"{what} has no values. Add one: 'values: {{2024-01-01: ...}}'.",
                            "values")
    dated: list[DatedValue] = []
    inherited: dict[Any, Node] = {}  # effective date -> its entry, when it has no own reference
    broken = False
    for when, entry in entries:
        effective = Node(when, entry.path, node.log).iso_date("the effective date")
        reference = default_reference
        own = False
        if isinstance(entry.value, dict) and "value" in entry.value:
            parts = entry.fields(required=("value",), optional=("reference",),
                                 what=f"the value of {what} from {when}")
            if parts is INVALID:
                broken = True
                continue
            value = read(value_type, parts["value"], what, ctx)
            if "reference" in parts:
                reference = parts["reference"].text("reference")
                own = True
        else:
            value = read(value_type, entry, what, ctx)
        if reference is None:
            entry.problem(f"the value of {what} from {when} has no reference. Add "
                          "'reference: ...' naming the document it comes from, on the "
                          "parameter or on the value.")
            broken = True
            continue
        if INVALID in (effective, value, reference):
            broken = True
            continue
        dated.append(DatedValue(effective, value, reference))
        if not own:
            inherited[effective] = entry
    if broken:
        return INVALID
    dated.sort(key=lambda d: d.effective)
    # The parameter's reference is the source of its first value; a later value
    # is a decision of its own (a board's, a new booklet's), and the pages cite
    # it beside the change: it names its source.
    for later in dated[1:]:
        if later.effective in inherited:
            when = later.effective.isoformat()
            inherited[later.effective].problem(
                f"the value of {what} from {when} has no reference of its own (the parameter's "
                f"reference is the source of its first value). Write it as '{when}: {{value: "
                f"{_plain(later.value)}, reference: ...}}', naming the document that decided it.")
            broken = True
    if broken:
        return INVALID
    for earlier, later in itertools.pairwise(dated):
        if earlier.effective == later.effective:
            return node.problem(f"{what} has two values that take effect on "
                                f"{later.effective.isoformat()}. Two values cannot take effect "
                                "on the same date: keep one.", "values")
    return Parameter(tuple(dated), node.path, money=value_type in (Amount, Price))


# -- JSON Schema (draft-07, what the YAML language server reads) -------------------


def json_schema(cls: type, title: str, description: str = "") -> dict[str, Any]:
    """The JSON Schema of a content file whose top section is ``cls``."""
    definitions: dict[str, Any] = {}
    root = _schema(cls, definitions)
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": title,
            "description": description, **root, "definitions": definitions}


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp, _ = _optional(tp)
    base, extras = _unwrap(tp)
    origin = typing.get_origin(base)
    if is_dataclass(base):
        name = base.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: recursive sections refer to themselves
            props, required = {}, []
            for _, yaml_key, ftp, default, what, doc in section_fields(base):
                props[yaml_key] = {**_schema(ftp, defs), "description": doc or what}
                if default is MISSING:
                    required.append(yaml_key)
            defs[name] = {"type": "object", "description": (base.__doc__ or "").strip(),
                          "properties": props, "additionalProperties": False,
                          **({"required": required} if required else {})}
        return {"$ref": f"#/definitions/{name}"}
    if origin is Parameter or base is Parameter:
        (value_type,) = typing.get_args(base) or (Any,)
        value = _schema(value_type, defs)
        return {"type": "object", "required": ["values"], "additionalProperties": False,
                "properties": {
                    "reference": {"type": "string", "minLength": 1,
                                  "description": "where the value comes from"},
                    "values": {
                        "type": "object", "minProperties": 1,
                        "description": "one value per effective date (YYYY-MM-DD)",
                        "propertyNames": {"pattern": _DATE},
                        "additionalProperties": {"anyOf": [
                            value,
                            {"type": "object", "required": ["value"],
                             "additionalProperties": False,
                             "properties": {"value": value,
                                            "reference": {"type": "string", "minLength": 1}}},
                        ]}}}}
    if origin is tuple:
        item = _schema(typing.get_args(base)[0], defs)
        out = {"type": "array", "items": item}
        if any(isinstance(e, NonEmpty) for e in extras):
            out["minItems"] = 1
        return out
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(typing.get_args(base)[1], defs)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(a, defs) for a in typing.get_args(base)]}
    if origin is Literal:
        return {"enum": [str(a) for a in typing.get_args(base)]}
    if base is bool:
        return {"type": "boolean"}
    if base is int or base is float:
        out = {"type": "integer" if base is int else "number"}
        limits = next((e for e in extras if isinstance(e, Range)), None)
        if limits and limits.minimum is not None:
            out["minimum"] = limits.minimum
        if limits and limits.maximum is not None:
            out["maximum"] = limits.maximum
        if any(isinstance(e, MayBeUnpublished) for e in extras):
            return {"anyOf": [out, {"enum": [UNPUBLISHED_WORD],
                                    "description": "the fee exists; its amount is not published"}]}
        return out
    if base is date:
        # YAML reads an unquoted 2024-01-01 as a date; the schema sees the text.
        return {"type": "string", "pattern": _DATE}
    if base is MonthDay:
        return {"type": "string", "pattern": r"^\d{2}-\d{2}$"}
    if base is str:
        pattern = next((e for e in extras if isinstance(e, Pattern)), None)
        return {"type": "string", "minLength": 1, **({"pattern": pattern.regex} if pattern else {})}
    return {}
