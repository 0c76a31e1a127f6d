#!/usr/bin/env python3
"""Idle tenants: the memory and start-up of a real stipd holding 342 workspaces (one per Dutch municipality, each
with an active trajectory and a poll), against the same daemon holding none, measured in the same run.

Usage: Benchmarks/idle_tenants.py [--bin .build/release] [--workspaces 342]

For each daemon: it is set up, stopped with SIGTERM and started again; then
  - start-up: from the start of the process until `stipctl workspace list` lists every workspace;
  - RSS after the restart, with the daemon at rest for 5 s;
  - RSS after every workspace was touched once (its resident page, its poll form, its trajectory on the
    admin API), at rest for 5 s.
Goals (issue 18): at most 64 MiB after the restart, 96 MiB after touching, start-up within 0.5 s.
Uses the drills' daemon harness (Drills/drills/common.py): the real stipd, stipctl and plugin executables.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "Drills"))
sys.dont_write_bytecode = True

from drills.common import TRAJECTORY, Daemon, Env, create_workspace, in_parallel, rss_kib  # noqa: E402

GOALS = {"after restart": 64.0, "after touching each": 96.0, "start-up": 0.5}


def listed(d: Daemon) -> int:
    p = d.stipctl("workspace", "list", "-o", "json", timeout=30)
    if p.returncode != 0:
        return -1
    data = json.loads(p.stdout)
    return len(data["workspaces"] if isinstance(data, dict) else data)


def at_rest_mib(d: Daemon) -> float:
    time.sleep(5.0)
    return (rss_kib(d.pid) or 0) / 1024


def measure(env: Env, name: str, count: int) -> dict[str, float]:
    d = Daemon(env, name, env.scenario_dir(name))
    slugs = [f"gm{i:04d}" for i in range(1, count + 1)]
    try:
        d.start()
        errors = in_parallel(slugs, lambda slug: create_workspace(d, slug, f"Gemeente {slug.upper()}", poll_limit="browser"))
        if errors:
            raise SystemExit(f"setting up {len(errors)} workspaces failed, e.g. {errors[:3]}")
        if d.stop() is None:
            raise SystemExit("stipd did not stop within 30 s of SIGTERM")
        started = d.spawn()
        startup = None
        while time.monotonic() - started < 60:
            try:
                if listed(d) >= count:
                    startup = time.monotonic() - started
                    break
            except (ValueError, OSError):
                pass
            time.sleep(0.02)
        if startup is None:
            raise SystemExit(f"{name}: the workspace list did not hold all {count} within 60 s of the start")
        d.wait_ready()
        after_restart = at_rest_mib(d)

        def touch(slug: str) -> None:
            for reply in (d.public("GET", f"/{slug}/"), d.public("GET", f"/api/v1/{slug}/{TRAJECTORY}/poll/form"),
                          d.admin("GET", f"/v1/workspaces/{slug}/trajectories/{TRAJECTORY}")):
                if reply.status != 200:
                    raise RuntimeError(reply.short(150))

        errors = in_parallel(slugs, touch)
        if errors:
            raise SystemExit(f"touching {len(errors)} workspaces failed, e.g. {errors[:3]}")
        after_touching = at_rest_mib(d)
        return {"start-up": startup, "after restart": after_restart, "after touching each": after_touching}
    finally:
        d.ensure_stopped()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--workspaces", type=int, default=342)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stip-idle-") as root:
        env = Env(os.path.abspath(arguments.bin), REPO, root, quick=False, keep=False, seed=0)
        baseline = measure(env, "no-workspaces", 0)
        tenants = measure(env, "many-workspaces", arguments.workspaces)
    print(f"idle tenants: stipd with {arguments.workspaces} workspaces against stipd with none (baseline), same run")
    failed = False
    for key in ["start-up", "after restart", "after touching each"]:
        unit = "s" if key == "start-up" else "MiB"
        met = tenants[key] <= GOALS[key]
        failed = failed or not met
        print(f"{key:<22} {tenants[key]:8.2f} {unit:<4} baseline {baseline[key]:7.2f} {unit:<4} "
              f"{tenants[key] / baseline[key]:5.2f}× of the baseline   goal ≤ {GOALS[key]} {unit}: {'met' if met else 'NOT MET'}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
