"""`build.py serve`: build, serve site/ on 127.0.0.1, rebuild on changes, reload the page.

Every HTML page it serves gets one extra ``<script src="/__live/reload.js">``
(the file is ``sitegen/live_reload.js``), injected into the response only: the
files in ``site/`` and the published build never contain it. The script polls
``/__live/state``; after a rebuild it reloads the page, and after a failed
rebuild it shows the build's problems (file:line) over the page, while the
server keeps serving the last good site.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..paths import PROJECT
from ..pipeline.site import BuildError, Options, build

CODE = (PROJECT / "sitegen", PROJECT / "calculator", PROJECT / "overrides", PROJECT / "hooks")
SUFFIXES = {".yaml", ".yml", ".md", ".j2", ".py", ".js", ".css", ".html"}
SCRIPT = Path(__file__).parent / "live_reload.js"
TAG = b'<script src="/__live/reload.js"></script>'
# Served as /sw.js in place of the site's service worker: a worker keeping
# copies of files that are being edited would show the old ones. This one
# removes itself and its copies (also those of a published build once opened
# on the same address).
RETIRING_SERVICE_WORKER = b"""// build.py serve: no service worker while editing.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.includes(self.registration.scope)) await caches.delete(name);
  }
  await self.registration.unregister();
})()));
"""
# "moved": editors that save by writing a temporary file and renaming it.
WRITES = {"created", "modified", "moved", "deleted", "closed"}


class BuildState:
    """What the open pages poll: a counter that moves on every rebuild, and the
    problems of the last one if it failed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.error: str | None = None

    def record(self, error: str | None) -> None:
        with self.lock:
            self.generation += 1
            self.error = error

    def as_dict(self) -> dict:
        with self.lock:
            return {"generation": self.generation, "error": self.error}

    def as_json(self) -> bytes:
        return json.dumps(self.as_dict()).encode()


# The one map of file types for every local server of the built site (this
# one, the benchmark's, the browser tests'): Pyodide refuses a .wasm not sent
# as application/wasm, and module scripts need a JavaScript type.
MIME_TYPES: dict[str, str] = {
    **http.server.SimpleHTTPRequestHandler.extensions_map,
    ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
    ".json": "application/json", ".css": "text/css", ".svg": "image/svg+xml",
}


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """The built site as files, with the MIME types Pyodide needs; quiet."""

    extensions_map: ClassVar[dict[str, str]] = MIME_TYPES

    def log_message(self, format: str, *args) -> None:  # quiet: rebuild output matters more
        pass


class LiveHandler(StaticHandler):
    """``serve``'s handler: the static site plus the live-reload script in each page."""

    def __init__(self, *args, state: BuildState, **kwargs) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        if route == "/__live/state":
            return self._send(self.state.as_json(), "application/json")
        if route == "/__live/reload.js":
            return self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if route == "/sw.js":
            return self._send(RETIRING_SERVICE_WORKER, "text/javascript; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir() or route.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            at = html.find(b"</head>")
            html = html[:at] + TAG + html[at:] if at >= 0 else html + TAG
            return self._send(html, "text/html; charset=utf-8")
        if path.suffix == ".html" and self.state.as_dict()["error"]:
            # No good build yet (the very first one failed): a blank page that
            # shows the problems and reloads once they are fixed.
            return self._send(b"<!doctype html><html lang=en><head><meta charset=utf-8>"
                              b"<title>Build failed</title>" + TAG + b"</head><body></body>"
                              b"</html>", "text/html; charset=utf-8")
        return super().do_GET()


class _Changes(FileSystemEventHandler):
    def __init__(self) -> None:
        self.pending = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Only writes: watchdog also reports files being opened and closed
        # unwritten, which every build does, and that would rebuild for ever.
        if event.event_type not in WRITES:
            return
        for name in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(str(name))
            if name and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                self.pending.set()


def _rebuild(options: Options, state: BuildState) -> None:
    try:
        summary = build(options)
    except BuildError as err:
        state.record(str(err))
        print(f"build failed; still serving the previous site:\n{err}", flush=True)
        return
    state.record(None)
    print(f"rebuilt {summary['pages']} pages in {summary['seconds']} s", flush=True)


def serve(options: Options, port: int = 8000) -> None:
    # .gz files only matter to real hosts; the compiled runtime is kept across
    # content edits (see runtime.compile_runtime): a rebuild takes about a second.
    # Staff editing the content see which file each page is made from, and the
    # drafts: `serve` is where staff look at an association before publishing it.
    options = replace(options, precompress=False, reuse_runtime=True, staff_notes=True,
                      drafts=True)
    state = BuildState()
    handler = functools.partial(LiveHandler, directory=str(options.site), state=state)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as err:
        raise SystemExit(f"error: cannot listen on 127.0.0.1:{port} ({err.strerror}); "
                         "choose another with --port") from None
    _rebuild(options, state)
    changes = _Changes()
    observer = Observer()
    for folder in (options.content, *CODE):
        if folder.exists():
            observer.schedule(changes, str(folder), recursive=True)
    observer.start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/ (Ctrl+C to stop); rebuilding on changes, "
          "reloading open pages.", flush=True)
    try:
        while True:
            if changes.pending.wait(timeout=1):
                time.sleep(0.2)  # let an editor finish writing
                changes.pending.clear()
                _rebuild(options, state)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
