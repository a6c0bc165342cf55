"""Lighthouse (the pinned npm package, Debian's Chromium, mobile profile)
scores 100 for accessibility, best practices and SEO on the calculator and on
one page of every kind of informational page (issue 10), and the pages whose
tables stack on a phone again at 360 px wide (issue 16).

The site is served as a host serves it: each file's precompressed ``.gz``
(written by build.py) with ``Content-Encoding: gzip`` when the browser accepts
it. One Chromium, one Lighthouse run per page kind, to keep CI fast.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, LAUNCH_ARGS, ROOT
from engine_helpers import STATS

from sitegen.staff.serve import StaticHandler

RUNNER = ROOT / "tests" / "lighthouse" / "run.mjs"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")

# One page of each kind the site has.
KINDS = {
    "landing": "index.html",
    "association": "infancy-onward/index.html",
    "category": "infancy-onward/categories/family_specialist.html",
    "add-on": "infancy-onward/categories/ers.html",
    "compare": "infancy-onward/compare.html",
    "fees": "infancy-onward/fees.html",
    "renewal": "infancy-onward/renewal.html",
    "prose": "infancy-onward/apply.html",
    "calculator": "infancy-onward/calculator.html",
    "calculator without fees or renewal": "aimh-example/calculator.html",
    # Each route of the calculator (issue 16): the address opens it.
    "calculator, renewal route": "infancy-onward/calculator.html#route=renew",
    "calculator, several staff route": "infancy-onward/calculator.html#route=agency",
}
# The pages whose tables stack on a phone (issue 16, item 9), again on a 360 px
# wide screen (Lighthouse's own mobile screen is 412 px).
PHONE = 360
AT_360 = {f"{kind} at {PHONE} px": path for kind, path in (
    ("association", "infancy-onward/index.html"),
    ("compare", "infancy-onward/compare.html"),
    ("compare, second association", "aimh-example/compare.html"),
    ("fees", "infancy-onward/fees.html"),
    ("renewal", "infancy-onward/renewal.html"),
    ("what's changing", "infancy-onward/changes.html"),
    ("calculator", "infancy-onward/calculator.html"),
    ("calculator, renewal route", "infancy-onward/calculator.html#route=renew"),
)}


class _Compressed(StaticHandler):
    """Sends file.gz with Content-Encoding: gzip when it exists and the client
    accepts gzip, as a static host does (deploy/nginx.conf: gzip_static)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        gz = path.with_name(path.name + ".gz")
        if "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file() and gz.is_file():
            body = gz.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


@pytest.fixture(scope="module")
def compressed_url(served_site):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Compressed, directory=str(served_site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def lighthouse(compressed_url, served_site):
    if not LIGHTHOUSE.is_dir() or not shutil.which("node"):
        pytest.fail("the pinned lighthouse package is missing: run ./dev setup (npm ci)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    for path in [*KINDS.values(), *AT_360.values()]:
        assert (served_site / path.partition("#")[0]).is_file(), path
    urls = [compressed_url + path for path in KINDS.values()]
    phone_urls = [compressed_url + path for path in AT_360.values()]
    run = subprocess.run(["node", str(RUNNER), *urls, f"--width={PHONE}", *phone_urls],
                         capture_output=True, text=True,
                         timeout=900, env={**os.environ, "CHROME_PATH": str(CHROMIUM),
                                                "CHROME_FLAGS": json.dumps(LAUNCH_ARGS)},
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert [r["url"] for r in results] == urls + phone_urls, run.stdout[-3000:]
    assert [r["width"] for r in results[len(urls):]] == [PHONE] * len(phone_urls)
    return {kind: result for kind, result in zip([*KINDS, *AT_360], results, strict=True)}


@pytest.mark.parametrize("kind", [*KINDS, *AT_360])
def test_lighthouse_scores_100(lighthouse, kind):
    result = lighthouse[kind]
    assert result["runtimeError"] is None, result["runtimeError"]
    low = {c: s for c, s in result["scores"].items() if s != 100}
    STATS["lighthouse_pages"] += 1
    STATS["lighthouse_pages_below_100"] += bool(low)
    print(f"lighthouse {kind}: {result['scores']}")
    assert not low, f"{result['url']}: {low}; failing audits: {result['failed']}"
    assert set(result["scores"]) == set(CATEGORIES)
