"""kill9-mid-cycle: a trajectory with enough poll responses that an evaluation cycle takes a
moment; a cycle is started in the background and stipd is killed with SIGKILL while it runs
(in the `evaluating` stage, streaming responses to the plugin, and in `measuring`). After the
restart the cycle must be redone once: exactly one finished cycle for that planned instant,
counting every response once."""

from __future__ import annotations

import collections
import http.client
import random
import time
from typing import Any

from .common import (TRAJECTORY, Daemon, DrillError, Env, NotSent, Result, check_integrity, create_workspace,
                     fmt_s, median_max, reconcile, today)

NAME = "kill9-mid-cycle"
SUMMARY = "SIGKILL stipd while an evaluation cycle runs; exactly one finished cycle per planned instant"
SLUG = "cycle"
CHUNK = 5000


def run(env: Env) -> Result:
    r = Result(NAME)
    d = Daemon(env, NAME, env.scenario_dir(NAME))
    try:
        _run(env, d, r)
    finally:
        d.ensure_stopped()
    return r


def import_rows(d: Daemon, rows: int, rng: random.Random, start: int) -> list[str]:
    lines = ["variant,why"]
    for i in range(start, start + rows):
        lines.append(f"{rng.choice('abc')},reden {i}")
    body = ("\n".join(lines) + "\n").encode()
    reply = d.admin_ok("POST", f"/v1/workspaces/{SLUG}/activities/poll/imports?occurred_on={today().isoformat()}",
                       body, "text/csv", expect=(200, 201), timeout=900)
    ids = reply.json().get("contributions", [])
    if len(ids) != rows:
        raise DrillError(f"import of {rows} rows answered {len(ids)} contribution ids")
    return ids


def cycles(d: Daemon) -> list[dict[str, Any]]:
    return d.admin_ok("GET", f"/v1/workspaces/{SLUG}/trajectories/{TRAJECTORY}/cycles").json()["cycles"]


def progress(d: Daemon, n: int) -> dict[str, Any]:
    return d.admin_ok("GET", f"/v1/workspaces/{SLUG}/trajectories/{TRAJECTORY}/cycles/{n}/progress",
                      timeout=10).json()


def _run(env: Env, d: Daemon, r: Result) -> None:
    rng = env.rng
    d.start()
    create_workspace(d, SLUG, "Gemeente Cyclus", methods=("poll",), poll_limit="browser")
    target_rows = env.size(40000, 8000)
    budget = env.size(150.0, 60.0)
    imported: list[str] = []
    t = time.monotonic()
    while len(imported) < target_rows and time.monotonic() - t < budget:
        imported += import_rows(d, CHUNK, rng, len(imported))
    env.log(NAME, f"imported {len(imported)} poll responses in {time.monotonic() - t:.0f} s")

    targets = env.size(["evaluating", "measuring", "evaluating"], ["evaluating", "measuring"])
    kills = 0
    misses = 0
    recoveries = []
    rounds: list[dict[str, Any]] = []
    for rnd, target in enumerate(targets):
        for attempt in range(4):
            if rnd > 0 or attempt > 0:
                # New responses, so that an incremental cycle has something to stream.
                imported += import_rows(d, CHUNK * (attempt + 1), rng, len(imported))
            reply = d.admin_ok("POST", f"/v1/workspaces/{SLUG}/trajectories/{TRAJECTORY}/cycles?background=true",
                               expect=(202,))
            number = reply.json()["number"]
            planned = next(c["planned_at"] for c in cycles(d) if c["number"] == number)
            seen = []
            killed_at = None
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                p = progress(d, number)
                seen.append(p["stage"])
                # The first round waits until responses are streaming to the plugin: mid-stream.
                if p["stage"] == target and (rnd > 0 or target != "evaluating" or (p.get("streamed") or 0) > 0):
                    killed_at, _, _ = d.kill9()
                    kills += 1
                    env.log(NAME, f"cycle {number}: SIGKILL in stage {target} "
                                  f"(streamed {p.get('streamed')}, activities {p.get('activities_done')}/"
                                  f"{p.get('activities_total')})")
                    break
                if p["stage"] in ("finished", "failed"):
                    break
                time.sleep(0.01)
            if killed_at is not None:
                rounds.append({"number": number, "planned_at": planned, "stage": target, "kill": killed_at})
                break
            misses += 1
            env.log(NAME, f"cycle {number} ended ({seen[-1] if seen else '?'}) before stage {target} was seen "
                          f"(stages {list(dict.fromkeys(seen))}); more data, again")
        else:
            r.fail(f"could not catch a cycle in stage {target} in 4 attempts: the fault was not injected")
            continue

        d.spawn()
        d.wait_ready()
        last = None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                last = progress(d, rounds[-1]["number"])
            except (DrillError, NotSent, OSError, http.client.HTTPException) as e:
                last = {"stage": f"? {e}"}
            if last["stage"] in ("finished", "failed"):
                break
            time.sleep(0.1)
        done = time.monotonic()
        rounds[-1]["after_restart"] = last
        if last and last["stage"] == "finished":
            recoveries.append(done - rounds[-1]["kill"])
            env.log(NAME, f"cycle {rounds[-1]['number']} finished {fmt_s(done - rounds[-1]['kill'])} after the kill")
        else:
            r.fail(f"cycle {rounds[-1]['number']} (killed in {target}) did not finish after the restart: {last}")

    # The books: every imported response stored once, each planned instant finished once.
    stored = d.contributions(SLUG, activity="poll")
    reconcile(r, {i: {"id": i} for i in imported}, stored)
    all_cycles = cycles(d)
    by_planned = collections.Counter(c["planned_at"] for c in all_cycles)
    for planned, count in by_planned.items():
        if count > 1:
            r.duplicated += count - 1
            r.fail(f"{count} cycles for the planned instant {planned}: "
                   f"{[(c['number'], c['state']) for c in all_cycles if c['planned_at'] == planned]}")
    for c in all_cycles:
        if c["state"] != "finished":
            r.fail(f"cycle {c['number']} (planned {c['planned_at']}) is {c['state']}: {c.get('error', '')}")
    accepted = sum(1 for c in stored if c.get("state") == "accepted")
    for rd in rounds:
        mine = [c for c in all_cycles if c["planned_at"] == rd["planned_at"]]
        if len(mine) != 1 or mine[0]["state"] != "finished":
            r.fail(f"planned instant {rd['planned_at']} (killed in {rd['stage']}): expected one finished cycle, "
                   f"found {[(c['number'], c['state']) for c in mine]}")
            continue
        snap = d.admin_ok("GET", f"/v1/workspaces/{SLUG}/trajectories/{TRAJECTORY}/cycles/{mine[0]['number']}").json()
        poll = next((a for a in snap.get("activities", []) if a.get("id") == "poll"), None)
        if poll is None or not poll.get("evaluated"):
            r.fail(f"cycle {mine[0]['number']}: the poll activity was not evaluated: {poll}")
            continue
        responses = next((m.get("value") for m in poll.get("metrics", []) if m.get("id") == "responses"), None)
        rd["snapshot_responses"] = responses
        rd["snapshot_contributions"] = poll.get("contributions")
    # The last cycle ran on the final data: its figures must equal what is stored.
    if rounds:
        last_rd = rounds[-1]
        got = last_rd.get("snapshot_responses")
        if got is not None and got != accepted:
            if got > accepted:
                r.duplicated += got - accepted
            else:
                r.lost += accepted - got
            r.fail(f"the cycle redone after the last kill counts {got} poll responses; {accepted} are stored")
        # (`contributions` in the snapshot is what was streamed: only the new ones, the poll being incremental.)

    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    n = check_integrity(r, d.data_dir)

    r.load = f"{len(imported)} poll responses (imported), {len(all_cycles)} cycles"
    r.faults = f"{kills}x SIGKILL stipd mid-cycle ({', '.join(rd['stage'] for rd in rounds)})"
    r.acknowledged = len(imported)
    r.recovered_in = median_max(recoveries) if recoveries else "-"
    r.note("recovered = kill to cycle finished")
    if misses:
        r.note(f"{misses} cycles ended before the kill (retried with more data)")
    r.note(f"integrity ok on {n} dbs" if not any('integrity' in f for f in r.failures) else "integrity FAILED")
    r.details.update({"rounds": [{k: v for k, v in rd.items() if k != "kill"} for rd in rounds],
                      "cycles": all_cycles})
