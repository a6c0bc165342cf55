"""The site's Content-Security-Policy, kept in this one place.

Three things send it: the ``<meta>`` at the top of every page
(``overrides/partials/csp.html`` prints ``config.extra.csp``, set by the build),
``deploy/_headers`` (Netlify, Cloudflare Pages) and ``deploy/nginx.conf``. The
two deploy files are generated from ``sitegen/templates/deploy/`` by every
build (``python build.py``), and a test fails when the committed copies differ
from what this module writes.

``frame-ancestors`` only works in a header (a ``<meta>`` policy ignores it with
a console error), so the page's policy leaves it out.
"""

from __future__ import annotations

from pathlib import Path

from ..generated import write_changed
from ..paths import PROJECT

TEMPLATES = Path(__file__).parent / "deploy"
DEPLOY = PROJECT / "deploy"
PLACEHOLDER = "@CONTENT_SECURITY_POLICY@"

# Why each source is allowed:
#   'wasm-unsafe-eval'  Pyodide compiles WebAssembly; it does not allow eval()/new Function
#   connect-src 'self'  the calculator's worker fetches the runtime and the rules JSON
#   style-src 'self'    no inline styles: theme.font is false, tables use align=""
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("worker-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'none'"),
)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)


def meta_policy() -> str:
    """The policy of the ``<meta http-equiv>`` in every page."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES)


def header_policy() -> str:
    """The policy sent as an HTTP header: the page's plus what only a header can say."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES + HEADER_ONLY)


def deploy_files() -> dict[str, str]:
    """File name -> text of every generated deploy file."""
    return {path.name: path.read_text(encoding="utf-8").replace(PLACEHOLDER, header_policy())
            for path in sorted(TEMPLATES.iterdir()) if path.is_file()}


def write_deploy_files(folder: Path = DEPLOY) -> list[Path]:
    """Write the deploy files that differ from what they should be; returns those written."""
    return write_changed(folder, deploy_files())
