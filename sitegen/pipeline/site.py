"""The build pipeline: content -> validated model -> pages + JSON + runtime -> mkdocs -> site/.

The whole site is built in a fresh staging folder and swapped in with two
renames only when every step succeeded, so a broken YAML file or a failing
template leaves the published ``site/`` exactly as it was.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from calculator.contentfiles.examples import ExamplesError, load_examples, run_examples
from calculator.contentfiles.repository import Content, ContentError, load_content
from calculator.contentfiles.yamlfile import FileProblem, YamlFileError
from calculator.model.parameters import NotInForce

from ..bundle import compression, csp, runtime, service_worker
from ..errors import BuildError, TemplateProblem
from ..pages import calculator as calculator_page
from ..pages import feed
from ..pages.association import association_pages
from ..pages.landing import landing_page
from ..pages.render import Page, Renderer
from ..paths import PROJECT
from . import content_lint as warnings

MKDOCS_YML = PROJECT / "mkdocs.yml"


@dataclass
class Options:
    content: Path = PROJECT / "content"
    site: Path = PROJECT / "site"
    only: list[str] = field(default_factory=list)
    on: date = field(default_factory=date.today)
    runtime: bool = True  # copy Pyodide and the calculator package (off for quick checks)
    # "For association staff: this page is made from content/…yaml" at the foot
    # of each page (hooks/generated_from.py): only `serve` (the dev server)
    # sets it; a normal or published build never shows it to applicants.
    staff_notes: bool = False
    precompress: bool = True  # .br and .gz beside each file; `serve` skips it to rebuild faster
    reuse_runtime: bool = False  # `serve`: keep the compiled runtime when only content changed
    # A preview (``build.py --date``) shows the rules of another day than the
    # build's own: its calculator answers as on that day too. A published
    # build shows the day it is built on, and its calculator tells a later
    # visitor about changes the pages do not show yet.
    preview: bool = False
    # Associations marked `draft: true` are built only when asked (`serve`,
    # `build.py --drafts`); the published build never has them.
    drafts: bool = False


def load(options: Options) -> Content:
    try:
        content = load_content(options.content, options.only or None)
    except ContentError as err:
        raise BuildError(err.report()) from None
    return content if options.drafts else without_drafts(content)


def without_drafts(content: Content) -> Content:
    """The content the published site shows: drafts left out."""
    keep = [slug for slug, a in content.associations.items() if not a.draft]
    return dataclasses.replace(
        content, associations={s: content.associations[s] for s in keep},
        data={s: content.data[s] for s in keep},
        documents={s: content.documents[s] for s in keep})


def unfinished_copies(content: Content) -> list[FileProblem]:
    """A copy (``copied_from``) that is not a draft but still holds its source's
    values is not published: each value named (while a draft, the same list is
    a warning)."""
    return [dataclasses.replace(found, message=found.message + (
                " A copy is published only once none of these is left (until then keep "
                "'draft: true' in association.yaml)."))
            for slug, association in content.associations.items() if not association.draft
            for found in warnings.copied_values(content, slug)]


def drafts_of(content: Content) -> list[str]:
    return [slug for slug, a in content.associations.items() if a.draft]


def review(options: Options) -> tuple[list[str], list[str]]:
    """``check``'s problems, and the warnings of content that is valid but looks
    unfinished (sitegen/warnings.py), each as file:line: message."""
    try:
        content = load_content(options.content, options.only or None)
    except ContentError as err:
        return [p.format(options.content.parent) for p in err.problems], []
    return _problems(content, options), warnings.report(content, options.content.parent)


def _problems(content: Content, options: Options) -> list[str]:
    problems: list[str] = []
    problems.extend(p.format(options.content.parent) for p in unfinished_copies(content))
    for slug, association in content.associations.items():
        path = options.content / "associations" / slug / "examples.yaml"
        if not path.exists():
            continue
        try:
            outcomes = run_examples(association, load_examples(path))
        except YamlFileError as err:
            problems.append(err.problem.format(options.content.parent))
            continue
        except ExamplesError as err:
            problems.extend(p.format(options.content.parent) for p in err.problems)
            continue
        for o in outcomes:
            if not o.passed:
                problems.append(FileProblem(path, o.line, f"example '{o.name}' ({o.section}) "
                                            f"fails: {o.detail}").format(options.content.parent))
    try:
        render_pages(content, options)
    except TemplateProblem as err:
        problems.append(str(err))
    except ContentError as err:
        problems.extend(p.format(options.content.parent) for p in err.problems)
    return problems


def render_pages(content: Content, options: Options, manifest: dict | None = None) -> list[Page]:
    """Every page; ``manifest`` is the runtime the calculator pages load
    (runtime.bundle), None where there is none (``check``, quick builds)."""
    renderer = Renderer(content, options.on)
    renderer.preview = options.preview
    slugs = list(content.associations)
    pages = [landing_page(renderer, slugs)]
    for slug in slugs:
        try:
            pages += association_pages(renderer, slug)
            pages.append(calculator_page.render(renderer, slug, manifest))
        except NotInForce as err:
            raise ContentError([_not_in_force(content, slug, err)], content.root.parent) from None
    return pages


def _not_in_force(content: Content, slug: str, err: NotInForce) -> FileProblem:
    """A value the pages need that has not taken effect on the date they show:
    at its file and line, with what to do."""
    parameter = err.parameter
    first = parameter.values[0].effective.isoformat()
    message = (f"{parameter.name} has no value in force on {err.on.isoformat()}, the date the "
               f"site shows (its first value takes effect on {first}). Add the value in force "
               f"now, dated on or before {err.on.isoformat()}, above the new one; to see the "
               f"site as it will be, build with --date {first}.")
    file, *inside = parameter.path
    docs = content.documents.get(slug, {})
    if file in docs:
        return docs[file].problem((*inside, "values"), message)
    return FileProblem(content.root / "associations" / slug, None, message)


def _nav(content: Content, pages: list[Page]) -> list:
    by_path = {p.path: p for p in pages}
    nav: list = [{"Home": "index.md"}]
    for slug, a in content.associations.items():
        section: list = [f"{slug}/index.md", {"Eligibility calculator": f"{slug}/calculator.md"}]
        section.append({"Categories": [
            {by_path[p].title: p} for p in by_path if p.startswith(f"{slug}/categories/")]
            + [{"Compare categories": f"{slug}/compare.md"}]})
        for stem, title in (("apply", None), ("fees", None), ("rsc", None),
                            ("renewal", None), ("changes", None), ("about", None)):
            path = f"{slug}/{stem}.md"
            if path in by_path:
                section.append({title or by_path[path].title: path})
        nav.append({a.name: section})
    return nav


def _mkdocs(docs: Path, site: Path, nav: list, staff_notes: bool = False) -> None:
    # Imported here: `build.py check` must not pay for importing mkdocs.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(site), nav=nav,
                             strict=True)
        config.extra["csp"] = csp.meta_policy()  # overrides/partials/csp.html prints it
        config.extra["staff_notes"] = staff_notes  # read by hooks/generated_from.py
        mkdocs_build(config)
    except MkDocsException as err:
        raise BuildError(f"mkdocs: {err}") from None
    except SystemExit as err:  # mkdocs' Abort in strict mode
        raise BuildError(f"mkdocs stopped the build ({err}); see the warnings above.") from None


def build(options: Options) -> dict:
    """Build the whole site; swap it into ``options.site`` only on success."""
    started = time.perf_counter()
    content = load(options)
    copies = unfinished_copies(content)
    if copies:
        raise BuildError(ContentError(copies, options.content.parent).report())
    drafts = drafts_of(load_content(options.content, options.only or None)) \
        if not options.drafts else drafts_of(content)
    staging_parent = options.site.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=staging_parent))
    try:
        docs = staging / "docs"
        rules = exported_rules(content)
        # The runtime first: the calculator pages name its files.
        manifest = (runtime.bundle(docs / "assets", training_requests(content, rules),
                                   reuse=options.reuse_runtime) if options.runtime else None)
        try:
            pages = render_pages(content, options, manifest)
        except TemplateProblem as err:
            raise BuildError(str(err)) from None
        except ContentError as err:
            raise BuildError(err.report()) from None
        for page in pages:
            target = docs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8")
        # The feed is a file of the docs folder, so mkdocs copies it and checks links to it.
        (docs / "feed.xml").write_text(feed.atom(content, options.on), encoding="utf-8")
        rules_dir = docs / "assets" / "calculator" / "rules"
        rules_dir.mkdir(parents=True, exist_ok=True)
        for slug, text in rules.items():
            (rules_dir / f"{slug}.json").write_text(text, encoding="utf-8")
        _mkdocs(docs, staging / "site", _nav(content, pages), options.staff_notes)
        # Hosts that read headers from a file in the published folder (Netlify,
        # Cloudflare Pages) get the same policy as the pages' <meta>.
        (staging / "site" / "_headers").write_text(csp.deploy_files()["_headers"],
                                                   encoding="utf-8")
        if options.runtime:
            service_worker.write(staging / "site")
        if options.runtime and options.precompress:
            compression.precompress(staging / "site")
        _swap(staging / "site", options.site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"pages": len(pages), "associations": list(content.associations),
            "seconds": round(time.perf_counter() - started, 2), "site": str(options.site),
            "warnings": warnings.report(content, options.content.parent), "drafts": drafts}


def training_requests(content: Content, rules: dict[str, str] | None = None) -> list[dict]:
    """What the runtime compiler runs in Pyodide to learn which standard-library
    modules the engine needs: every worked example, plus bad input. ``rules``:
    the exported rules, when the caller already has them."""
    rules = rules or exported_rules(content)
    out = []
    for slug in content.associations:
        requests: list[dict] = [{}, {"profile": {"training_hours": "ten", "unknown": 1},
                                     "renewal": {"endorsed_on": "2027-02-30"},
                                     "fees": {"term": "x", "membership": "agency"}}]
        path = content.root / "associations" / slug / "examples.yaml"
        if path.exists():
            for example in load_examples(path).data.get("examples", []):
                if "eligibility" in example:
                    requests.append({"profile": example["eligibility"].get("profile") or {}})
                if "fees" in example:
                    fee = dict(example["fees"].get("input") or {})
                    requests.append({"fees": fee})
                if "renewal" in example:
                    requests.append({"renewal": dict(example["renewal"].get("input") or {})})
        out.append({"rules": rules[slug], "requests": requests})
    return out


def exported_rules(content: Content) -> dict[str, str]:
    """Each association's rules JSON, exported once per build."""
    return {slug: export_rules(content, slug) for slug in content.associations}


def export_rules(content: Content, slug: str) -> str:
    """The validated rules as the browser reads them: the same plain data the
    YAML held, so the engine's one loader builds both."""
    return json.dumps({"slug": slug, "facts": content.facts_data, "rules": content.data[slug]},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new.rename(site)
    if old.exists():
        shutil.rmtree(old)
