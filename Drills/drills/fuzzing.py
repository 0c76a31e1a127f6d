"""fuzzing: runs BIN/stip-fuzz once per reader it lists (`--list`), with `--count` inputs and a
seed. Each run prints one JSON object: reader, inputs, accepted, rejected, unclear_rejections,
max_ms, peak_rss_mib. A signal, a hang (exit 3) or an error exit is a crash; stip-fuzz exits 1
when it counted unclear rejections, which are counted as such. One row per reader.

So that the run stays within its time, each reader first gets a pilot of a few thousand inputs;
when 100 000 would take longer than the reader's budget (`--fuzz-budget`; by default none, so every reader gets 100 000; 20 s with --quick),
the count is reduced to what fits, and the row says so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from typing import Any

from .common import Env, Result

NAME = "fuzzing"
SUMMARY = "BIN/stip-fuzz on every reader it lists; crashes and unclear rejections count as damaged"
FIELDS = ("reader", "inputs", "accepted", "rejected", "unclear_rejections", "max_ms", "peak_rss_mib")
FULL_COUNT = 100000


def run(env: Env) -> list[Result]:
    exe = env.binary("stip-fuzz")
    if not os.access(exe, os.X_OK):
        r = Result(NAME)
        r.skip(f"{exe} does not exist (stip-fuzz is not built yet)")
        return [r]
    try:
        p = subprocess.run([exe, "--list"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        r = Result(NAME)
        r.fail(f"stip-fuzz --list did not run: {e}")
        return [r]
    readers = [ln.strip() for ln in p.stdout.splitlines() if ln.strip()]
    if p.returncode != 0 or not readers:
        r = Result(NAME)
        r.fail(f"stip-fuzz --list exited {p.returncode} with {len(readers)} readers: {p.stderr.strip()[-300:]}")
        return [r]
    count = env.size(FULL_COUNT, 2000)
    budget = env.fuzz_budget if env.fuzz_budget is not None else env.size(0.0, 20.0)
    env.log(NAME, f"{len(readers)} readers, up to {count} inputs each"
                  f"{f', about {budget:.0f} s each' if budget else ''}: {', '.join(readers)}")
    return [fuzz_one(env, exe, reader, count, budget) for reader in readers]


class Run:
    def __init__(self, cmd: list[str], timeout: float):
        self.cmd = cmd
        t = time.monotonic()
        self.timed_out = False
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            self.returncode, self.stdout, self.stderr = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            self.timed_out = True
            self.returncode = None
            self.stdout = e.stdout.decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            self.stderr = e.stderr.decode("utf-8", "replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        self.seconds = time.monotonic() - t
        self.report: dict[str, Any] | None = None
        for line in reversed(self.stdout.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.report = json.loads(line)
                    break
                except ValueError:
                    continue

    def crash(self) -> str | None:
        """Why this run counts as a crash, or None."""
        if self.timed_out:
            return f"did not finish within {self.seconds:.0f} s (stip-fuzz's own watchdog did not fire either)"
        rc = self.returncode
        if rc is not None and rc < 0:
            try:
                name = signal.Signals(-rc).name
            except ValueError:
                name = f"signal {-rc}"
            return f"crashed with {name}"
        if rc == 3:
            return "hung (stip-fuzz's watchdog: no input finished for 30 s)"
        if rc == 1 and self.report is not None and int(self.report.get("unclear_rejections", 0) or 0) > 0:
            return None  # exit 1 = unclear rejections were counted; they are reported as such
        if rc == 2:
            return "refused its arguments (exit 2)"
        if rc != 0:
            return f"exited {rc}"
        return None


def fuzz_one(env: Env, exe: str, reader: str, count: int, budget: float) -> Result:
    r = Result(f"fuzzing:{reader}")
    seed = env.seed
    findings = os.path.join(env.scenario_dir(NAME), reader)
    os.makedirs(findings, exist_ok=True)

    def command(n: int) -> list[str]:
        return [exe, "--reader", reader, "--count", str(n), "--seed", str(seed), "--bin", env.bin_dir,
                "--findings", findings]

    t = time.monotonic()
    n = count
    reduced = ""
    run = None
    if budget:
        pilot_n = min(count, env.size(2000, 500))
        run = Run(command(pilot_n), timeout=max(180.0, 3 * budget))
        if run.crash() is None and run.report is not None and pilot_n < count:
            per_input = run.seconds / max(1, pilot_n)
            estimate = per_input * count
            if estimate > budget:
                n = max(pilot_n, int(0.85 * budget / per_input) // 1000 * 1000)
                reduced = f"count cut to {n} to fit {budget:.0f} s (all {count}: about {estimate:.0f} s)"
            if n > pilot_n:
                run = None
        elif run.crash() is None and run.report is not None:
            n = pilot_n
    if run is None:
        run = Run(command(n), timeout=max(180.0, 3 * budget) if budget else 3600.0)
    r.elapsed_s = time.monotonic() - t
    r.faults = f"{n} generated inputs, seed {seed}"
    r.load = f"{n} inputs asked"
    reproduce = " ".join(run.cmd)
    crash = run.crash()
    if crash:
        r.damaged += 1
        r.fail(f"stip-fuzz --reader {reader} {crash}; reproduce: {reproduce}; stderr: {run.stderr.strip()[-400:]}")
    report = run.report
    r.details = {"command": run.cmd, "seconds": round(run.seconds, 1), "stderr_tail": run.stderr[-2000:],
                 "findings": findings}
    if report is None:
        if not crash:
            r.fail(f"stip-fuzz --reader {reader} printed no JSON report: {run.stdout.strip()[-300:]!r}")
        return r
    r.details["report"] = report
    missing = [f for f in FIELDS if f not in report]
    if missing:
        r.fail(f"the report lacks {missing}: {report}")
    unclear = int(report.get("unclear_rejections", 0) or 0)
    r.damaged += unclear
    if unclear:
        examples = report.get("unclear_examples") or []
        r.fail(f"{unclear} inputs were rejected without saying what is wrong, e.g. {examples[:2]}; inputs saved "
               f"under {report.get('findings', findings)}; reproduce: {reproduce}")
    r.load = f"{report.get('inputs')} inputs"
    if reduced:
        r.note(reduced)
    r.note(f"accepted {report.get('accepted')}, rejected {report.get('rejected')}, max {report.get('max_ms')} ms, "
           f"peak {report.get('peak_rss_mib')} MiB, {run.seconds:.0f} s")
    return r
