"""The site's service worker: sw.js at the root of the built site.

It keeps the calculator's runtime (Pyodide, the standard library, the engine),
the page scripts and the theme's assets in the browser's Cache Storage once
the calculator has answered, so a second visit downloads none of them and a
visited page works offline (sitegen/static/site/service_worker.js says how).

The build writes the list of those files, and a version made from their
bytes, into the script: any change to a kept file changes sw.js, and the
browser, which checks sw.js on every visit, replaces the old copies.
"""

from __future__ import annotations

import json
from pathlib import Path

from .runtime import GLUE, digest, glue_version

TEMPLATE = Path(__file__).parent / "static" / "site" / "service_worker.js"
PLACEHOLDER = 'const BUILD = { version: "unbuilt", files: [] };'
NAME = "sw.js"
# Kept ahead: what the calculator page needs besides its HTML and its rules,
# which always come from the network first (see the script).
KEPT = ("assets/pyodide/**/*", "assets/calculator/*.js", "assets/calculator/*.css",
        "assets/calculator/*.zip",
        "assets/javascripts/bundle.*.min.js", "assets/stylesheets/*.css",
        "assets/site/**/*.js", "assets/site/**/*.css", "assets/images/*")
NOT_KEPT = {".br", ".gz", ".map"}  # the browser never asks for these by name


def kept_files(site: Path) -> list[str]:
    """URLs (relative to the site root) of the files sw.js keeps ahead; the
    page's own scripts and styles with the ?v= the pages ask for them with."""
    files = {path for pattern in KEPT for path in site.glob(pattern)
             if path.is_file() and path.suffix not in NOT_KEPT}
    calc = site / "assets" / "calculator"
    version = f"?v={glue_version(calc)}" if calc.is_dir() else ""
    return sorted(path.relative_to(site).as_posix()
                  + (version if path.parent == calc and path.suffix in GLUE else "")
                  for path in files)


def script(site: Path) -> str:
    files = kept_files(site)
    version = digest([(name, site / name.split("?")[0]) for name in files])
    build = {"version": version, "files": files}
    text = TEMPLATE.read_text(encoding="utf-8")
    if PLACEHOLDER not in text:
        raise AssertionError(f"{TEMPLATE} lost its line {PLACEHOLDER!r}")
    return text.replace(PLACEHOLDER, f"const BUILD = {json.dumps(build, indent=1)};")


def write(site: Path) -> Path:
    target = site / NAME
    target.write_text(script(site), encoding="utf-8")
    return target
