"""MkDocs hook: fail the (strict) build on markup that the site's CSP blocks.

The CSP (overrides/partials/csp.html) has no 'unsafe-inline', so in a rendered
page these would be refused by the browser, with a console error:
  - <script> without src (except the theme's type="application/json" data),
  - <style> elements, style="..." attributes, on*="..." event handler
    attributes, javascript: URLs.
Each is reported as a warning, which `strict: true` turns into a failure.
Code shown in pages is HTML-escaped, so it does not match.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("mkdocs.hooks.csp_guard")

_TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(
    r"<[a-zA-Z][^<>]*?\s(style|on[a-z]+)\s*=|\b(?:href|src)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)


def on_post_page(output, page, config):
    problems = []
    for match in _TAG.finditer(output):
        name, attrs = match.group(1).lower(), match.group(2)
        if name == "style":
            problems.append("<style> element")
        elif not re.search(r"\ssrc\s*=", attrs) and not re.search(
            r"""\stype\s*=\s*["']?application/(?:ld\+)?json""", attrs, re.IGNORECASE
        ):
            problems.append("inline <script>")
    for match in _ATTR.finditer(output):
        what = match.group(1)
        problems.append(f"{what}= attribute" if what else "javascript: URL")
    for problem in sorted(set(problems)):
        log.warning(
            "%s: %s, blocked by the Content-Security-Policy (no 'unsafe-inline'); "
            "use a file served from the site instead",
            page.file.src_uri,
            problem,
        )
    return output
