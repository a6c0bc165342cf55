"""The staff editor at /admin/ (issue 17, item 1), in Chromium against a local
git repository through Decap's own local backend (decap-server, MODE=git).

A staff member opens INfancy Onward's fees, adds a processing fee of $75 from
2027-07-01 with its reference, and saves. The result must be a commit on a
review branch (main untouched) whose diff is that value only, whose content
passes `build.py check`, and whose `build.py changes` names the change.
Screenshots of the editor at 1280 and 360 px go to test-screenshots/.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from engine_helpers import STATS

from sitegen.pipeline.site import PROJECT
from sitegen.staff import admin, editor

SHOTS = PROJECT / "test-screenshots"
BRANCH = "cms/infancy-onward/fees"
FS_PROCESSING = '"Processing Fee", IFS/ECFS'


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.email=staff@example.org",
                           "-c", "user.name=Staff", *args], check=True, capture_output=True,
                          text=True).stdout


def build_py(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args],
                          capture_output=True, text=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding a copy of content/ in the editor's form, on main."""
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "content", root / "content")
    formatted = build_py("format", "--content", str(root / "content"))
    assert formatted.returncode == 0, formatted.stderr
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "content")
    git(root, "commit", "-qm", "content as published")
    return root


@pytest.fixture
def staff_editor(repo, tmp_path):
    backend_port, port = free_port(), free_port()
    folder = admin.write(tmp_path / "admin", repo / "content", repo,
                         f"http://127.0.0.1:{backend_port}/api/v1", "main")
    backend = editor.start_backend(repo, backend_port)
    server = editor.make_server(folder, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{port}/admin/",
           "hosts": {f"127.0.0.1:{port}", f"127.0.0.1:{backend_port}"}}
    server.shutdown()
    server.server_close()
    backend.terminate()
    backend.wait(10)


def _open_fees(page, url: str):
    page.goto(url)
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("text=INfancy Onward")
    started = time.perf_counter()
    page.goto(url + "#/collections/infancy-onward/entries/fees")
    page.wait_for_selector("[data-dated='reference']")
    STATS["editor_form_ms"] = round((time.perf_counter() - started) * 1000)
    # The Family Specialist's processing fee: the widget whose first reference
    # is the booklet's IFS/ECFS processing fee.
    widget = page.locator(".dated").filter(
        has=page.locator(f"input[data-dated='reference'][value*='{FS_PROCESSING}']"))
    assert widget.count() == 1
    return widget


def test_a_dated_fee_change_from_the_browser_is_a_reviewable_commit(
        repo, staff_editor, new_context):
    main_before = git(repo, "rev-parse", "main").strip()
    ctx = new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    widget = _open_fees(page, staff_editor["url"])
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-fees-1280.png"))

    widget.locator("[data-dated='add']").click()
    row = widget.locator("tr[data-row='1']")
    row.locator("[data-dated='date']").fill("2027-07-01")
    row.locator("[data-dated='value']").fill("75")
    row.locator("[data-dated='reference']").fill("Board decision of 2026-09-12")
    widget.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "admin-fees-new-row-1280.png"))
    started = time.perf_counter()
    page.get_by_role("button", name="Save").first.click()
    deadline = time.monotonic() + 30
    while BRANCH not in git(repo, "branch", "--list", BRANCH):
        assert time.monotonic() < deadline, "no review branch after saving"
        time.sleep(0.05)
    STATS["editor_save_to_commit_ms"] = round((time.perf_counter() - started) * 1000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "admin-fees-saved-1280.png"))
    ctx.close()

    # Published branch untouched: the change waits for review on its branch.
    assert git(repo, "rev-parse", "main").strip() == main_before
    diff = git(repo, "diff", "main", BRANCH)
    assert git(repo, "diff", "--name-only", "main", BRANCH).split() == [
        "content/associations/infancy-onward/fees.yaml"]
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not
             ln.startswith("+++")]
    removed = [ln for ln in diff.splitlines() if ln.startswith("-") and not
               ln.startswith("---")]
    assert removed == [], diff
    assert added == ["        2027-07-01:", "          value: 75",
                     "          reference: Board decision of 2026-09-12"], diff
    # Only the Family Specialist's processing fee: the lines sit under it.
    text = git(repo, "show", f"{BRANCH}:content/associations/infancy-onward/fees.yaml")
    block = text[text.index("  family_specialist:"):text.index("  mental_health_specialist:")]
    assert ('    processing:\n      reference: Booklet, step 1 fee table, "Processing Fee", '
            "IFS/ECFS\n      values:\n        2024-01-01: 50\n        2027-07-01:\n"
            "          value: 75\n") in block, block
    # Nothing but the editor's own server and the local backend was asked.
    assert hosts <= staff_editor["hosts"], hosts

    # The branch's content passes check, and changes names the change.
    worktree = repo.parent / "review"
    git(repo, "worktree", "add", "-q", str(worktree), BRANCH)
    check = build_py("check", "--content", str(worktree / "content"))
    assert check.returncode == 0, check.stderr
    changes = subprocess.run([sys.executable, str(PROJECT / "build.py"), "changes",
                              "--content", str(worktree / "content"), "--since", "main",
                              "--date", "2026-12-01"], capture_output=True, text=True)
    assert changes.returncode == 0, changes.stderr
    assert ("Family Specialist processing fee: $50 → $75 from 2027-07-01; reference: Board "
            "decision of 2026-09-12") in changes.stdout
    assert "infancy-onward/fees.html (Fees)" in changes.stdout


def test_the_editor_on_a_phone(repo, staff_editor, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = ctx.new_page()
    widget = _open_fees(page, staff_editor["url"])
    widget.scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-fees-360.png"))
    # Each row's three boxes stack: none is wider than the screen.
    for box in widget.locator("input[type='text']").all():
        rect = box.bounding_box()
        assert rect and rect["x"] >= 0 and rect["x"] + rect["width"] <= 360 + 1, rect
    # Saving is possible: the Save button is on the screen.
    save = page.get_by_role("button", name="Save").first.bounding_box()
    assert save and save["x"] >= 0 and save["x"] + save["width"] <= 361, save
    ctx.close()
