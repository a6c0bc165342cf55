"""The second visit and offline use (issue 12), through the site's service worker.

After the calculator's first answer the page registers sw.js, which keeps the
runtime, the engine and the page's scripts in Cache Storage. These tests
check what does not depend on the clock: on the second visit no runtime file
reaches the test server and every one is answered by the service worker; with
the network cut the calculator page opens and answers; and the development
server never lets a service worker cache files that are being edited.
"""

from __future__ import annotations

import json
import urllib.request

from browser_helpers import BOOT_TIMEOUT, PYTHON_ERROR, Calculator, Watch

SLUG = "infancy-onward"
RUNTIME = ("/assets/pyodide/", "/assets/calculator/calculator-")


# Typed and chosen from a list (calc.set handles text and selects).
ANSWERS = {"education": "bachelor", "training_hours": "30", "references": "2"}


def _answer(calc: Calculator) -> dict:
    for name, value in ANSWERS.items():
        calc.set(name, value)
    return calc.wait_answer()


def _first_visit(ctx, base_url: str) -> dict:
    page = ctx.new_page()
    calc = Calculator(page, base_url, SLUG).open()  # waits for the first answer
    assert page.get_attribute("[data-calculator]", "data-boot-from") == "start"
    answer = _answer(calc)
    # The service worker is registered after the first answer; "ready" means
    # installed (every kept file in Cache Storage) and active.
    scope = page.evaluate("""async () => (await navigator.serviceWorker.ready).scope""")
    assert scope == base_url
    # The page then asks the worker to keep the page itself and its rules,
    # and says so on the calculator once they are.
    page.locator("[data-calculator][data-offline=ready]").wait_for(
        state="attached", timeout=BOOT_TIMEOUT * 1000)
    assert page.evaluate("async () => !!(await caches.match(location.href.split('#')[0]))")
    note = page.locator("#calc-offline-note")
    assert note.is_visible() and "without a connection" in note.inner_text()
    page.close()
    return answer


def _runtime_lines(log: list[str]) -> list[str]:
    return [line for line in log if any(part in line for part in RUNTIME)]


def test_second_visit_takes_the_runtime_from_the_cache(new_context, base_url, site_server):
    ctx = new_context(service_workers="allow")
    first_answer = _first_visit(ctx, base_url)
    first = list(site_server.log)
    assert _runtime_lines(first), "the first visit downloaded no runtime (wrong server log?)"

    site_server.log.clear()
    page = ctx.new_page()
    watch = Watch().attach(page)
    responses = []
    ctx.on("response", lambda r: responses.append(r))
    calc = Calculator(page, base_url, SLUG).open()
    # Python came back from the snapshot the first visit kept, and answers
    # exactly as the Python that started from scratch did.
    assert page.get_attribute("[data-calculator]", "data-boot-from") == "snapshot"
    answer = _answer(calc)
    assert answer["errors"] == {}
    assert answer == first_answer
    assert not _runtime_lines(site_server.log), (
        "the second visit asked the server for runtime files:\n"
        + "\n".join(_runtime_lines(site_server.log)))
    runtime = [r for r in responses if any(part in r.url for part in RUNTIME)]
    assert any(r.url.endswith("/pyodide.asm.wasm") for r in runtime), [r.url for r in runtime]
    not_cached = [r.url for r in runtime if not r.from_service_worker]
    assert not not_cached, f"not answered by the service worker: {not_cached}"
    assert not watch.console_errors and not watch.page_errors
    ctx.close()


def test_calculator_answers_offline_after_one_visit(new_context, base_url):
    ctx = new_context(service_workers="allow")
    first_answer = _first_visit(ctx, base_url)
    ctx.set_offline(True)
    page = ctx.new_page()
    calc = Calculator(page, base_url, SLUG).open(wait=False)
    assert calc.wait_ready(BOOT_TIMEOUT) == "true"
    answer = _answer(calc)
    assert answer["errors"] == {}
    assert answer["eligibility"]["recommended"], answer["eligibility"]
    assert answer == first_answer
    assert not PYTHON_ERROR.search(page.inner_text("body"))
    # Only what was visited is there: another association's calculator was not.
    other = ctx.new_page()
    try:
        other.goto(f"{base_url}aimh-example/calculator.html")
        opened = True
    except Exception:  # net::ERR_INTERNET_DISCONNECTED: the browser's own offline page
        opened = False
    assert not opened, "a page never visited opened offline"
    ctx.close()


def test_kept_snapshot_holds_no_answer(new_context, base_url):
    """The memory snapshot is taken before Python sees any answer: an answer
    typed on the first visit is nowhere in the bytes kept on disk, while text
    Python did hold at that moment (the association's name) is."""
    ctx = new_context(service_workers="allow")
    page = ctx.new_page()
    calc = Calculator(page, base_url, SLUG).open()
    calc.set("training_hours", "4242.4242")
    assert calc.wait_answer()["errors"] == {}
    page.locator("[data-calculator][data-offline=ready]").wait_for(
        state="attached", timeout=BOOT_TIMEOUT * 1000)
    found = page.evaluate("""async (needles) => {
      const names = (await caches.keys()).filter((n) => n.startsWith("iecmh-python-snapshot"));
      if (names.length !== 1) return { count: names.length };
      const cache = await caches.open(names[0]);
      const keys = await cache.keys();
      if (keys.length !== 1) return { count: keys.length };
      const bytes = new Uint8Array(await (await cache.match(keys[0])).arrayBuffer());
      const has = (text) => {
        const n = new TextEncoder().encode(text);
        outer: for (let i = 0; i <= bytes.length - n.length; i++) {
          for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
          return true;
        }
        return false;
      };
      return { count: 1, size: bytes.length, found: needles.map(has) };
    }""", ["INfancy Onward", "4242.4242"])
    assert found["count"] == 1 and found["size"] > 10_000_000, found
    assert found["found"] == [True, False], found
    ctx.close()


def test_a_damaged_snapshot_is_dropped_and_python_starts_afresh(new_context, base_url):
    ctx = new_context(service_workers="allow")
    first_answer = _first_visit(ctx, base_url)
    page = ctx.new_page()
    page.goto(base_url + "404.html")
    cut = page.evaluate("""async () => {
      const [name] = (await caches.keys()).filter((n) => n.startsWith("iecmh-python-snapshot"));
      const cache = await caches.open(name);
      const [key] = await cache.keys();
      const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
      await cache.put(key, new Response(bytes.slice(0, bytes.length / 2)));
      return bytes.length / 2;
    }""")
    assert cut > 1_000_000
    page.close()
    page = ctx.new_page()
    calc = Calculator(page, base_url, SLUG).open(wait=False)
    assert calc.wait_ready(BOOT_TIMEOUT) == "true"
    assert page.get_attribute("[data-calculator]", "data-boot-from") == "start"
    assert _answer(calc) == first_answer
    assert not PYTHON_ERROR.search(page.inner_text("body"))
    ctx.close()


def test_new_build_replaces_the_kept_files(tmp_path):
    """sw.js changes whenever a kept file does, so browsers replace their copies."""
    from sitegen.bundle import service_worker

    site = tmp_path / "site"
    (site / "assets" / "calculator").mkdir(parents=True)
    (site / "assets" / "calculator" / "app.js").write_text("one", encoding="utf-8")
    (site / "assets" / "calculator" / "app.js.br").write_bytes(b"x")
    (site / "index.html").write_text("<p>page</p>", encoding="utf-8")
    first = service_worker.script(site)
    build = json.loads(first.split("const BUILD = ", 1)[1].split(";\n", 1)[0])
    # No .br, no pages; the page's own script with the version the pages ask for.
    [kept] = build["files"]
    assert kept.startswith("assets/calculator/app.js?v=")
    (site / "index.html").write_text("<p>page, edited</p>", encoding="utf-8")
    assert service_worker.script(site) == first  # pages come from the network first
    (site / "assets" / "calculator" / "app.js").write_text("two", encoding="utf-8")
    assert service_worker.script(site) != first


def test_kept_files_exist_in_the_built_site(served_site):
    from sitegen.bundle import service_worker

    text = (served_site / "sw.js").read_text(encoding="utf-8")
    build = json.loads(text.split("const BUILD = ", 1)[1].split(";\n", 1)[0])
    names = set(build["files"])
    wanted = ("pyodide.asm.wasm", "python_stdlib-", "pyodide.mjs", "calculator/worker.js",
              "calculator/calculator-")
    for part in wanted:
        assert any(name.startswith("assets/") and part in name for name in names), part
    assert all((served_site / name.split("?")[0]).is_file() for name in names)
    # The calculator page asks for its scripts with the very URLs kept.
    page = (served_site / "infancy-onward" / "calculator.html").read_text(encoding="utf-8")
    for name in ("app.js", "boot.js", "calculator.css", "fallback.js"):
        [url] = [n for n in names if n.startswith(f"assets/calculator/{name}?v=")]
        assert "../" + url in page, url
    assert names == set(service_worker.kept_files(served_site))


def test_development_server_retires_any_service_worker(tmp_path):
    """`build.py serve` answers /sw.js with a worker that removes itself and its
    copies: files being edited must never come from a cache."""
    import functools
    import http.server
    import threading

    from sitegen.staff.serve import BuildState, LiveHandler

    handler = functools.partial(LiveHandler, directory=str(tmp_path), state=BuildState())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/sw.js") as r:
            body = r.read().decode()
            assert r.headers["Content-Type"].startswith("text/javascript")
    finally:
        server.shutdown()
    assert "unregister()" in body and "caches.delete" in body


def test_pages_kept_offline_survive_a_new_build(new_context, served_site, serve_folder,
                                                tmp_path):
    """A new build's sw.js replaces the kept files; the pages an applicant
    visited are fetched again with it, so they still open offline (and ask for
    the new build's scripts, which it keeps)."""
    import shutil

    from sitegen.bundle import service_worker

    site = tmp_path / "site"
    shutil.copytree(served_site, site)
    base = serve_folder(site).base_url
    ctx = new_context(service_workers="allow")
    first_answer = _first_visit(ctx, base)

    # The deploy: a kept file changes, and with it sw.js; the page changes too.
    [image] = sorted((site / "assets" / "images").glob("favicon*"))
    image.write_bytes(image.read_bytes() + b"\0")
    page_file = site / SLUG / "calculator.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.write_text(html.replace("</head>", '<meta name="build" content="next"></head>', 1),
                         encoding="utf-8")
    service_worker.write(site)
    version = json.loads((site / "sw.js").read_text(encoding="utf-8")
                         .split("const BUILD = ", 1)[1].split(";\n", 1)[0])["version"]
    page = ctx.new_page()
    page.goto(base + "index.html")
    names = page.evaluate("""async (version) => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration.update();
      for (let i = 0; i < 600; i++) {
        const names = (await caches.keys()).filter((n) => n.startsWith("iecmh-calculator "));
        if (names.length === 1 && names[0].endsWith(" " + version)) return names;
        await new Promise((done) => setTimeout(done, 50));
      }
      return await caches.keys();
    }""", version)
    assert len(names) == 1 and names[0].endswith(" " + version), (names, version)
    page.close()

    ctx.set_offline(True)
    page = ctx.new_page()
    calc = Calculator(page, base, SLUG).open(wait=False)
    assert calc.wait_ready(BOOT_TIMEOUT) == "true"
    assert _answer(calc) == first_answer
    # The page kept is the new build's, fetched again, not the old copy.
    assert page.get_attribute('meta[name="build"]', "content") == "next"
    ctx.close()
