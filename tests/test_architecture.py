"""The rooms of the code and the way imports run between them
(docs/architecture.md): no circle, no arrow up, the engine never reaches
into the build. Read from the source with ``ast`` (function-level imports
count too: a lazy import is still an arrow)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitegen.paths import PROJECT as ROOT

# Each package's rooms in order: a module may import its own room and the
# ones before it, never a later one. A module's room is its folder; the
# modules at the top of a package are its base.
ROOMS = {
    "calculator": ["base", "model", "engine", "edges"],
    "sitegen": ["base", "pages", "bundle", "pipeline", "staff"],
}
# The package's front door and ``python -m`` sit above every room.
DOORS = {"__init__", "__main__"}


# contentfiles/ is the command line's and the build's edge (YAML files), kept
# apart from edges/ because the browser never gets it.
SAME_ROOM = {"contentfiles": "edges"}


def room(package: str, module: str) -> str:
    first = module.removesuffix(".__init__").split(".")[0]
    first = SAME_ROOM.get(first, first)
    return first if first in ROOMS[package] else "base"


def rank(package: str, module: str) -> int:
    if module.removesuffix(".__init__") in DOORS:
        return len(ROOMS[package])
    return ROOMS[package].index(room(package, module))


def _module(path: Path, package: Path) -> str:
    return ".".join(path.relative_to(package).with_suffix("").parts)


def imports(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    base = ROOT / package
    out: dict[str, set[str]] = {}
    for path in sorted(base.rglob("*.py")):
        name = _module(path, base)
        here = name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = here[:len(here) - (node.level - 1)] + (
                        node.module.split(".") if node.module else [])
                    if node.module is None:
                        found.update(".".join([*parts, a.name]) for a in node.names)
                    else:
                        found.add(".".join(parts))
                elif node.module and node.module.split(".")[0] == package:
                    found.add(".".join(node.module.split(".")[1:]) or "__init__")
            elif isinstance(node, ast.Import):
                found.update(".".join(a.name.split(".")[1:]) or "__init__" for a in node.names
                             if a.name.split(".")[0] == package)
        out[name] = {f for f in found if f and f != name}
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep):], dep]
            if dep in graph and not state.get(dep):
                found = visit(dep)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node):
            found = visit(node)
            if found:
                return found
    return None


@pytest.mark.parametrize("package", ["calculator", "sitegen"])
def test_no_circle(package):
    graph = imports(package)
    graph = {k.removesuffix(".__init__"): {d.removesuffix(".__init__") for d in v}
             for k, v in graph.items()}
    assert _cycle(graph) is None, f"import circle: {' -> '.join(_cycle(graph))}"


@pytest.mark.parametrize("package", ["calculator", "sitegen"])
def test_every_module_is_in_a_room(package):
    """A module is at the top of its package (the base) or in one of the rooms."""
    misplaced = sorted(m for m in imports(package) if "." in m.removesuffix(".__init__")
                       and room(package, m) == "base")
    assert not misplaced, f"modules outside the rooms of {package}: {misplaced}"


@pytest.mark.parametrize("package", ["calculator", "sitegen"])
def test_no_arrow_up(package):
    ups = [f"{m} ({room(package, m)}) imports {d} ({room(package, d)})"
           for m, deps in imports(package).items() for d in sorted(deps)
           if rank(package, d) > rank(package, m)]
    assert not ups, "\n".join(ups)


@pytest.mark.parametrize("package", ["calculator", "sitegen"])
def test_each_room_says_what_it_holds_and_may_import(package):
    for name in ROOMS[package][1:]:
        doc = ast.get_docstring(ast.parse(
            (ROOT / package / name / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "May import:" in doc, f"{package}/{name}/__init__.py: say what it may import"


def test_the_engine_never_reaches_into_the_build():
    """calculator/ runs in the browser: it imports neither sitegen nor bench."""
    offenders = []
    for path in (ROOT / "calculator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom) else
                     [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in ("sitegen", "bench", "tests")]
    assert not offenders


@pytest.mark.parametrize("package", ["calculator", "sitegen"])
def test_each_module_says_what_it_holds(package):
    silent = [str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py")
              if p.stat().st_size and not ast.get_docstring(ast.parse(p.read_text("utf-8")))]
    assert not silent, f"modules without an opening docstring: {silent}"
