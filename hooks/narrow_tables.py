"""MkDocs hook: tables that a phone can read without scrolling sideways (issue 16, item 9).

Every table of an information page's content gets, on each body cell, the
text of its column header (``data-label``), and on the table how wide it is
(``data-stack``: ``wide`` for five columns or more, ``narrow`` otherwise).
``overrides/assets/site/extra.css`` uses them under a breakpoint: each row
becomes a block and each cell shows its column's name before its value
(narrow tables below 30em, wide ones below 45em, the theme's own "below
tablet" width). Wide screens keep the normal tables.

The stacked form changes ``display`` of the table's parts, and some browsers
(WebKit) then stop exposing them as a table to screen readers: explicit ARIA
roles (``table``, ``rowgroup``, ``row``, ``columnheader``, ``cell``) keep the
table semantics whatever the CSS. The column names shown in the stacked form
are CSS generated content with empty alternative text, so a screen reader hears
each header once, from the table itself.

The table's element keeps no class (the theme styles and wraps only
``table:not([class])``). Tables in HTML that a template wrote by hand (the
calculator page: ``calculator`` in its front matter) are left alone.
"""

from __future__ import annotations

import html
import itertools
import re

WIDE = 5  # columns from which a table stacks below the theme's tablet width

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_TH = re.compile(r"<th(\s[^>]*)?>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_TD = re.compile(r"<td(\s[^>]*)?>")
_TAG = re.compile(r"<[^>]+>")


def _text(cell_html: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", cell_html)).split())


def _body_row(match: re.Match, labels: list[str]) -> str:
    column = itertools.count()

    def cell(m: re.Match) -> str:
        i = next(column)
        label = labels[i] if i < len(labels) else ""
        attrs = m.group(1) or ""
        data = f' data-label="{html.escape(label, quote=True)}"' if label else ""
        return f'<td role="cell"{data}{attrs}>'

    return '<tr role="row">' + _TD.sub(cell, match.group(1)) + "</tr>"


def stack(table_html: str) -> str:
    """One ``<table>…</table>`` as Python-Markdown writes it, with the labels
    and roles added; a table without a header row is returned as it is."""
    inner = table_html[len("<table>"):-len("</table>")]
    head = _HEAD.search(inner)
    if head is None:
        return table_html
    labels = [_text(m.group(2)) for m in _TH.finditer(head.group(1))]
    if not labels:
        return table_html
    new_head = _TH.sub(lambda m: f'<th role="columnheader"{m.group(1) or ""}>{m.group(2)}</th>',
                       head.group(1)).replace("<tr>", '<tr role="row">')
    before, after = inner[:head.start()], inner[head.end():]
    after = _ROW.sub(lambda m: _body_row(m, labels), after).replace("<tbody>",
                                                                   '<tbody role="rowgroup">')
    kind = "wide" if len(labels) >= WIDE else "narrow"
    return (f'<table role="table" data-stack="{kind}">{before}<thead role="rowgroup">{new_head}'
            f"</thead>{after}</table>")


def on_page_content(html_content, page, config, files):
    if page.meta.get("calculator"):
        return html_content
    return _TABLE.sub(lambda m: stack(m.group(0)), html_content)
