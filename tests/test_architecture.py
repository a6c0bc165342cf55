"""The rooms of the code and the way imports run between them
(docs/architecture.md): no circle, no arrow up, the engine never reaches
into the build. Read from the source with ``ast`` (function-level imports
count too: a lazy import is still an arrow)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# calculator/: each module's stage. A module may import its own stage and the
# ones before it, never a later one.
STAGES = {
    "base": ["errors", "numbers", "formats", "dates", "schema", "spec", "parameters"],
    "model": ["facts", "requirements", "categories", "fees", "renewal", "association"],
    "engine": ["eligibility", "parameter_tree", "fee_outlook"],
    "edges": ["inputs", "service", "presentation", "browser", "cli", "__main__", "__init__",
              "contentfiles.__init__", "contentfiles.yamlfile", "contentfiles.repository",
              "contentfiles.examples"],
}
RANK = {m: i for i, (_, mods) in enumerate(STAGES.items()) for m in mods}


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


def test_every_engine_module_has_a_stage():
    modules = set(imports("calculator"))
    assert modules == set(RANK), (f"unplaced: {sorted(modules - set(RANK))}; "
                                  f"gone: {sorted(set(RANK) - modules)}")


def test_no_arrow_up():
    ups = [f"{m} ({stage}) imports {d} ({stage_of})"
           for m, deps in imports("calculator").items() for d in sorted(deps)
           if d in RANK and RANK[d] > RANK[m]
           for stage, stage_of in [(_stage(m), _stage(d))]]
    assert not ups, "\n".join(ups)


def _stage(module: str) -> str:
    return next(s for s, mods in STAGES.items() if module in mods)


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
