"""kill9-resident-load: residents post poll responses (one-time codes) without pause while stipd
is killed with SIGKILL at random moments (some during start-up) and started again each time."""

from __future__ import annotations

import os
import re
import time

from .common import (Daemon, Env, Result, check_integrity, code_counts, create_workspace, databases,
                     fmt_s, generate_codes, integrity_check, median_max, reconcile, snapshot_files)
from .load import CodeLoad, answers_for, submit

NAME = "kill9-resident-load"
SUMMARY = "SIGKILL stipd at >= 10 random moments under steady resident load; restart each time"
SLUG = "kill9"
BAD_LOG = re.compile(r"malformed|corrupt|integrity|SQLITE_CORRUPT|SQLITE_NOTADB", re.IGNORECASE)


def run(env: Env) -> Result:
    r = Result(NAME)
    d = Daemon(env, NAME, env.scenario_dir(NAME))
    try:
        _run(env, d, r)
    finally:
        d.ensure_stopped()
    return r


def _run(env: Env, d: Daemon, r: Result) -> None:
    rng = env.rng
    kills_wanted = env.size(14, 4)
    startup_kills = {kills_wanted // 3, (2 * kills_wanted) // 3} if kills_wanted >= 6 else {kills_wanted // 2}
    threads = 4
    d.start()
    create_workspace(d, SLUG, "Gemeente Kill9", methods=("poll",), poll_limit="code")
    codes = generate_codes(d, SLUG, env.size(30000, 8000))
    codes_total = len(codes)
    env.log(NAME, f"{len(codes)} codes; {threads} residents posting; {kills_wanted} kills")

    load = CodeLoad(d, SLUG, codes, threads=threads).start()
    t_begin = time.monotonic()
    time.sleep(env.size(3.0, 1.5))

    kills = 0
    n_startup = 0
    outages = []  # (first kill, restart spawn, during start-up?)
    orphans = 0
    reuse_refused = reuse_checked = 0
    crash_copies: list[str] = []
    while kills < kills_wanted:
        uptime = rng.uniform(0.5, env.size(6.0, 4.0))
        time.sleep(uptime)
        if not load.pool:
            r.note("codes ran out before the last kill")
            break
        acked_before = dict(load.acked)
        t_kill, kids, left = d.kill9()
        kills += 1
        orphans += len(left)
        t_copy = time.monotonic()
        crash_copies += snapshot_files(databases(d.data_dir), os.path.join(d.home, f"crash-{kills:02d}"))
        copying = time.monotonic() - t_copy  # the drill's own time, not the daemon's: left out of "recovered"
        t_spawn = d.spawn()
        in_startup = False
        if kills - 1 in startup_kills and kills < kills_wanted:
            # A second kill while stipd starts up (before or while it opens the socket and port).
            time.sleep(rng.uniform(0.05, 0.4))
            _, kids2, left2 = d.kill9()
            kills += 1
            orphans += len(left2)
            t_copy = time.monotonic()
            crash_copies += snapshot_files(databases(d.data_dir), os.path.join(d.home, f"crash-{kills:02d}"))
            copying += time.monotonic() - t_copy
            t_spawn = d.spawn()
            in_startup = True
            n_startup += 1
        d.wait_ready(timeout=120)
        outages.append((t_kill, t_spawn, copying))
        if len(load.pool) < env.size(10000, 2000) and kills < kills_wanted:
            more = generate_codes(d, SLUG, env.size(20000, 4000))
            with load.lock:
                load.pool.extend(more)
            codes_total += len(more)
        env.log(NAME, f"kill {kills}/{kills_wanted}{' (+1 during start-up)' if in_startup else ''} after "
                      f"{uptime:.1f} s up; {len(load.acked)} acknowledged so far")

        # No code accepted twice: the codes acknowledged last before the kill, and a few older.
        recent = sorted(acked_before, key=lambda c: acked_before[c]["t"])[-3:]
        older = rng.sample(sorted(acked_before), min(2, len(acked_before)))
        for code in dict.fromkeys(recent + older):
            try:
                reply = submit(d, SLUG, code)
            except Exception as e:  # the next restart check will tell; here it is one probe
                r.note(f"reuse probe of {code} failed to get an answer: {type(e).__name__}")
                continue
            reuse_checked += 1
            if reply.status == 409:
                reuse_refused += 1
            else:
                r.fail(f"code {code}, acknowledged before kill {kills}, was used again after the restart: {reply.short(200)}")

    time.sleep(2.0)
    load.stop()
    t_end = time.monotonic()

    # Recovery: from the kill to the first acknowledged response of the restarted daemon.
    recoveries = []
    for t_kill, t_spawn, copying in outages:
        t_ack = load.first_ack_after(t_spawn)
        if t_ack is None:
            r.fail(f"no response was acknowledged after the restart at {t_spawn - t_begin:.1f} s")
        else:
            recoveries.append(t_ack - t_kill - copying)
    r.recovered_in = median_max(recoveries)

    stored_unknown, unresolved = load.settle()
    if unresolved:
        r.fail(f"{unresolved} in-doubt or refused responses got no definite answer when sent again")
    for u in load.unexpected[:10]:
        r.fail(u)

    ok, took, left = d.wait_no_pending([SLUG], timeout=60)
    r.check(ok, f"{left} responses still pending validation {took:.0f} s after the last restart")
    if ok:
        r.note(f"pending validations done {fmt_s(took)} after the load")

    stored = d.contributions(SLUG, activity="poll")
    reconcile(r, load.acked, stored, stored_unknown, expect_payload=answers_for)
    states = r.details.get("stored_states", {})
    for bad in ("quarantined", "rejected_after_review", "pending_validation"):
        if states.get(bad):
            r.fail(f"{states[bad]} stored responses are {bad} (all were valid, and the plugin never crashed on them)")
    counts = code_counts(d, SLUG)
    r.check(counts.get("used") == len(stored),
            f"codes marked used ({counts.get('used')}) differ from stored responses ({len(stored)})")

    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    n = check_integrity(r, d.data_dir)

    bad_crash = 0
    for copy in crash_copies:
        verdict = integrity_check(copy, read_only=False)
        if verdict != "ok":
            bad_crash += 1
            r.fail(f"integrity_check of the files a SIGKILL left ({os.path.relpath(copy, d.home)}): {verdict[:200]}")
    r.damaged += bad_crash
    bad_lines = [ln for ln in d.log_lines() if BAD_LOG.search(ln)]
    if bad_lines:
        r.fail(f"the daemon log mentions corruption {len(bad_lines)} times, e.g. {bad_lines[0][:200]}")

    posts = len(load.log)
    span = t_end - t_begin
    r.load = f"{threads} residents, {posts} posts in {span:.0f} s ({posts / span:.0f}/s)"
    r.faults = f"{kills}x SIGKILL stipd ({n_startup} during start-up)"
    r.acknowledged = len(load.acked)
    pending_acks = sum(1 for a in load.acked.values() if a["state"] == "pending_validation")
    r.note(f"{reuse_refused}/{reuse_checked} reused codes refused after kills")
    r.note(f"{len(load.in_doubt)} in-doubt posts settled ({stored_unknown} had been stored)")
    if pending_acks:
        r.note(f"{pending_acks} acknowledged as pending")
    r.note(f"integrity ok on {n} dbs + {len(crash_copies) - bad_crash}/{len(crash_copies)} crash copies")
    if orphans:
        r.fail(f"{orphans} plugin processes outlived a SIGKILLed stipd by more than 5 s (killed them)")
    r.details.update({
        "statuses": {str(k): v for k, v in load.statuses.items()},
        "connection_refused_during_restarts": load.not_sent,
        "codes_generated": codes_total,
        "recoveries_s": [round(x, 3) for x in recoveries],
        "max_post_latency_s": round(max((s.elapsed for s in load.log), default=0), 3),
    })
