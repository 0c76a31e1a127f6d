#!/usr/bin/env python3
"""Reliability drills for stipd (Python 3 standard library only).

    python3 Drills/run.py --bin .build/release                 # every drill, ~10-15 min on 2 cores
    python3 Drills/run.py --bin .build/debug --quick           # smaller drills, for development
    python3 Drills/run.py --bin .build/release --only disk-full,slow-clients

Each drill starts its own stipd in a temp dir, injects its faults and checks that nothing a
resident was told is stored got lost, duplicated or damaged. At the end one table; the exit
status is 1 when any drill lost, duplicated or damaged something or failed a check.
See Drills/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the checkout

from drills import SCENARIOS  # noqa: E402
from drills.common import DrillError, Env, Result  # noqa: E402

COLUMNS = ["scenario", "load", "faults injected", "acknowledged", "lost", "duplicated", "damaged",
           "recovered in", "notes"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    names = [s.NAME for s in SCENARIOS]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=".build/release", help="directory with stipd, stipctl, the plugins (and stip-fuzz)")
    p.add_argument("--only", default="", help="comma-separated drills to run: " + ", ".join(names))
    p.add_argument("--quick", action="store_true", help="smaller drills (development)")
    p.add_argument("--keep", action="store_true", help="keep every drill's temp dir (kept anyway when it failed)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    p.add_argument("--tmp", default=None, help="where the run's temp dir goes (default: the system's)")
    p.add_argument("--fuzz-budget", type=float, default=None, metavar="SECONDS",
                   help="about how long each stip-fuzz reader may take (default: no limit, every reader gets 100000; 20 with --quick); "
                        "fewer than 100000 inputs when a pilot shows they would not fit; 0 = no limit")
    p.add_argument("--list", action="store_true", help="list the drills and exit")
    args = p.parse_args(argv)
    if args.list:
        for s in SCENARIOS:
            print(f"{s.NAME:22} {s.SUMMARY}")
        sys.exit(0)
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            p.error(f"unknown drill(s): {', '.join(unknown)}; known: {', '.join(names)}")
        args.selected = [s for s in SCENARIOS if s.NAME in wanted]
    else:
        args.selected = list(SCENARIOS)
    return args


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def cell(r: Result, column: str) -> str:
    if column == "scenario":
        return r.scenario
    if r.skipped is not None and column not in ("notes",):
        return "-" if column != "load" else ""
    if column == "load":
        return r.load
    if column == "faults injected":
        return r.faults
    if column == "acknowledged":
        return "-" if r.acknowledged is None else str(r.acknowledged)
    if column == "lost":
        return str(r.lost)
    if column == "duplicated":
        return str(r.duplicated)
    if column == "damaged":
        return str(r.damaged)
    if column == "recovered in":
        return r.recovered_in
    if column == "notes":
        if r.skipped is not None:
            return f"SKIPPED: {r.skipped}"
        head = "ok" if r.status == "ok" else f"FAILED ({len(r.failures)} check{'s' if len(r.failures) != 1 else ''})"
        return "; ".join([head] + r.notes)
    return ""


def print_table(results: list[Result]) -> None:
    rows = [[cell(r, c) for c in COLUMNS] for r in results]
    widths = [max(len(c), *(len(row[i]) for row in rows)) if rows else len(c) for i, c in enumerate(COLUMNS)]
    line = "| " + " | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)) + " |"
    sep = "|-" + "-|-".join("-" * w for w in widths) + "-|"
    print(line)
    print(sep)
    for row in rows:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(row, widths)) + " |")


def save_metrics(env: Env, root: str) -> None:
    if env.last_metrics is None:
        print("\nmetrics: no daemon answered GET /metrics")
        return
    name, text = env.last_metrics
    path = os.path.join(root, "metrics.txt")
    with open(path, "w") as f:
        f.write(text)
    series = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    stip = [ln for ln in series if ln.startswith("stip_")]
    print(f"\nmetrics of the last daemon ({name}): {path}")
    print(f"  {len(series)} series, {len(stip)} of them stip_*; a few:")
    seen = set()
    for ln in stip:
        family = ln.split("{")[0].split(" ")[0]
        if family in seen or family.endswith(("_bucket", "_sum", "_count")):
            continue
        seen.add(family)
        print(f"    {ln}")
        if len(seen) >= 8:
            break


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    raise_fd_limit()
    bin_dir = os.path.abspath(args.bin)
    if not os.path.isdir(bin_dir):
        print(f"run.py: --bin {args.bin}: no such directory", file=sys.stderr)
        return 2
    repo = os.path.dirname(HERE)
    seed = args.seed if args.seed is not None else int(time.time())
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    root = tempfile.mkdtemp(prefix=f"stip-drills-{stamp}-", dir=args.tmp)
    env = Env(bin_dir, repo, root, args.quick, args.keep, seed)
    env.fuzz_budget = args.fuzz_budget
    print(f"drills: {', '.join(s.NAME for s in args.selected)}{' (quick)' if args.quick else ''}; "
          f"binaries {bin_dir}; seed {seed}; temp dir {root}", file=sys.stderr)

    results: list[Result] = []
    t0 = time.monotonic()
    for scenario in args.selected:
        env.log(scenario.NAME, f"start: {scenario.SUMMARY}")
        t = time.monotonic()
        try:
            got = scenario.run(env)
            rows = got if isinstance(got, list) else [got]
        except DrillError as e:
            r = Result(scenario.NAME)
            r.fail(f"the drill could not run: {e}")
            rows = [r]
        except Exception as e:  # a bug in the drill must show, not pass
            r = Result(scenario.NAME)
            r.fail(f"the drill crashed: {type(e).__name__}: {e}")
            r.details["traceback"] = traceback.format_exc()
            traceback.print_exc()
            rows = [r]
        took = time.monotonic() - t
        for r in rows:
            r.elapsed_s = took if len(rows) == 1 else r.elapsed_s
            results.append(r)
            env.log(scenario.NAME, f"{r.scenario}: {r.status} in {r.elapsed_s:.0f} s"
                                   + (f" ({r.skipped})" if r.skipped else "")
                                   + "".join(f"\n    - {f}" for f in r.failures))
        home = os.path.join(root, scenario.NAME)
        if not args.keep and all(r.status == "ok" for r in rows) and os.path.isdir(home):
            shutil.rmtree(home, ignore_errors=True)
    elapsed = time.monotonic() - t0

    print()
    print_table(results)
    failed = [r for r in results if r.status == "FAILED"]
    for r in failed:
        print(f"\n{r.scenario} FAILED:")
        for f in r.failures or ["lost, duplicated or damaged is not zero"]:
            print(f"  - {f}")
    skipped = [r for r in results if r.status == "skipped"]
    out = os.path.join(root, "results.json")
    with open(out, "w") as f:
        json.dump({"bin": bin_dir, "quick": args.quick, "seed": seed, "elapsed_s": round(elapsed, 1),
                   "results": [r.as_json() for r in results]}, f, indent=2)
    save_metrics(env, root)
    print(f"\nresults: {out}")
    print(f"{len(results)} rows: {len(results) - len(failed) - len(skipped)} ok, {len(failed)} failed, "
          f"{len(skipped)} skipped; {elapsed / 60:.1f} min (seed {seed})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
