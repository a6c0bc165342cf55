"""MkDocs hook: search when the site is opened from file:// (no server).

Material's theme bundle, on file://, loads the search index as a script,
search/search_index.js, defining `__index` (fetch() cannot read files). This
writes that file next to search/search_index.json, which is what Material's
`offline` plugin does; the plugin itself is not used (see mkdocs.yml). The
worker stand-in is overrides/assets/site/file-worker.js.
"""

from __future__ import annotations

import os

from mkdocs.plugins import event_priority


@event_priority(-100)  # after the search plugin has written the JSON index
def on_post_build(config):
    folder = os.path.join(config.site_dir, "search")
    source = os.path.join(folder, "search_index.json")
    if not os.path.isfile(source):
        return
    with open(source, encoding="utf-8") as f:
        data = f.read()
    with open(os.path.join(folder, "search_index.js"), "w", encoding="utf-8") as f:
        f.write(f"var __index = {data}")
