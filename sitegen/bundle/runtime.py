"""Bundle what the in-browser calculator needs into the site, and nothing more.

- the Pyodide core files from the pinned npm package (node_modules/pyodide):
  the loader and the WebAssembly runtime;
- the standard library cut down to the modules Pyodide's bootstrap and the
  engine import (measured, then verified, by compile_runtime.mjs), and the
  ``calculator`` engine (no YAML edge, no command line), both compiled to
  .pyc by Pyodide's own CPython at build time (compile_runtime.mjs): the
  browser then skips compiling Python source on every visit;
- the page glue (app.js and the modules it imports, worker.js, calculator.css),
  each import between the modules given the page's ?v= version (``versioned``);
- the runtime manifest the calculator page carries (``bundle``'s return value,
  written by overrides/main.html into boot.js's ``data-runtime``): where each
  file is, its raw and brotli sizes for a progress bar that counts the bytes
  that travel, the snapshot key.

Every file the worker loads has a name that changes with its bytes: the Pyodide
files sit in a folder named after Pyodide's version, the standard library and
the engine carry a hash of their bytes. The page itself (always fetched from
the network first by the service worker) names them, so a browser that kept
older copies can never mix them with newer rules.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .. import buildcache
from ..errors import RuntimeMissing
from ..paths import PROJECT
from . import compression

PYODIDE = PROJECT / "node_modules" / "pyodide"
STATIC = Path(__file__).parent / "static" / "calculator"
ENGINE = PROJECT / "calculator"
# The YAML edge and the command line never run in the browser.
NOT_IN_BROWSER = {"contentfiles", "edges/cli.py", "__main__.py"}
# The core runtime as shipped; python_stdlib.zip comes from compile_runtime().
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# Where the calculator page finds the runtime, from the site root (+ version/).
PYODIDE_FOLDER = "assets/pyodide/"
COMPILER = Path(__file__).parent / "compile_runtime.mjs"
GLUE = {".js", ".css"}  # the page's own files in assets/calculator/ (glue_version)
# An import between the page's modules, as written in static/calculator/
# (`from "./form.js"`, `import "./x.js"`), and as the build writes it
# (`from "./form.js?v=<glue_version>"`).
MODULE_IMPORT = re.compile(r"""(\b(?:from|import)\s*["'])(\./[\w.-]+\.js)(["'])""")
VERSIONED_IMPORT = re.compile(rb"""(\b(?:from|import)\s*["']\./[\w.-]+\.js)\?v=[0-9a-f]+(["'])""")
CACHE = PROJECT / "build" / "runtime-cache"


def pyodide_info() -> dict:
    lock = PYODIDE / "pyodide-lock.json"
    if not lock.exists():
        raise RuntimeMissing(
            "node_modules/pyodide is missing: run `npm ci` (./dev setup does) to install the "
            "pinned Pyodide runtime.")
    return json.loads(lock.read_text(encoding="utf-8"))["info"]


def browser_files() -> list[Path]:
    """The engine's source files the browser gets: all but NOT_IN_BROWSER."""
    def shipped(rel: Path) -> bool:
        return not (rel.parts[0] in NOT_IN_BROWSER or rel.as_posix() in NOT_IN_BROWSER
                    or "__pycache__" in rel.parts)
    return [p for p in sorted(ENGINE.rglob("*.py")) if shipped(p.relative_to(ENGINE))]


def engine_zip() -> bytes:
    """The engine package as a zip with fixed timestamps (same input, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in browser_files():
            rel = path.relative_to(ENGINE)
            info = zipfile.ZipInfo(f"calculator/{rel.as_posix()}", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def compile_runtime(training: list[dict], cache: Path = CACHE, reuse: bool = False) -> Path:
    """Run compile_runtime.mjs (Pyodide under Node) unless its result is cached.

    Returns the folder holding python_stdlib.zip (only the modules the engine
    uses, as .pyc), calculator.zip (the engine as .pyc) and modules.json.

    ``reuse`` (``build.py serve`` only): when only the content changed, take the
    runtime last compiled for this very engine instead of compiling again (3-6 s
    per edit). The published build never reuses: its standard library is cut to
    what its own content's examples reach.
    """
    info = pyodide_info()
    source = engine_zip()
    training_json = json.dumps(training, sort_keys=True).encode()
    engine_key = hashlib.sha256(json.dumps(info, sort_keys=True).encode() + source
                                + COMPILER.read_bytes()).hexdigest()[:16]
    key = hashlib.sha256(json.dumps(info, sort_keys=True).encode() + source + training_json
                         + COMPILER.read_bytes()).hexdigest()[:16]
    folder = cache / key
    latest = cache / f"latest-for-engine-{engine_key}"
    if (folder / "modules.json").exists():
        return buildcache.used(folder)
    if reuse and latest.exists():
        previous = cache / buildcache.used(latest).read_text(encoding="utf-8").strip()
        if (previous / "modules.json").exists():
            return buildcache.used(previous)
    # The first build on a machine (or after the engine or examples change)
    # pays for this; say so rather than sit silent for several seconds.
    print("preparing the in-browser Python runtime (once per engine and examples, "
          "a few seconds)...", file=sys.stderr, flush=True)
    node = shutil.which("node")
    if node is None:
        raise RuntimeMissing("Node.js is needed to prepare the in-browser Python runtime; "
                             "install Node.js 20 (./dev setup expects it).")
    work = Path(tempfile.mkdtemp(prefix="runtime-", dir=cache.parent if cache.parent.exists()
                                 else None))
    try:
        (work / "engine.zip").write_bytes(source)
        (work / "training.json").write_bytes(training_json)
        out = work / "out"
        run = subprocess.run([node, str(COMPILER), str(PYODIDE), str(work / "engine.zip"),
                              str(work / "training.json"), str(out)],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeMissing("compiling the in-browser runtime failed:\n"
                                 + (run.stderr or run.stdout)[-3000:])
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.move(str(out), folder)
        latest.write_text(key, encoding="utf-8")
        buildcache.used(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    buildcache.prune(cache)  # runtimes compiled for content and engines long gone
    return folder


def bundle(assets: Path, training: list[dict], reuse: bool = False) -> dict:
    """Copy the runtime into ``assets`` and return the page's runtime manifest
    (paths relative to the site root)."""
    info = pyodide_info()
    python = ".".join(info["python"].split(".")[:2])
    compiled = compile_runtime(training, reuse=reuse)
    version = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    folder = f"{PYODIDE_FOLDER}{version}/"
    target = assets.parent / folder
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(PYODIDE / name, target / name)
    # The standard library trimmed to what the engine imports, precompiled.
    stdlib = _hashed(compiled / "python_stdlib.zip", target, "python_stdlib")
    calc = assets / "calculator"
    calc.mkdir(parents=True, exist_ok=True)
    glue = glue_version(STATIC)
    for path in STATIC.iterdir():
        if path.suffix == ".js":
            (calc / path.name).write_text(versioned(path.read_text(encoding="utf-8"), glue),
                                          encoding="utf-8")
        else:
            shutil.copyfile(path, calc / path.name)
    if glue_version(calc) != glue:
        raise AssertionError(f"{calc}: the page's files are not those of {STATIC}")
    package = _hashed(compiled / "calculator.zip", calc, "calculator")
    fetched = [target / n for n in PYODIDE_FILES] + [stdlib, package]
    site = assets.parent
    return {
        # Per file: its bytes, and the bytes a brotli-serving host sends for it
        # (the .br the build writes beside it). The worker's progress counts
        # what travels: each response's own Content-Length once it has
        # arrived; these brotli sizes only until then (or when a host sends no
        # length). ``build.py serve`` (reuse) sends files raw, and says so.
        "files": {p.relative_to(site).as_posix(): {
            "raw": p.stat().st_size,
            "br": p.stat().st_size if reuse else len(compression.compressed(p.read_bytes(), ".br")),
        } for p in fetched},
        "pyodide": folder,
        "stdlib": stdlib.relative_to(site).as_posix(),
        "package": package.relative_to(site).as_posix(),
        "lock_info": info,
        "extract_dir": f"/lib/python{python}/site-packages",
        "total_bytes": sum(p.stat().st_size for p in fetched),
        # Loaded with import(), whose bytes a worker cannot count as they
        # arrive: counted whole when each module has loaded.
        "module_bytes": {n: (target / n).stat().st_size for n in PYODIDE_FILES
                         if n.endswith(".mjs")},
        # Names the memory snapshot a browser keeps after its first visit
        # (worker.js): a snapshot is only valid for these very files.
        "snapshot": digest([(p.name, p) for p in [*fetched, calc / "worker.js"]]),
        "glue": glue,
    }


def glue_version(calc: Path) -> str:
    """The version of the page's own scripts and styles in ``calc``
    (assets/calculator/, or static/calculator/ before the build): the page
    asks for them as ``name?v=<this>``, the modules import each other with the
    same ``?v=`` (``versioned``), and the service worker keeps exactly those
    URLs, so a page never runs with scripts of an older build that a browser
    kept, nor with modules of two builds.

    Made from the files as written (the ``?v=`` the build adds to imports is
    left out), so the built folder and its source have the same version."""
    hashed = hashlib.sha256()
    for path in sorted(calc.iterdir()):
        if path.suffix in GLUE:
            hashed.update(path.name.encode() + b"\0"
                          + VERSIONED_IMPORT.sub(rb"\1\2", path.read_bytes()))
    return hashed.hexdigest()[:16]


def versioned(script: str, version: str) -> str:
    """``script`` with each import of a module beside it asking for that
    module's ``?v=version`` URL: relative imports carry no query of their own,
    and an ES module cannot add one at run time without eval (which the CSP
    forbids) or an import map (an inline script, also forbidden)."""
    return MODULE_IMPORT.sub(lambda m: f"{m[1]}{m[2]}?v={version}{m[3]}", script)


def _hashed(source: Path, folder: Path, stem: str) -> Path:
    data = source.read_bytes()
    target = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.zip"
    target.write_bytes(data)
    return target


def digest(files: list[tuple[str, Path]]) -> str:
    """A short version of files: their names and bytes, in the order given."""
    hashed = hashlib.sha256()
    for name, path in files:
        hashed.update(name.encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()[:16]
