// Build-time step (run by sitegen/runtime.py with Node): prepare the Python
// the browser will run, with the very CPython that is inside Pyodide.
//
//   node sitegen/compile_runtime.mjs PYODIDE_DIR ENGINE_ZIP TRAINING_JSON OUT_DIR
//
// 1. MEASURE: boots the pinned Pyodide under Node with its full standard
//    library and records the modules Pyodide's own bootstrap imported; then
//    installs the engine and runs the training requests (every worked example,
//    good and bad input, all three routes, for every association) and records
//    what that added. Kept = bootstrap + engine + SAFETY (below) and whatever
//    importing SAFETY pulls in. Nothing here is a hand-kept list of the
//    closure: it is what the interpreter had in sys.modules.
// 2. WRITE: OUT_DIR/python_stdlib.zip holds just those modules, compiled to
//    .pyc (unchecked-hash: reproducible, never re-validated; -OO: no
//    docstrings or asserts) and stored uncompressed so a host's brotli/gzip
//    compresses the transfer well; OUT_DIR/calculator.zip the engine compiled
//    the same way. Each code object's line table is replaced by one that maps
//    every instruction to the line of its `def` (see one_line below): the
//    tables are about a third of the compressed bytes (787 -> 491 KB brotli
//    for the standard library), and the browser never shows a traceback.
// 3. VERIFY: boots a second Pyodide from the trimmed python_stdlib.zip and
//    calculator.zip, runs the training again and requires the very same
//    answers and no ImportError: a module missing from the trim fails the
//    build here, not in a visitor's browser.
// 4. writes OUT_DIR/modules.json: the modules kept, and why (bootstrap,
//    engine, safety), for the record and for tests/test_runtime_closure.py.
//
// Compiling here rather than with a host CPython matters: .pyc files are only
// valid for the exact Python version that wrote them (a host 3.13 .pyc fails
// in Pyodide 3.14 with "bad magic number").
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, engineZip, trainingJson, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node compile_runtime.mjs PYODIDE_DIR ENGINE_ZIP TRAINING_JSON OUT_DIR");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(path.resolve(pyodideDir), "pyodide.mjs")).href);
const info = JSON.parse(fs.readFileSync(path.join(pyodideDir, "pyodide-lock.json"), "utf8")).info;
const options = { lockFileContents: { info, packages: {} }, stdout: () => {}, stderr: (s) => console.error(s) };
fs.mkdirSync(outDir, { recursive: true });
const training = new Uint8Array(fs.readFileSync(trainingJson));

// The modules a standard-library module came from, read from sys.modules.
const LOADED = String.raw`
def stdlib_loaded():
    import sys
    prefix = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
    return sorted({m.__spec__.origin[len(prefix):] for m in list(sys.modules.values())
                   if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(prefix)})
`;

// Runs every training request; returns the answers as one JSON text.
const TRAIN = String.raw`
def train():
    import json
    from calculator.edges import browser
    answers = []
    for association in json.load(open("/training.json")):
        slug = browser.setup(association["rules"])
        for request in association["requests"]:
            answers.append(browser.answer_json(slug, json.dumps(request)))
    return json.dumps(answers)
`;

// ---- 1. measure -----------------------------------------------------------
const py = await loadPyodide(options);
py.mountNodeFS("/out", path.resolve(outDir));
py.FS.writeFile("/training.json", training);
py.runPython(LOADED);
const bootstrap = py.runPython("stdlib_loaded()").toJs();
// The engine arrives as the worker installs it: a zip unpacked by Pyodide.
py.unpackArchive(new Uint8Array(fs.readFileSync(engineZip)), "zip", { extractDir: "/engine-src" });
py.runPython(`import sys; sys.path.insert(0, "/engine-src")\n${TRAIN}`);
const answers = py.runPython("train()");
const engine = py.runPython("stdlib_loaded()").toJs();

// SAFETY: modules the engine can reach on a path no worked example walks, each
// small (a few KB compressed) and each for a reason:
// - _strptime: datetime's strptime() imports it on first use (dates typed by
//   applicants may be read with it); it brings calendar and locale;
// - encodings.ascii, encodings.latin_1: a codec named by its name (str.encode
//   and bytes.decode with "ascii" / "latin-1" and an error handler, io with an
//   encoding=) is looked up in the encodings package; utf_8 is in already.
// difflib is left out on purpose: calculator/model/node.py imports it guarded and
// only to suggest a spelling for rules that build.py check has already passed.
const SAFETY = ["_strptime", "encodings.ascii", "encodings.latin_1"];
py.runPython(`for name in ${JSON.stringify(SAFETY)}: __import__(name)`);
const kept = py.runPython("stdlib_loaded()").toJs();

// ---- 2. write ------------------------------------------------------------
py.globals.set("kept", py.toPy(kept));
py.runPython(String.raw`
import os, sys, types, zipfile
import py_compile  # imported only now: the compiler's own needs do not count

DATE = (2024, 1, 1, 0, 0, 0)
STDLIB = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
SITE = f"/lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages"
MODE = py_compile.PycInvalidationMode.UNCHECKED_HASH
OPTIMIZE = 2
NO_COLUMNS = 13  # PY_CODE_LOCATION_INFO_NO_COLUMNS (Objects/locations.md)


def one_line(code):
    """The code object with a line table that puts every instruction on the
    code's first line (its def): valid for every consumer (f_lineno,
    co_lines(), tracebacks say the function), and it compresses to almost
    nothing. Entries of up to 8 code units, each "no columns, line +0"."""
    units = len(code.co_code) // 2
    table = bytearray()
    while units > 0:
        n = min(units, 8)
        table += bytes((0x80 | NO_COLUMNS << 3 | (n - 1), 0))
        units -= n
    consts = tuple(one_line(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_linetable=bytes(table), co_consts=consts)


def compiled(source, dfile):
    import importlib.util, marshal
    py_compile.compile(source, "/tmp/compiled.pyc", dfile, doraise=True,
                       invalidation_mode=MODE, optimize=OPTIMIZE)
    data = open("/tmp/compiled.pyc", "rb").read()
    header, code = data[:16], marshal.loads(data[16:])
    return header + marshal.dumps(one_line(code))


def add(z, arc, data):
    z.writestr(zipfile.ZipInfo(arc, DATE), data, zipfile.ZIP_STORED)


with zipfile.ZipFile(STDLIB) as full:
    os.makedirs("/tmp/stdlib", exist_ok=True)
    with zipfile.ZipFile("/out/python_stdlib.zip", "w") as z:
        for rel in kept:
            source = "/tmp/stdlib/" + rel
            os.makedirs(os.path.dirname(source), exist_ok=True)
            with open(source, "wb") as f:
                f.write(full.read(rel))
            add(z, rel + "c", compiled(source, f"{STDLIB}/{rel}"))

with zipfile.ZipFile("/out/calculator.zip", "w") as z:
    for folder, dirs, files in sorted(os.walk("/engine-src/calculator")):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                source = os.path.join(folder, name)
                rel = os.path.relpath(source, "/engine-src")
                add(z, rel + "c", compiled(source, f"{SITE}/{rel}"))
`);

// ---- 3. verify -------------------------------------------------------------
// As the worker boots it: the trimmed standard library, the compiled engine
// unpacked into site-packages, nothing else on the path.
const trimmed = await loadPyodide({ ...options, stdLibURL: path.join(path.resolve(outDir), "python_stdlib.zip") });
trimmed.FS.writeFile("/training.json", training);
const site = trimmed.runPython("import sys; [p for p in sys.path if p.endswith('site-packages')][0]");
trimmed.unpackArchive(new Uint8Array(fs.readFileSync(path.join(outDir, "calculator.zip"))), "zip", { extractDir: site });
trimmed.runPython(`${LOADED}\n${TRAIN}`);
let again;
try {
  again = trimmed.runPython("train()");
} catch (err) {
  console.error(`the trimmed standard library cannot run the training requests:\n${err.message}`);
  process.exit(1);
}
if (again !== answers) {
  console.error("the trimmed runtime answers the training requests differently from the full one");
  process.exit(1);
}
// Loaded from the trimmed zip as .pyc: compared by source name.
const used = trimmed.runPython("stdlib_loaded()").toJs().map((m) => m.replace(/\.pyc$/, ".py"));
const outside = used.filter((m) => !kept.includes(m));
if (outside.length) {
  console.error(`the trimmed runtime loaded modules it does not ship: ${outside.join(", ")}`);
  process.exit(1);
}

// ---- 4. record -------------------------------------------------------------
const record = {
  python: py.runPython("import sys; sys.version.split()[0]"),
  modules: kept,
  bootstrap,
  engine: engine.filter((m) => !bootstrap.includes(m)),
  safety: kept.filter((m) => !engine.includes(m)),
  safety_roots: SAFETY,
  verified_requests: JSON.parse(again).length,
  // Compiled into the WebAssembly, never in the zip (tests compare with these).
  // Compiled into the WebAssembly (built-in or frozen), never in the zip,
  // with the names such a module is also known by (collections.abc is the
  // frozen _collections_abc).
  built_in: py.runPython(String.raw`
import sys, _imp
sorted({*sys.builtin_module_names, *_imp._frozen_module_names(),
        *(name for name, m in list(sys.modules.items())
          if getattr(getattr(m, "__spec__", None), "origin", None) in ("built-in", "frozen"))})
`).toJs(),
};
fs.writeFileSync(path.join(outDir, "modules.json"), JSON.stringify(record, null, 1));
console.log(`kept ${kept.length} standard-library modules (${bootstrap.length} for Pyodide's bootstrap, `
  + `${record.engine.length} for the engine, ${record.safety.length} as a margin), compiled for Python `
  + `${record.python}; the trimmed runtime gave the same ${record.verified_requests} answers`);
