"""Bundle what the in-browser calculator needs into the site, and nothing more.

- the Pyodide core files from the pinned npm package (node_modules/pyodide):
  the loader, the WebAssembly runtime and the standard library;
- the ``calculator`` engine as a zip (the engine modules only: no YAML edge,
  no command line), unpacked into site-packages by the worker;
- the page glue (app.js, worker.js, calculator.css);
- ``runtime.json``: file names and byte sizes, so the page can show a real
  download progress bar and the worker knows where everything is.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYODIDE = PROJECT / "node_modules" / "pyodide"
STATIC = Path(__file__).parent / "static" / "calculator"
ENGINE = PROJECT / "calculator"
# The YAML edge and the command line never run in the browser.
NOT_IN_BROWSER = {"contentfiles", "cli.py", "__main__.py"}
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
COMPRESSIBLE = {".js", ".mjs", ".wasm", ".json", ".css", ".html", ".svg", ".xml", ".txt", ".zip"}


class RuntimeMissing(Exception):
    pass


def pyodide_info() -> dict:
    lock = PYODIDE / "pyodide-lock.json"
    if not lock.exists():
        raise RuntimeMissing(
            "node_modules/pyodide is missing: run `npm ci` (./dev setup does) to install the "
            "pinned Pyodide runtime.")
    return json.loads(lock.read_text(encoding="utf-8"))["info"]


def engine_zip() -> bytes:
    """The engine package as a zip with fixed timestamps (same input, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(ENGINE.rglob("*.py")):
            rel = path.relative_to(ENGINE)
            if rel.parts[0] in NOT_IN_BROWSER or "__pycache__" in rel.parts:
                continue
            info = zipfile.ZipInfo(f"calculator/{rel.as_posix()}", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def bundle(assets: Path) -> dict:
    info = pyodide_info()
    python = ".".join(info["python"].split(".")[:2])
    target = assets / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(PYODIDE / name, target / name)
    calc = assets / "calculator"
    calc.mkdir(parents=True, exist_ok=True)
    for path in STATIC.iterdir():
        shutil.copyfile(path, calc / path.name)
    package = engine_zip()
    # Content-hashed name: a changed engine is never served from a stale cache.
    package_name = f"calculator-{hashlib.sha256(package).hexdigest()[:12]}.zip"
    (calc / package_name).write_bytes(package)
    fetched = [target / n for n in PYODIDE_FILES] + [calc / package_name]
    manifest = {
        "pyodide": {
            "version": info.get("version", ""),
            "module": "../pyodide/pyodide.mjs",
            "index": "../pyodide/",
            "stdlib": "../pyodide/python_stdlib.zip",
            "lock_info": info,
        },
        "python": python,
        "package": package_name,
        "extract_dir": f"/lib/python{python}/site-packages",
        "snapshot": None,
        "total_bytes": sum(p.stat().st_size for p in fetched),
    }
    (calc / "runtime.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def precompress(site: Path, minimum: int = 1024) -> int:
    """Write .gz beside each compressible file for hosts that serve precompressed
    files (nginx gzip_static, most CDNs); returns the number written."""
    written = 0
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.stat().st_size < minimum:
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data) * 0.9:
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
    return written
