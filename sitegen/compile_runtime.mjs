// Build-time step (run by sitegen/runtime.py with Node): prepare the Python
// the browser will run, with the very CPython that is inside Pyodide.
//
//   node sitegen/compile_runtime.mjs PYODIDE_DIR ENGINE_ZIP TRAINING_JSON OUT_DIR
//
// 1. boots the pinned Pyodide under Node, installs the engine and runs the
//    training requests (every worked example, good and bad input) for every
//    association, so that every standard-library module the calculator can
//    reach is imported;
// 2. writes OUT_DIR/python_stdlib.zip holding just those modules, compiled to
//    .pyc (unchecked-hash: reproducible, never re-validated) and stored
//    uncompressed so a host's brotli/gzip compresses the transfer well;
// 3. writes OUT_DIR/calculator.zip, the engine compiled the same way;
// 4. writes OUT_DIR/modules.json, the list of modules kept (for the record).
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
const py = await loadPyodide({ lockFileContents: { info, packages: {} }, stdout: () => {}, stderr: (s) => console.error(s) });

fs.mkdirSync(outDir, { recursive: true });
py.mountNodeFS("/out", path.resolve(outDir));
py.unpackArchive(new Uint8Array(fs.readFileSync(engineZip)), "zip", { extractDir: "/engine-src" });
py.FS.writeFile("/training.json", new Uint8Array(fs.readFileSync(trainingJson)));

py.runPython(String.raw`
import json, os, sys

DATE = (2024, 1, 1, 0, 0, 0)
STDLIB = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
SITE = f"/lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages"

# Modules the engine reaches only on paths the training may not walk.
ALWAYS = ["_strptime", "encodings.utf_8", "encodings.ascii", "encodings.latin_1"]

sys.path.insert(0, "/engine-src")
from calculator import browser
training = json.load(open("/training.json"))
for association in training:
    slug = browser.setup(association["rules"])
    for request in association["requests"]:
        json.loads(browser.answer_json(slug, json.dumps(request)))
for name in ALWAYS:
    __import__(name)

kept = sorted({m.__spec__.origin[len(STDLIB) + 1:] for m in list(sys.modules.values())
               if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(STDLIB + "/")})

# Imported only now, so that the compiler's own needs do not count as the engine's.
import py_compile, zipfile
MODE = py_compile.PycInvalidationMode.UNCHECKED_HASH
OPTIMIZE = 2

def add(z, arc, data):
    z.writestr(zipfile.ZipInfo(arc, DATE), data, zipfile.ZIP_STORED)

def compiled(source, dfile):
    target = "/tmp/compiled.pyc"
    py_compile.compile(source, target, dfile, doraise=True, invalidation_mode=MODE, optimize=OPTIMIZE)
    return open(target, "rb").read()

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

json.dump({"python": sys.version.split()[0], "modules": kept}, open("/out/modules.json", "w"), indent=1)
print(f"kept {len(kept)} standard-library modules, compiled for Python {sys.version.split()[0]}")
`);
