"""MkDocs hook: "IECMH" spelled out at its first use on each page (issue 16, item 10).

The abbreviation comes from the associations' own words in the YAML (category
descriptions, requirement labels), so no template can know where a page first
uses it. This hook reads the page's content in order: the first "IECMH" not
already preceded by "infant and early childhood mental health (IECMH)" becomes
that, capitalised at the start of a sentence or a cell; every later one is an
``<abbr title="infant and early childhood mental health">`` (the theme shows
the title as a tooltip: ``content.tooltips``). Only text is changed, never a
tag, an attribute, code or an existing ``<abbr>``.

The calculator page (``calculator`` in its front matter) is its own HTML and
is left alone.
"""

from __future__ import annotations

import re

ABBREVIATION = "IECMH"
EXPANSION = "infant and early childhood mental health"

_TOKENS = re.compile(r"(<[^>]+>)")
_USE = re.compile(rf"{re.escape(EXPANSION)} \({ABBREVIATION}\)|\b{ABBREVIATION}\b", re.I)
_SKIP = {"code", "pre", "script", "style", "abbr", "textarea", "svg"}
_BLOCK_START = re.compile(r"<(p|li|td|th|h[1-6]|dt|dd|summary|div|blockquote)\b[^>]*>$")
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


class _Page:
    def __init__(self) -> None:
        self.spelled = False

    def text(self, text: str, sentence_start: bool) -> str:
        out, at = [], 0
        for m in _USE.finditer(text):
            out.append(text[at:m.start()])
            at = m.end()
            if m.group(0) != ABBREVIATION:  # the spelled-out form, or "iecmh" in other case
                self.spelled = self.spelled or m.group(0).lower().startswith(EXPANSION)
                out.append(m.group(0))
            elif not self.spelled:
                self.spelled = True
                before = "".join(out).rstrip()
                start = (sentence_start and not before) or before.endswith((".", "!", "?", ":"))
                words = EXPANSION[0].upper() + EXPANSION[1:] if start else EXPANSION
                out.append(f"{words} ({ABBREVIATION})")
            else:
                out.append(f'<abbr title="{EXPANSION}">{ABBREVIATION}</abbr>')
        out.append(text[at:])
        return "".join(out)


def spell_out(html_content: str) -> str:
    """The page's HTML with the first use spelled out and the others marked."""
    page = _Page()
    skipping: list[str] = []
    previous_tag = ""
    out = []
    for token in _TOKENS.split(html_content):
        if token.startswith("<"):
            name = _TAG_NAME.match(token)
            tag = name.group(1).lower() if name else ""
            if tag in _SKIP and not token.endswith("/>"):
                if token.startswith("</"):
                    if tag in skipping:
                        skipping.remove(tag)
                else:
                    skipping.append(tag)
            previous_tag = token
            out.append(token)
        elif skipping or ABBREVIATION.lower() not in token.lower():
            if token.strip():
                previous_tag = ""
            out.append(token)
        else:
            out.append(page.text(token, bool(_BLOCK_START.match(previous_tag))))
            previous_tag = ""
    return "".join(out)


def on_page_content(html_content, page, config, files):
    if page.meta.get("calculator"):
        return html_content
    return spell_out(html_content)
