"""The calculator page's ES modules (app.js and the modules it imports): every
import between them carries the page's ?v= version, so a browser never runs
modules of two builds, and every one of them is kept by the service worker
for offline use under the very URL the page asks for."""

from __future__ import annotations

import json
import re
import shutil

from sitegen.bundle import runtime, service_worker

# Every static import or re-export of a module, whatever its specifier.
ANY_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']"""
                        r"""|^\s*import\s*["']([^"']+)["']""", re.M)


def _imports(text: str) -> list[str]:
    return [a or b for a, b in ANY_IMPORT.findall(text)]


def test_the_source_modules_import_only_each_other_by_plain_relative_names():
    names = {p.name for p in runtime.STATIC.glob("*.js")}
    seen = set()
    for path in sorted(runtime.STATIC.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        specifiers = _imports(text)
        # What versioned() rewrites is every import there is.
        assert len(runtime.MODULE_IMPORT.findall(text)) == len(specifiers), path.name
        for spec in specifiers:
            assert spec.startswith("./") and "?" not in spec, (path.name, spec)
            assert spec[2:] in names, (path.name, spec)
            seen.add(spec[2:])
    # app.js reaches modules that reach others: the split is really used.
    assert {"answer.js", "channel.js", "form.js", "templates.js", "views.js"} <= seen


def test_versioned_copies_have_the_version_of_their_source(tmp_path):
    version = runtime.glue_version(runtime.STATIC)
    for path in runtime.STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(runtime.versioned(text, version), encoding="utf-8")
    assert runtime.glue_version(tmp_path) == version
    app = (tmp_path / "app.js").read_text(encoding="utf-8")
    assert f'from "./form.js?v={version}"' in app
    # A change to any one module changes the version every import carries.
    (tmp_path / "notice.js").write_text("// changed\n", encoding="utf-8")
    assert runtime.glue_version(tmp_path) != version


def test_versioned_leaves_other_strings_alone():
    text = ('import { a } from "./a.js";\nexport { b } from \'./b.js\';\nimport "./c.js";\n'
            'const worker = "worker.js"; // not imported from "here"\nimport("./d.js");\n')
    out = runtime.versioned(text, "abc123")
    assert out == ('import { a } from "./a.js?v=abc123";\nexport { b } from \'./b.js?v=abc123\';\n'
                   'import "./c.js?v=abc123";\n'
                   'const worker = "worker.js"; // not imported from "here"\nimport("./d.js");\n')


def test_built_modules_ask_for_the_kept_urls_of_their_build(built_site):
    calc = built_site / "assets" / "calculator"
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    kept = set(json.loads(text.split("const BUILD = ", 1)[1].split(";\n", 1)[0])["files"])
    page = (built_site / "infancy-onward" / "calculator.html").read_text(encoding="utf-8")
    [version] = set(re.findall(r"assets/calculator/app\.js\?v=([0-9a-f]+)", page))
    assert version == runtime.glue_version(calc) == runtime.glue_version(runtime.STATIC)
    # From the page's app.js, every module it reaches, by the URL it asks for.
    reached, todo = set(), ["app.js"]
    while todo:
        name = todo.pop()
        reached.add(name)
        assert f"assets/calculator/{name}?v={version}" in kept, name
        for spec in _imports((calc / name).read_text(encoding="utf-8")):
            assert spec.startswith("./") and spec.endswith(f".js?v={version}"), (name, spec)
            target = spec[2:].split("?")[0]
            assert (calc / target).is_file(), spec
            if target not in reached:
                todo.append(target)
    sources = {p.name for p in runtime.STATIC.glob("*.js")}
    assert reached == sources - {"boot.js", "fallback.js", "worker.js"}


def test_a_changed_module_changes_the_page_version_and_sw_js(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site / "assets" / "calculator", site / "assets" / "calculator",
                    ignore=shutil.ignore_patterns("rules", "*.zip", "*.br", "*.gz"))
    before = service_worker.script(site)
    old = runtime.glue_version(site / "assets" / "calculator")
    views = site / "assets" / "calculator" / "views.js"
    views.write_text(views.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    assert runtime.glue_version(site / "assets" / "calculator") != old
    assert service_worker.script(site) != before
