"""The Jinja renderer every page kind uses: two environments, escaping, errors.

Every value shown comes from the validated model, read "as in force" on the
build date, and every total comes from the engine itself (``engine.quote``),
so the pages cannot disagree with the command line or the browser.

Escaping: YAML text is staff-written but still text, not markup. Every
``{{ ... }}`` passes through ``_finalize``, which HTML-escapes it and
backslash-escapes Markdown punctuation, so a label such as
``<img src=x onerror=alert(1)>`` or ``a | b`` shows as written and never
becomes an element or breaks a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from calculator import formats
from calculator.contentfiles.repository import Content

from ..errors import TemplateProblem

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^])")


def md_text(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    text = str(escape(str(value)))
    return Markup(_MD_SPECIAL.sub(r"\\\1", text).replace("\n", " "))


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("a template printed an empty value (None)")
    if isinstance(value, Markup | bool):
        return value
    if isinstance(value, int | float):
        return number(value)
    return md_text(value)


def _finalize_html(value: Any) -> Any:
    """For templates that write raw HTML (the calculator form): HTML escaping
    only, since Markdown leaves raw HTML blocks untouched; plain numbers, as
    they end up in attributes."""
    if value is None:
        raise TemplateError("a template printed an empty value (None)")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


# One formatter everywhere: the pages and the calculator print every figure
# through calculator.formats.
number = formats.number


@dataclass
class Page:
    path: str  # relative to the docs folder, e.g. infancy-onward/fees.md
    title: str
    text: str


class Renderer:
    def __init__(self, content: Content, on: date, templates: Path = TEMPLATES):
        self.content = content
        self.on = on
        self.preview = False  # a --date preview: the calculator answers as on ``on`` too
        # Two environments differing only in how a printed value is escaped:
        # *.md.j2 write Markdown, *.html.j2 write raw HTML.
        self.envs = {}
        for kind, finalize in (("md", _finalize), ("html", _finalize_html)):
            env = Environment(
                loader=FileSystemLoader(str(templates)),
                undefined=StrictUndefined,
                autoescape=True,
                finalize=finalize,
                keep_trailing_newline=True,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.filters.update(md=md_text, num=number, year=formats.year,
                               day=formats.day, day_of_year=formats.day_of_year)
            env.globals.update(on=on, raw=Markup)
            self.envs[kind] = env

    def money(self, amount: float | int, currency: str) -> Markup:
        return Markup(escape(formats.money(amount, currency)))

    def render(self, template: str, path: str, title: str, **context: Any) -> Page:
        try:
            env = self.envs["html" if template.endswith(".html.j2") else "md"]
            text = env.get_template(template).render(**context)
        except TemplateError as err:
            raise TemplateProblem(_locate(err, template)) from None
        return Page(path, title, text)


def _locate(err: TemplateError, template: str) -> str:
    """file:line and the offending line, like Jinja's own syntax errors."""
    import traceback

    name, line = template, getattr(err, "lineno", None)
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(".j2"):
            name, line = Path(frame.filename).name, frame.lineno
            break
    source = (TEMPLATES / name)
    quoted = ""
    if line and source.exists():
        lines = source.read_text(encoding="utf-8").splitlines()
        if 0 < line <= len(lines):
            quoted = f"\n    {line} | {lines[line - 1].strip()}"
    return f"sitegen/pages/templates/{name}:{line or '?'}: {err.__class__.__name__}: {err}{quoted}"
