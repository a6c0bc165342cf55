"""`build.py editor`: the staff editor at http://127.0.0.1:8080/admin/.

Writes the editor (sitegen/admin.py) into ``build/admin/``, starts Decap's
local backend ``decap-server`` in git mode on the repository (each save is a
commit on a branch ``cms/<association>/<file>``, never on the published
branch) and serves ``/admin/`` on 127.0.0.1. Nothing leaves this machine:
Decap's files come from node_modules, and the backend is local.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar

from ..paths import PROJECT
from . import admin
from .serve import MIME_TYPES

SERVER = PROJECT / "node_modules" / "decap-server" / "dist" / "index.js"


def current_branch(repo: Path) -> str:
    found = subprocess.run(["git", "-C", str(repo), "rev-parse", "--abbrev-ref", "HEAD"],
                           capture_output=True, text=True, check=False)
    name = found.stdout.strip()
    return name if found.returncode == 0 and name and name != "HEAD" else "main"


def start_backend(repo: Path, port: int) -> subprocess.Popen:
    """decap-server in git mode on ``repo``, on 127.0.0.1:``port``; returns once
    it answers."""
    if not SERVER.exists():
        raise FileNotFoundError(f"{SERVER} is missing: run ./dev setup (npm ci)")
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo.resolve()),
           "PORT": str(port), "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["node", str(SERVER)], env=env, cwd=str(repo))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server stopped at once (exit {process.returncode})")
        # Any HTTP answer (even a refusal of a GET) means it is listening.
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1", timeout=1)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("decap-server did not answer within 30 s")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**MIME_TYPES, ".yml": "text/yaml"}

    def do_GET(self) -> None:
        if self.path in ("/", "/admin"):
            self.send_response(302)
            self.send_header("Location", "/admin/")
            self.end_headers()
            return
        if not self.path.startswith("/admin/"):
            self.send_error(404, "The staff tools serve the editor at /admin/ only")
            return
        self.path = self.path[len("/admin"):]
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


def make_server(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Handler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def run(repo: Path, content: Path, port: int = 8080, backend_port: int = 8081,
        branch: str | None = None) -> None:
    branch = branch or current_branch(repo)
    folder = admin.write(PROJECT / "build" / "admin", content, repo,
                         f"http://127.0.0.1:{backend_port}/api/v1", branch)
    backend = start_backend(repo, backend_port)
    server = make_server(folder, port)
    print(f"Staff editor: http://127.0.0.1:{port}/admin/ (edits go to branches "
          f"cms/... of {repo}, for review before they reach '{branch}'). Ctrl+C stops it.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.terminate()
        backend.wait(10)
