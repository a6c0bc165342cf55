"""MkDocs hook: "Generated from <source file>" notice.

A page whose front matter has

    generated_from: content/associations/<slug>/<file>.yaml

(or a list of such paths) gets a small notice at the top of its content, right
after the page title. Values are HTML-escaped. A value that is not a string or
a list of strings is a warning, i.e. a build failure under `strict`.
"""

from __future__ import annotations

import html
import logging
import re

log = logging.getLogger("mkdocs.hooks.generated_from")

_LEADING_H1 = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>", re.DOTALL | re.IGNORECASE)


def _sources(value, page) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(
        isinstance(v, str) and v.strip() for v in values
    ):
        log.warning(
            "%s: front matter 'generated_from' must be a path or a list of paths, got %r",
            page.file.src_uri,
            value,
        )
        return []
    return [v.strip() for v in values]


def on_page_content(html_content, page, config, files):
    if "generated_from" not in page.meta:
        return html_content
    sources = _sources(page.meta["generated_from"], page)
    if not sources:
        return html_content
    codes = ", ".join(f"<code>{html.escape(s)}</code>" for s in sources)
    notice = f'<p class="md-generated-from">Generated from {codes}</p>\n'
    match = _LEADING_H1.match(html_content)
    at = match.end() if match else 0
    return html_content[:at] + "\n" + notice + html_content[at:]
