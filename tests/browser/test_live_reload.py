"""`build.py serve` in Chromium: an edit reloads the open page with the new value,
a broken edit shows its file:line in the page, fixing it brings the page back.

The real command is started as a subprocess on a copy of content/ (edited
here, never the published content) and a site folder of its own."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser_helpers import Watch, csp_violations
from content_edits import correct_fs_processing_fee, replace_once
from engine_helpers import STATS

from sitegen.paths import PROJECT

IO = "infancy-onward"
RELOAD_WITHIN = 5.0  # seconds from saving the file to the new value in the open page
# The other waits are not the measured figure: long enough for a loaded machine.
SETTLE_WITHIN = 30.0
STATS.setdefault("live_reload_ms", [])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _state(base: str) -> dict:
    with urllib.request.urlopen(base + "__live/state", timeout=5) as response:
        return json.load(response)


@pytest.fixture
def served(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--content", str(content),
         "--site", str(tmp_path / "site"), "--port", str(port), "--date", "2026-11-25"],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180  # the first build may compile the runtime
    while True:
        try:
            if _state(base)["generation"] >= 1:
                break
        except OSError:
            pass
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "serve did not finish its first build"
        time.sleep(0.2)
    yield {"content": content, "base": base, "site": tmp_path / "site", "log":
           tmp_path / "serve.log"}
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def _wait(page, predicate, timeout: float) -> float:
    """Seconds until ``predicate(page)`` holds (page reloads in between are fine)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if predicate(page):
                return time.monotonic() - start
        except Exception:  # the page is between two documents
            pass
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def _fs_processing(page) -> str:
    row = page.locator("article table tr", has_text="Family Specialist").first
    return row.inner_text()


def test_edit_reloads_the_open_page_and_a_broken_edit_shows_where(served, new_context):
    ctx = new_context()
    page = ctx.new_page()
    watch = Watch().attach(page)
    page.goto(served["base"] + f"{IO}/fees.html")
    assert "$50" in _fs_processing(page)
    # The published files never carry the reload script: only the dev server's responses.
    assert "__live" not in (served["site"] / IO / "fees.html").read_text(encoding="utf-8")
    assert page.locator('script[src="/__live/reload.js"]').count() == 1

    correct_fs_processing_fee(served["content"], 65)
    took = _wait(page, lambda p: "$65" in _fs_processing(p), RELOAD_WITHIN)
    STATS["live_reload_ms"].append(round(took * 1000))

    fees = served["content"] / "associations" / IO / "fees.yaml"
    replace_once(fees, "2024-01-01: 15\n", "2024-01-01: fifteen\n")
    line = next(i for i, text in enumerate(fees.read_text().splitlines(), 1) if "fifteen" in text)
    panel = page.locator("#live-reload-problems")
    _wait(page, lambda p: panel.is_visible(), SETTLE_WITHIN)
    text = panel.inner_text()
    assert f"content/associations/{IO}/fees.yaml:{line}:" in text, text
    assert "fifteen" in text
    assert "$65" in _fs_processing(page)  # the last good build is still what is served

    replace_once(fees, "2024-01-01: fifteen\n", "2024-01-01: 15\n")
    _wait(page, lambda p: p.locator("#live-reload-problems").count() == 0
          and "$65" in _fs_processing(p), SETTLE_WITHIN)
    assert csp_violations(page) == []
    assert watch.console_errors == [] and watch.page_errors == []
    ctx.close()


def test_a_first_build_that_fails_shows_its_problems(tmp_path, new_context):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    (content / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--content", str(content),
         "--site", str(tmp_path / "site"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                if _state(base)["error"]:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.2)
        page = new_context().new_page()
        page.goto(base)
        panel = page.locator("#live-reload-problems")
        panel.wait_for(timeout=SETTLE_WITHIN * 1000)
        assert "content/facts.yaml:" in panel.inner_text()
        assert not (tmp_path / "site").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
