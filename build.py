#!/usr/bin/env python3
"""Build the IECMH Endorsement site from content/.

    python build.py                 validate, render, export rules JSON, bundle the runtime,
                                    run mkdocs; swap the result into site/ only on success
    python build.py check           validate all content, run the worked examples and render
                                    the pages in memory; print every problem; change nothing
    python build.py serve           build, serve on http://127.0.0.1:8000/, rebuild on changes
    python build.py schema          write schemas/*.schema.json (the editor's view of the model)

Options: --association SLUG (repeatable: build only these), --date YYYY-MM-DD
(show the rules in force on that date), --content DIR, --site DIR.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sitegen.site import PROJECT, BuildError, Options, build, check


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="build",
                        choices=("build", "check", "serve", "schema"))
    parser.add_argument("--association", action="append", default=[], dest="only",
                        metavar="SLUG", help="build only this association (repeatable)")
    parser.add_argument("--date", type=_date, default=date.today(),
                        help="show the rules in force on this date (default: today)")
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    parser.add_argument("--site", type=Path, default=PROJECT / "site")
    parser.add_argument("--port", type=int, default=8000, help="serve: port on 127.0.0.1")
    args = parser.parse_args(argv)
    options = Options(content=args.content, site=args.site, only=args.only, on=args.date)

    if args.command == "check":
        problems = check(options)
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:", file=sys.stderr)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
        print("content OK: all rules valid, all worked examples pass")
        return 0
    if args.command == "schema":
        from sitegen.schemas import SCHEMA_DIR, write

        written = write()
        print(f"{len(written)} schema file(s) updated in {SCHEMA_DIR}" if written
              else f"schemas in {SCHEMA_DIR} are up to date")
        return 0
    if args.command == "serve":
        from sitegen.serve import serve

        serve(options, args.port)
        return 0
    try:
        summary = build(options)
    except BuildError as err:
        print(f"build failed; {options.site} was left as it was.\n{err}", file=sys.stderr)
        return 1
    print(f"built {summary['pages']} pages for {', '.join(summary['associations'])} "
          f"in {summary['seconds']} s into {summary['site']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
