#!/usr/bin/env python3
"""Build the IECMH Endorsement site from content/.

    python build.py                 validate, render, export rules JSON, bundle the runtime,
                                    run mkdocs; swap the result into site/ only on success
    python build.py check           validate all content, run the worked examples and render
                                    the pages in memory; print every problem; change nothing
    python build.py serve           build, serve on http://127.0.0.1:8000/, rebuild on changes
                                    and reload the open page (a failed rebuild shows why in it)
    python build.py changes [--since REV] [--json]
                                    what applicants would see differently, compared with the
                                    content at a git revision (default HEAD); exit 2 if it cannot
    python build.py new-association SLUG [--from SLUG]
                                    start content/associations/SLUG/ (passes `check` at once)
    python build.py schema          write schemas/*.schema.json (the editor's view of the model)
    python build.py editor          the staff editor on http://127.0.0.1:8080/admin/: forms for
                                    the rules; each save is a commit on a branch for review
    python build.py format [--check]
                                    write the content files as the editor writes them
                                    (--check: only say which are not; exit 1 if any)

Options: --association SLUG (repeatable: build only these), --date YYYY-MM-DD
(preview the rules in force on that date), --drafts (preview the associations marked
draft: true too), --content DIR, --site DIR.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sitegen.pipeline.site import PROJECT, BuildError, Options, build, review


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="build",
                        choices=("build", "check", "serve", "schema", "changes",
                                 "new-association", "editor", "format"))
    parser.add_argument("slug", nargs="?", help="new-association: the new folder's name")
    parser.add_argument("--association", action="append", default=[], dest="only",
                        metavar="SLUG", help="build only this association (repeatable)")
    parser.add_argument("--date", type=_date, default=None,
                        help="preview the rules in force on this date (default: today); "
                             "the calculator answers as on that date too")
    parser.add_argument("--drafts", action="store_true",
                        help="preview: also build the associations marked 'draft: true' "
                             "(never publish such a build; `serve` always shows drafts)")
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    parser.add_argument("--site", type=Path, default=PROJECT / "site")
    parser.add_argument("--port", type=int, default=8000, help="serve: port on 127.0.0.1")
    parser.add_argument("--since", default="HEAD", metavar="GITREV",
                        help="changes: the git revision to compare with (default HEAD)")
    parser.add_argument("--json", action="store_true", help="changes: print JSON")
    parser.add_argument("--check", action="store_true",
                        help="format: only name the files not in the editor's form")
    parser.add_argument("--from", dest="from_slug", metavar="SLUG",
                        help="new-association: copy this association's folder")
    args = parser.parse_args(argv)
    preview = args.date is not None and args.date != date.today()
    args.date = args.date or date.today()
    options = Options(content=args.content, site=args.site, only=args.only, on=args.date,
                      preview=preview, drafts=args.drafts)
    if args.slug is not None and args.command != "new-association":
        parser.error(f"unexpected argument '{args.slug}'")

    if args.command == "changes":
        return _changes(args)
    if args.command == "format":
        return _format(args)
    if args.command == "editor":
        from sitegen.staff.editor import run

        run(PROJECT, args.content, port=args.port if args.port != 8000 else 8080)
        return 0
    if args.command == "new-association":
        return _new_association(args, parser)

    if args.command == "check":
        problems, warnings = review(options)
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:", file=sys.stderr)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
        _print_warnings(warnings)
        print("content OK: all rules valid, all worked examples pass")
        return 0
    if args.command == "schema":
        from sitegen.staff.schemas import SCHEMA_DIR, write

        written = write()
        print(f"{len(written)} schema file(s) updated in {SCHEMA_DIR}" if written
              else f"schemas in {SCHEMA_DIR} are up to date")
        return 0
    if args.command == "serve":
        from sitegen.staff.serve import serve

        serve(options, args.port)
        return 0
    try:
        summary = build(options)
    except BuildError as err:
        print(f"build failed; {options.site} was left as it was.\n{err}", file=sys.stderr)
        return 1
    print(f"built {summary['pages']} pages for {', '.join(summary['associations'])} "
          f"in {summary['seconds']} s into {summary['site']}")
    _print_warnings(summary["warnings"])
    if args.date != date.today():
        print(f"note: this site shows the rules in force on {args.date.isoformat()}, not "
              "today's. Build again without --date before publishing it.")
    if summary.get("drafts"):
        shown = "shown" if args.drafts else "left out (build with --drafts to preview them)"
        print(f"note: draft associations {shown}: {', '.join(summary['drafts'])}."
              + (" Build again without --drafts before publishing." if args.drafts else ""))
    # The deploy examples follow the policy in sitegen/csp.py (a test checks the
    # committed copies; this keeps them in step for whoever edits the policy).
    from sitegen.bundle.csp import write_deploy_files

    for path in write_deploy_files():
        print(f"updated {path.relative_to(PROJECT)} from sitegen/csp.py: commit it")
    return 0


def _print_warnings(warnings: list[str]) -> None:
    """Valid content that looks unfinished: said, never refused."""
    if warnings:
        print(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (the site builds, but "
              "check these before publishing):", file=sys.stderr)
        for warning in warnings:
            print(warning, file=sys.stderr)


def _format(args: argparse.Namespace) -> int:
    from sitegen.staff.formatting import FormatError, run

    try:
        report = run(args.content, check_only=args.check)
    except FormatError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for line in report.refused:
        print(f"left alone: {line}", file=sys.stderr)
    if report.dropped:
        print(f"{len(report.dropped)} comment(s) {'would be' if args.check else 'were'} "
              "dropped (notes for staff go in staff_notes of association.yaml):",
              file=sys.stderr)
        for line in report.dropped:
            print(f"  {line}", file=sys.stderr)
    if args.check:
        for path in report.changed:
            print(f"not in the editor's form: {path} (run: build.py format)")
        if not report.changed and not report.refused:
            print("every rule file is in the editor's form")
        return 1 if report.changed or report.refused else 0
    for path in report.changed:
        print(f"formatted {path}")
    if not report.changed:
        print("every rule file is already in the editor's form")
    return 1 if report.refused else 0


def _changes(args: argparse.Namespace) -> int:
    import json

    from sitegen.staff.changes import DiffError, as_text, changes

    try:
        report = changes(args.content, args.since, args.date, args.only or None)
    except DiffError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else as_text(report))
    return 0


def _new_association(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from sitegen.staff.scaffold import ScaffoldError, new_association

    if not args.slug:
        parser.error("new-association needs the new folder's name, e.g. aimh-texas")
    try:
        written = new_association(args.content, args.slug, args.from_slug)
    except ScaffoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    folder = written[0].parent if written else args.content
    copied = f" (a copy of {args.from_slug})" if args.from_slug else ""
    print(f"wrote {len(written)} files into {folder}{copied}.\n"
          "Next: follow the onboarding checklist in content/README.md (\"Adding an "
          "association\"), then run: .venv/bin/python build.py check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
