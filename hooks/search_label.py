"""MkDocs hook: give the theme's search dialog an accessible name.

mkdocs-material renders ``<div class="md-search" ... role="dialog">`` with no
name, which Lighthouse and axe report ("ARIA dialog elements have no
accessible name"). The partial has no block to extend, so the attribute is
added to the rendered page; the build fails (strict warning) if the theme's
markup ever changes and the fix stops applying.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("mkdocs.hooks.search_label")

_DIALOG = re.compile(r'(<div class="md-search"[^>]*?role="dialog")(?![^>]*aria-label)')


def on_post_page(output, page, config):
    fixed, count = _DIALOG.subn(r'\1 aria-label="Search"', output, count=1)
    if count == 0 and 'class="md-search"' in output:
        log.warning("%s: the theme's search dialog markup changed; hooks/search_label.py "
                    "no longer names it", page.file.src_uri)
    return fixed
