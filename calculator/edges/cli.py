"""Command line: ``python -m calculator`` (also the ``iecmh-calculator`` script).

Thin by design: parse arguments, load the association, call the service,
print JSON. Every refusal is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import CalculatorError, InputError
from . import inputs

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + message
        raise InputError({"arguments": f"{message} (see {self.prog} --help)"})


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculator",
                     description="IECMH Endorsement eligibility, fees and renewal. "
                                 "Prints JSON; see the README for the contract.")
    parser.add_argument("--content", type=Path, default=None,
                        help="content folder (default: the project's content/)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("eligibility", help="recommended category, gaps, exam")
    p.add_argument("--association", required=True)
    p.add_argument("--on", help="rules in force on this date (default: today)")
    p.add_argument("profile", help="profile JSON file, or - for standard input")

    p = sub.add_parser("fees", help="application and membership fees")
    p.add_argument("--association", required=True)
    p.add_argument("--category", required=True, help="category code, e.g. IFS or ECFS")
    p.add_argument("--add-on", action="append", default=[], dest="add_ons",
                   help="add-on code (ERS); may be repeated")
    p.add_argument("--membership", choices=inputs.MEMBERSHIP_KINDS)
    p.add_argument("--term", help="membership term in years")
    p.add_argument("--staff", help="agency membership: number of staff")
    p.add_argument("--member", action="store_true",
                   help="you are already a member: member prices (buying a membership in the "
                        "same quote does the same)")
    p.add_argument("--on", help="fees in force on this date (default: today)")

    p = sub.add_parser("agency", help="several staff applying under one agency membership")
    p.add_argument("--association", required=True)
    p.add_argument("--apply", action="append", default=[], dest="applications",
                   metavar="CODE=N", help="N staff apply in the category CODE (IFS=3); "
                                          "may be repeated")
    p.add_argument("--add-on", action="append", default=[], dest="add_ons", metavar="CODE=N",
                   help="N of them also apply for the add-on CODE (ERS=1); may be repeated")
    p.add_argument("--term", help="membership term in years (default: the first offered)")
    p.add_argument("--staff", help="staff in the agency membership (default: those applying)")
    p.add_argument("--on", help="fees in force on this date (default: today)")

    p = sub.add_parser("renewal", help="next renewal deadline and prorated requirements")
    p.add_argument("--association", required=True)
    p.add_argument("--endorsed-on", required=True)
    p.add_argument("--as-of", help="date of the question (default: today)")
    p.add_argument("--category", help="category or add-on code: decides whether RSC is required")
    p.add_argument("--track", help="Mentor track: clinical, policy or research_faculty")
    p.add_argument("--holds", action="append", default=[], dest="add_ons", metavar="ADD_ON",
                   help="an add-on you hold (ERS): its RSC requirement applies; may be repeated")
    p.add_argument("--provides-rsc", action="store_true",
                   help="you provide RSC: adds the training on the provision of RSC")
    p.add_argument("--logged", help="JSON file of hours logged so far")
    p.add_argument("--last-renewed", help="year of the last deadline you renewed for "
                                          "(default: every deadline whose grace period has "
                                          "ended was met)")
    return parser


def _read_json(name: str, field: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError({field: f"cannot read {name}: {getattr(err, 'strerror', None) or err}"}
                         ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError({field: f"{name} is not valid JSON: {err.msg} at line {err.lineno}, "
                                 f"column {err.colno}."}) from None


def _counts(pairs: list[str], field: str) -> dict[str, str]:
    """CODE=N pairs (IFS=3) as the request mapping; N is read with the others."""
    out: dict[str, str] = {}
    for pair in pairs:
        code, sep, count = pair.partition("=")
        if not sep or not code.strip():
            raise InputError({field: f"write CODE=N, such as IFS=3, not '{pair}'."})
        out[code.strip()] = count.strip()
    return out


def run(argv: list[str] | None = None) -> dict[str, Any]:
    args = _parser().parse_args(argv)
    # Imported here so that `--help` and argument errors need no YAML at all.
    from ..contentfiles.repository import load_one

    association = load_one(args.association, args.content)
    if args.command == "eligibility":
        request = {"profile": _read_json(args.profile, "profile")}
    elif args.command == "fees":
        request = {"category": args.category, "add_ons": args.add_ons,
                   "membership": args.membership, "term": args.term, "staff": args.staff,
                   "member": args.member}
    elif args.command == "agency":
        request = {"applications": _counts(args.applications, "applications"),
                   "add_ons": _counts(args.add_ons, "add_ons"), "term": args.term,
                   "staff": args.staff}
    else:
        request = {"endorsed_on": args.endorsed_on, "as_of": args.as_of,
                   "category": args.category, "track": args.track, "add_ons": args.add_ons,
                   "provides_rsc": args.provides_rsc, "last_renewed": args.last_renewed,
                   "logged": _read_json(args.logged, "logged") if args.logged else None}
    from .service import run as ask

    return ask(association, args.command, request, getattr(args, "on", None))


def main(argv: list[str] | None = None) -> int:
    from ..contentfiles.repository import ContentError, UnknownAssociation

    try:
        result = run(argv)
    except InputError as err:
        print("error: " + "; ".join(f"{k}: {v}" if k not in ("arguments",) else v
                                    for k, v in err.fields.items()), file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnknownAssociation as err:
        print(f"error: association: {err.problems[0].message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CalculatorError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
