"""`build.py serve`: build, serve site/ on 127.0.0.1, rebuild when content changes.

A failed rebuild prints its problems and keeps serving the last good site.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import ClassVar

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .site import PROJECT, BuildError, Options, build

WATCHED = (PROJECT / "content", PROJECT / "sitegen", PROJECT / "calculator",
           PROJECT / "overrides", PROJECT / "hooks")
SUFFIXES = {".yaml", ".yml", ".md", ".j2", ".py", ".js", ".css", ".html"}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript",
        ".js": "text/javascript", ".json": "application/json",
    }

    def log_message(self, format: str, *args) -> None:  # quiet: rebuild output matters more
        pass


class _Changes(FileSystemEventHandler):
    def __init__(self) -> None:
        self.pending = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = Path(str(event.src_path))
        if path.suffix in SUFFIXES and "__pycache__" not in path.parts:
            self.pending.set()


def _rebuild(options: Options) -> None:
    try:
        summary = build(options)
        print(f"rebuilt {summary['pages']} pages in {summary['seconds']} s", flush=True)
    except BuildError as err:
        print(f"build failed; still serving the previous site:\n{err}", flush=True)


def serve(options: Options, port: int = 8000) -> None:
    _rebuild(options)
    changes = _Changes()
    observer = Observer()
    for folder in WATCHED:
        if folder.exists():
            observer.schedule(changes, str(folder), recursive=True)
    observer.start()
    handler = functools.partial(QuietHandler, directory=str(options.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/ (Ctrl+C to stop); rebuilding on changes.",
          flush=True)
    try:
        while True:
            if changes.pending.wait(timeout=1):
                time.sleep(0.3)  # let an editor finish writing
                changes.pending.clear()
                _rebuild(options)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
