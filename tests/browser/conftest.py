"""Fixtures for the browser tests: the real site, served over HTTP, in Debian's chromium.

- ``built_site``: the same session fixture as tests/site (imported from
  tests/site/conftest.py, so both build the site the same way);
- ``site_server`` / ``base_url``: that folder served by http.server on
  127.0.0.1 with an OS-chosen port, in a thread, by the build's own static
  handler (sitegen.staff.serve.StaticHandler: the MIME types the runtime
  needs, .wasm application/wasm, .mjs/.js text/javascript);
- ``browser``: one headless chromium for the session;
- ``new_context`` / ``context``: fresh browser contexts (no cache, no
  storage), with the instrumentation of browser_helpers.INIT_SCRIPT;
- ``calculators``: one booted calculator page per association, shared.

The tests are skipped only when /usr/bin/chromium is missing and the CI
environment variable is unset; under CI a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from browser_helpers import CHROMIUM, INIT_SCRIPT, LAUNCH_ARGS, Calculator, Watch

from sitegen.staff.serve import StaticHandler

HERE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location("_site_fixtures",
                                               HERE.parent / "site" / "conftest.py")
_site_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site_fixtures)
built_site = _site_fixtures.built_site  # the real site with the runtime, built once per session
BUILD_DATE = _site_fixtures.BUILD_DATE


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run)")
    pytest.skip(reason)


class _Handler(StaticHandler):
    log: ClassVar[list[str]] = []  # every request line the server received

    def log_request(self, code="-", size="-") -> None:
        type(self).log.append(self.requestline)


class Server:
    def __init__(self, root: Path):
        handler = type("Handler", (_Handler,), {"log": []})
        self.handler = handler
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def log(self) -> list[str]:
        return self.handler.log


@pytest.fixture(scope="session")
def served_site(request) -> Path:
    """The folder served: the session's build, or an already built site named by
    the BROWSER_TEST_SITE environment variable (to test a deployed build, or a
    deliberately broken copy when checking that these tests can fail)."""
    if os.environ.get("BROWSER_TEST_SITE"):
        return Path(os.environ["BROWSER_TEST_SITE"]).resolve()
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def site_server(served_site):
    server = Server(served_site)
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def base_url(site_server) -> str:
    return site_server.base_url


@pytest.fixture
def serve_folder():
    """Serves another folder (a copy of the site a test changes) on its own port."""
    servers = []

    def start(root: Path) -> Server:
        server = Server(root)
        server.thread.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _skip_or_fail(f"{CHROMIUM} is missing (sudo apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def new_context(browser):
    """Factory of instrumented contexts; each is closed at the end of the session
    at the latest (tests close theirs as soon as they are done)."""
    made = []

    def make(**kwargs):
        kwargs.setdefault("color_scheme", "light")
        # The site's service worker, and the 31 MB snapshot it lets the
        # calculator keep, only where a test is about them (test_second_visit.py
        # passes service_workers="allow"): every fresh context would otherwise
        # write its own copies while the timing-bound tests run.
        kwargs.setdefault("service_workers", "block")
        ctx = browser.new_context(**kwargs)
        ctx.add_init_script(INIT_SCRIPT)
        if kwargs["service_workers"] == "block":
            # Playwright's "block" only makes register() do nothing: the page
            # would still see navigator.serviceWorker, take its snapshot and
            # hold the 31 MB for a minute waiting for a worker that never
            # comes. Here the page sees what a browser without service
            # workers shows it: no such property.
            ctx.add_init_script("delete Navigator.prototype.serviceWorker;")
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        with contextlib.suppress(Exception):  # closed by its test already
            ctx.close()


@pytest.fixture(scope="session")
def calculators(new_context, base_url):
    """One booted calculator page per association, shared by the tests that
    only fill the form and read answers (each starts with calc.reset()): a
    cold boot costs 5-10 s. calc.watch holds the page's console errors."""
    opened: dict[str, Calculator] = {}

    def get(slug: str) -> Calculator:
        if slug not in opened:
            page = new_context().new_page()
            watch = Watch().attach(page)
            opened[slug] = Calculator(page, base_url, slug).open()
            opened[slug].watch = watch
        return opened[slug]

    return get


@pytest.fixture
def context(new_context):
    ctx = new_context()
    yield ctx
    ctx.close()


def html_pages(site: Path) -> list[str]:
    """Every generated page of both associations and the landing page
    (404.html and the helper pages under assets/ excluded), as site paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and p.relative_to(site).parts[0] not in
                  ("assets", "search"))


@pytest.fixture(scope="session")
def pages(served_site) -> list[str]:
    found = html_pages(served_site)
    assert "index.html" in found and len(found) >= 20, found
    return found
