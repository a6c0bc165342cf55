"""MkDocs hook: "Generated from <source file>" notice, for staff.

A page whose front matter has

    generated_from: content/associations/<slug>/<file>.yaml

(or a list of such paths) gets a small line at the end of its content that
tells staff which file to edit, only in a build for staff: ``build.py serve``
(the dev server) sets ``Options.staff_notes``, which sitegen/site.py passes as
``extra.staff_notes``. A normal or published build never shows it to
applicants (issue 16, item 10); the front matter is read, and checked, in
every build all the same. Values are HTML-escaped. A value that is not a string or
a list of strings is a warning, i.e. a build failure under `strict`.
"""

from __future__ import annotations

import html
import logging

log = logging.getLogger("mkdocs.hooks.generated_from")


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
    if not sources or not config.extra.get("staff_notes"):
        return html_content
    codes = ", ".join(f"<code>{html.escape(s)}</code>" for s in sources)
    which = "that file" if len(sources) == 1 else "those files"
    notice = (f'<p class="md-generated-from">For association staff: this page is made from '
              f"{codes}; change it by editing {which}.</p>\n")
    return html_content + "\n" + notice
