"""The standard library shipped to the browser covers what the engine imports.

The build ships only the modules measured in Pyodide (sitegen/compile_runtime.mjs:
its bootstrap, the engine running every training request, a small margin) and
verifies the trimmed runtime gives the same answers. That measurement only sees
the paths the training walks, so these tests look at the engine from two more
sides, against the python_stdlib.zip the build makes:

- its source: every standard-library module any engine file imports, at any
  depth (an import inside a rarely called function included), must be shipped
  or be compiled into Pyodide; an import guarded by ``except ImportError`` is
  optional by design (schema.py's difflib) and so exempt;
- CPython's own account: ``python -X importtime`` running the engine over the
  same requests lists every module imported, transitively; each standard-library
  one must be shipped or compiled into Pyodide.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

from engine_helpers import ROOT, content

from sitegen.bundle import runtime
from sitegen.pipeline.site import training_requests

ENGINE = ROOT / "calculator"


@cache
def _compiled() -> Path:
    return runtime.compile_runtime(training_requests(content()))  # cached by the build


@cache
def _shipped() -> set[str]:
    """Module names in the trimmed python_stdlib.zip the build ships."""
    with zipfile.ZipFile(_compiled() / "python_stdlib.zip") as archive:
        names = archive.namelist()
    return {re.sub(r"(/__init__)?\.pyc$", "", n).replace("/", ".") for n in names}


@cache
def _record() -> dict:
    return json.loads((_compiled() / "modules.json").read_text(encoding="utf-8"))


def _available(module: str) -> bool:
    return module in _shipped() or module in _record()["built_in"]


def _guarded(tree: ast.AST) -> set[ast.AST]:
    """Import statements inside a try whose handlers catch ImportError."""
    out: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                h.type is not None and any(isinstance(n, ast.Name) and n.id in (
                    "ImportError", "ModuleNotFoundError") for n in ast.walk(h.type))
                for h in node.handlers):
            for inner in node.body:
                out.update(n for n in ast.walk(inner) if isinstance(n, ast.Import | ast.ImportFrom))
    return out


def engine_imports() -> dict[str, list[str]]:
    """Standard-library module -> engine files importing it (unguarded), for every
    file the browser gets (runtime.engine_zip's selection)."""
    found: dict[str, list[str]] = {}
    for path in runtime.browser_files():
        rel = path.relative_to(ENGINE)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        optional = _guarded(tree)
        for node in ast.walk(tree):
            if node in optional:
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in sys.stdlib_module_names:
                    found.setdefault(name, []).append(rel.as_posix())
    return found


def test_the_scan_sees_the_engines_imports():
    """The scan itself works: it finds what the engine is known to import, and
    exempts schema.py's guarded difflib."""
    found = engine_imports()
    assert {"json", "datetime", "dataclasses", "typing", "re", "calendar"} <= set(found)
    assert "difflib" not in found
    assert "difflib" not in _shipped()  # left out on purpose (compile_runtime.mjs)


def test_every_module_the_engine_source_imports_is_shipped():
    missing = {m: files for m, files in engine_imports().items() if not _available(m)}
    assert not missing, (
        "the engine imports standard-library modules the browser does not get "
        f"(add a training request that reaches them, or guard the import): {missing}")


HOST = r"""
import json, sys
sys.modules["yaml"] = None
sys.path.insert(0, sys.argv[1])
from calculator.edges import browser
for association in json.load(sys.stdin):
    slug = browser.setup(association["rules"])
    for request in association["requests"]:
        browser.answer_json(slug, json.dumps(request))
"""


def test_every_module_cpython_imports_for_the_engine_is_shipped():
    done = subprocess.run([sys.executable, "-X", "importtime", "-I", "-S", "-c", HOST, str(ROOT)],
                          input=json.dumps(training_requests(content())), capture_output=True,
                          text=True, timeout=300, check=False, cwd="/")
    assert done.returncode == 0, done.stderr[-3000:]
    imported = re.findall(r"^import time:\s+\d+ \|\s+\d+ \| *(\S+)$", done.stderr, re.M)
    assert "calculator.edges.browser" in imported and "json" in imported, imported
    stdlib = {m for m in imported if m.split(".")[0] in sys.stdlib_module_names}
    missing = sorted(m for m in stdlib if not _available(m))
    assert not missing, ("CPython imports these standard-library modules for the engine, "
                         f"and the browser does not get them: {missing}")


def test_the_record_says_where_each_module_comes_from():
    record = _record()
    kept = set(record["modules"])
    assert set(record["bootstrap"]) | set(record["engine"]) | set(record["safety"]) == kept
    assert {"calendar.py", "datetime.py"} <= set(record["engine"])
    assert "json/__init__.py" in record["bootstrap"]  # Pyodide's own needs come first
    assert _shipped() == {re.sub(r"(/__init__)?\.py$", "", m).replace("/", ".") for m in kept}
    assert record["verified_requests"] == sum(len(a["requests"])
                                              for a in training_requests(content()))
