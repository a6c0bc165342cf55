"""python -m bench: measure, print a Markdown table, write JSON. Not a test: no pass/fail.

    python -m bench [--runs 7] [--journey-runs 3] [--out bench-results] [--skip-browser]
    python -m bench --only journey [--site SITE]   # the slow-phone journey alone
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from calculator.contentfiles.repository import load_content
from sitegen.pipeline.site import PROJECT, Options, build

from . import engine
from .generate import generate


def _build_seconds(content: Path, site: Path, on: date) -> float:
    started = time.perf_counter()
    build(Options(content=content, site=site, on=on))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=PROJECT / "bench-results")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--journey-runs", type=int, default=3,
                        help="visits per CPU mode of the slow-phone journey")
    parser.add_argument("--only", choices=["journey"],
                        help="measure the slow-phone journey alone (no builds, no other figures)")
    parser.add_argument("--site", type=Path,
                        help="with --only journey: an already built site (default: build one)")
    args = parser.parse_args(argv)
    if args.only == "journey":
        return _journey_only(args)
    today = date.today()
    results: dict = {"date": datetime.now().isoformat(timespec="seconds"),
                     "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
                                f"{_cores()} cores, Python {platform.python_version()}",
                     "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="iecmh-bench-") as tmp:
        work = Path(tmp)
        print("building: 2 associations...", file=sys.stderr)
        two = [_build_seconds(PROJECT / "content", work / "site2", today) for _ in range(3)]
        generate(PROJECT / "content", work / "content38")
        print("building: 38 associations...", file=sys.stderr)
        many = [_build_seconds(work / "content38", work / "site38", today) for _ in range(3)]
        results["build_seconds_2"] = round(min(two), 2)
        results["build_seconds_38"] = round(min(many), 2)
        results["build_ratio_38_to_2"] = round(min(many) / min(two), 2)
        content = load_content(PROJECT / "content")
        results["engine"] = {slug: engine.throughput(a) for slug, a in
                             content.associations.items()}
        if not args.skip_browser:
            from .browser import measure

            print(f"browser: {args.runs} interleaved runs...", file=sys.stderr)
            results["browser"] = measure(work / "site2", work, runs=args.runs)
            from . import journey

            print(f"slow phone journey: {args.journey_runs} runs per CPU mode...",
                  file=sys.stderr)
            results["journey"] = journey.measure(work / "site2", work, runs=args.journey_runs)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"bench-{today.isoformat()}.json"
    out.write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\n(written to {out})", file=sys.stderr)
    return 0


def _journey_only(args) -> int:
    from . import journey

    results: dict = {"date": datetime.now().isoformat(timespec="seconds"),
                     "machine": f"{platform.machine()}, {_cores()} cores, "
                                f"Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory(prefix="iecmh-bench-") as tmp:
        work = Path(tmp)
        site = args.site
        if site is None:
            print("building: 2 associations...", file=sys.stderr)
            site = work / "site"
            build(Options(content=PROJECT / "content", site=site, on=date.today()))
        results["site"] = str(site)
        print(f"slow phone journey: {args.journey_runs} runs per CPU mode...", file=sys.stderr)
        results["journey"] = journey.measure(site, work, runs=args.journey_runs)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"journey-{datetime.now().strftime('%Y-%m-%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2))
    j = results["journey"]
    print(f"Measured {results['date']} on {results['machine']}, site {results['site']}, "
          f"{args.journey_runs} runs per CPU mode. Load average {j['load_average_before']} "
          f"before, {j['load_average_after']} after.\n")
    print("| Figure | Measured | Target |\n|---|---|---|")
    print("\n".join("| " + " | ".join(row) + " |" for row in journey.rows(j)))
    print(f"\n(written to {out})", file=sys.stderr)
    return 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def table(r: dict) -> str:
    rows = [("Figure", "Measured", "Target")]
    b = r.get("browser")
    mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
    ms = lambda s: f"{s['median']:.0f} ms ({s['min']:.0f}–{s['max']:.0f})"  # noqa: E731
    if b:
        for name in ("desktop", "phone"):
            p = b[name]
            cold, second = p["cold"], p["second"]
            rows += [
                (f"{name.capitalize()}: cold first answer (median, min–max)",
                 ms(cold["first_answer_ms"]), ""),
                (f"{name.capitalize()}: stock Pyodide cold boot, same run",
                 ms(cold["stock_ms"]), ""),
                (f"{name.capitalize()}: cold ratio (ours ÷ stock)", f"{cold['ratio']:.2f}",
                 "≤ 0.5" if name == "desktop" else "below stock"),
            ]
            if "floor_ms" in cold:
                rows.append((f"{name.capitalize()}: floor (bytes ÷ bandwidth + 2 round trips); "
                             "first answer ÷ floor",
                             f"{cold['floor_ms']} ms; {cold['over_floor']:.2f}", "≤ 1.25"))
            rows += [
                (f"{name.capitalize()}: second visit, ours / stock",
                 f"{second['first_answer_ms']['median']:.0f} / "
                 f"{second['stock_ms']['median']:.0f} ms", ""),
                (f"{name.capitalize()}: second-visit ratio", f"{second['ratio']:.2f}", "≤ 0.5"),
            ]
        d = b["desktop"]
        rows += [
            ("Cold transfer as served (raw): ours / stock",
             f"{mb(d['cold']['transferred_bytes'])} ({mb(d['cold']['raw_bytes'])}) / "
             f"{mb(d['cold']['stock_transferred_bytes'])} "
             f"({mb(d['cold']['stock_raw_bytes'])})", "ours ≤ stock"),
            ("Second visit: bytes sent, runtime bytes, revalidations: ours / stock",
             f"{d['second']['transferred_bytes']:,} B, {d['second']['runtime_bytes']:,} B, "
             f"{d['second']['revalidated']} / {d['second']['stock_transferred_bytes']:,} B, "
             f"{d['second']['stock_runtime_bytes']:,} B, {d['second']['stock_revalidated']}",
             "no runtime bytes"),
            ("Recompute latency p50 / p95 (200 changes)",
             f"{b['recompute']['p50_ms']} / {b['recompute']['p95_ms']} ms", "p95 ≤ 16 ms"),
            ("Longest main-thread task while booting (desktop, cold)",
             f"{d['cold']['longest_task_ms']:.0f} ms", "≤ 200 ms"),
            ("Informational page (fees) as served, Pyodide bytes",
             f"{b['informational_page']['transferred_bytes'] / 1e3:.0f} KB "
             f"({b['informational_page']['raw_bytes'] / 1e3:.0f} KB raw), "
             f"{b['informational_page']['pyodide_bytes']} B", "≤ 400 KB, 0"),
            ("Engine per call inside Pyodide (answer: all three)",
             f"{b['recompute']['pyodide_per_call_ms']} ms", ""),
        ]
    if r.get("journey"):
        from .journey import rows as journey_rows

        rows += journey_rows(r["journey"])
    rows += [
        ("Build: 2 associations / 38 associations",
         f"{r['build_seconds_2']} s / {r['build_seconds_38']} s", ""),
        ("Build ratio 38 ÷ 2", f"{r['build_ratio_38_to_2']}", "≤ 8"),
    ]
    for slug, e in r["engine"].items():
        rows.append((f"Engine in CPython, {slug} (eligibility + fees + renewal)",
                     f"{e['profiles_per_second']:,} profiles/s", "≥ 10,000"))
    lines = [f"Measured {r['date']} on {r['machine']}, {r['runs']} runs per browser figure."]
    if b:
        lines[0] += (f" Load average {b['load_average_before']} before, "
                     f"{b['load_average_after']} after. Worker CPU throttling: "
                     f"{b['worker_cpu_throttling']}.")
    lines += ["", "| " + " | ".join(rows[0]) + " |", "|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
