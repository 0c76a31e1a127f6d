"""plugin-faults: the poll plugin is killed with SIGKILL and frozen with SIGSTOP (longer than the
plugin request timeout) while residents post poll responses to one workspace and a consultant
enters workshop ideas in another over the admin API. Other methods and workspaces must keep
answering, no request may outlast its deadline, and every acknowledged response is stored once."""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time
from typing import Any

from .common import (WORKSHOP, TRAJECTORY, Daemon, DrillError, Env, NotSent, Result, check_integrity,
                     create_workspace, fmt_s, generate_codes, median_max, reconcile)
from .load import CodeLoad, Prober, answers_for

NAME = "plugin-faults"
SUMMARY = "SIGKILL and SIGSTOP the poll plugin under load on two workspaces (poll + workshop)"
POLL_WS = "pf-poll"
IDEAS_WS = "pf-ideas"
VALIDATION_WAIT_MS = 2000
REQUEST_TIMEOUT_S = 10  # the plugin request deadline (docs/plugin-protocol.md §10.2, timeouts.request_ms)
MARGIN_S = 3.0


class IdeaLoad:
    """A consultant entering workshop ideas through the admin API, one after another."""

    def __init__(self, d: Daemon, slug: str, interval: float):
        self.d = d
        self.slug = slug
        self.interval = interval
        self.acked: dict[str, dict[str, Any]] = {}
        self.in_doubt: list[str] = []
        self.samples: list[tuple[float, float, int]] = []  # (t, elapsed, status)
        self.problems: list[str] = []
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="ideas", daemon=True)
        self.n = 0

    def start(self) -> "IdeaLoad":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(60)

    @staticmethod
    def submission(text: str) -> dict[str, Any]:
        return {"type": "idea", "session": 1, "text": text, "theme": "groen"}

    def _run(self) -> None:
        while not self.stop_event.is_set():
            self.n += 1
            text = f"Idee {self.n} van de oefening"
            body = {"activity": WORKSHOP, "trajectory": TRAJECTORY, "submission": self.submission(text)}
            t = time.monotonic()
            try:
                reply = self.d.admin("POST", f"/v1/workspaces/{self.slug}/contributions", body, timeout=60)
            except NotSent as e:
                self.samples.append((t, time.monotonic() - t, -1))
                self.problems.append(f"admin socket refused a connection: {e}")
            except (OSError, http.client.HTTPException) as e:
                self.samples.append((t, time.monotonic() - t, -2))
                self.in_doubt.append(text)
                self.problems.append(f"idea post broke off: {type(e).__name__}: {e}")
            else:
                self.samples.append((t, reply.elapsed, reply.status))
                if reply.status in (201, 202):
                    c = reply.json()
                    self.acked[text] = {"id": c["id"], "state": c["state"], "t": t + reply.elapsed}
                else:
                    self.problems.append(f"idea post answered {reply.short(200)}")
            self.stop_event.wait(self.interval)


def poll_pids(d: Daemon) -> tuple[str, list[int]]:
    p = d.plugins()["poll"]
    pids = p.get("pids") or ([p["pid"]] if p.get("pid") else [])
    return p.get("state", "?"), pids


def wait_poll_ready(d: Daemon, old: list[int] | None, timeout: float) -> float | None:
    """Until the poll plugin is ready (with other pids than `old`, when given); returns when."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state, pids = poll_pids(d)
            if state == "ready" and pids and (old is None or not set(pids) & set(old)):
                return time.monotonic()
        except (DrillError, OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    return None


def run(env: Env) -> Result:
    r = Result(NAME)
    d = Daemon(env, NAME, env.scenario_dir(NAME),
               config={"public": {"validation_wait_ms": VALIDATION_WAIT_MS}})
    stopped: list[int] = []
    try:
        _run(env, d, r, stopped)
    finally:
        for pid in stopped:  # never leave a frozen plugin behind
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        d.ensure_stopped()
    return r


def _run(env: Env, d: Daemon, r: Result, stopped: list[int]) -> None:
    d.start()
    create_workspace(d, POLL_WS, "Gemeente Peiling", methods=("poll",), poll_limit="code")
    create_workspace(d, IDEAS_WS, "Gemeente Werksessie", methods=("poll", "workshop"), poll_limit="browser",
                     workshop=True)
    codes = generate_codes(d, POLL_WS, env.size(40000, 15000))

    def top_up() -> None:
        load.top_up(lambda n: generate_codes(d, POLL_WS, n), low=10000, batch=20000)
    stop_for = REQUEST_TIMEOUT_S + env.size(5, 2)
    kills = env.size(2, 1)

    post_deadline = VALIDATION_WAIT_MS / 1000 + MARGIN_S
    other_deadline = MARGIN_S + 2.0
    load = CodeLoad(d, POLL_WS, codes, threads=3, timeout=60).start()
    ideas = IdeaLoad(d, IDEAS_WS, interval=0.05).start()
    probes = [
        Prober("other workspace page", lambda: d.public("GET", f"/{IDEAS_WS}/{TRAJECTORY}/", timeout=60), 0.2,
               lambda rep: rep.status == 200).start(),
        Prober("admin health", lambda: d.admin("GET", "/v1/health", timeout=60), 0.5,
               lambda rep: rep.status in (200, 503)).start(),
        Prober("poll form page", lambda: d.public("GET", f"/{POLL_WS}/{TRAJECTORY}/poll", timeout=60), 0.5,
               lambda rep: rep.status == 200).start(),
    ]
    t_begin = time.monotonic()
    time.sleep(3)

    faults: list[tuple[str, float, float]] = []  # (kind, start, end)
    recoveries: list[float] = []
    for i in range(kills):
        state, pids = poll_pids(d)
        if not pids:
            r.fail(f"kill {i + 1}: the poll plugin has no process to kill (state {state})")
            continue
        t = time.monotonic()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        ready = wait_poll_ready(d, pids, timeout=40)
        if ready is None:
            r.fail(f"the poll plugin was not ready again within 40 s of SIGKILL {i + 1}")
        env.log(NAME, f"SIGKILL poll plugin {pids}: ready again after {fmt_s(ready - t) if ready else 'never'}")
        time.sleep(4)
        top_up()
        faults.append(("SIGKILL", t, t))
        first = load.first_ack_after(t, accepted_only=True, sent_after=True)
        if first and ready:
            recoveries.append(max(first, ready) - t)
        elif not first:
            r.fail(f"no response sent after SIGKILL {i + 1} was accepted (201)")

    top_up()
    state, pids = poll_pids(d)
    if pids:
        t = time.monotonic()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
            stopped.append(pid)
        env.log(NAME, f"SIGSTOP poll plugin {pids} for {stop_for} s")
        time.sleep(stop_for)
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
        stopped.clear()
        t_cont = time.monotonic()
        faults.append(("SIGSTOP", t, t_cont))
        ready = wait_poll_ready(d, None, timeout=60)
        # Until a response sent after SIGCONT is accepted (201), not just kept pending (202).
        first = None
        while time.monotonic() - t_cont < 60:
            first = load.first_ack_after(t_cont, accepted_only=True, sent_after=True)
            if first:
                break
            top_up()
            time.sleep(0.1)
        time.sleep(3)
        if first:
            recoveries.append(first - t_cont)
            if first - t_cont > 2.0:
                r.note(f"after SIGCONT the plugin was ready at once but responses were kept pending "
                       f"for {first - t_cont:.1f} s more")
        else:
            r.fail("no response sent after SIGCONT was accepted (201) within 60 s: the plugin did not come back")
        after_state, after_pids = poll_pids(d)
        env.log(NAME, f"SIGCONT: plugin {after_state} {after_pids}; first accepted after "
                      f"{fmt_s(first - t_cont) if first else 'never'}")
        if ready is None:
            r.fail("the poll plugin was not ready within 60 s of SIGCONT")
    else:
        r.fail(f"SIGSTOP: the poll plugin has no process (state {state})")

    load.stop()
    ideas.stop()
    for p in probes:
        p.stop()
    t_end = time.monotonic()
    r.recovered_in = median_max(recoveries)

    # During each fault: other methods and workspaces answered, and in time.
    for kind, t0, t1 in faults:
        w0, w1 = t0, max(t1, t0 + post_deadline) + 1.0
        got = [s for s in ideas.samples if w0 <= s[0] <= w1]
        good = [s for s in got if s[2] in (201, 202)]
        r.check(bool(good), f"{kind}: no workshop idea was stored in the other workspace during the fault")
        for p in probes[:2]:
            ok = [s for s in p.between(w0, w1) if s[3]]
            r.check(bool(ok), f"{kind}: '{p.name}' never answered during the fault")
    # Deadlines: a poll post waits at most validation_wait (then 202); everything else is quick.
    slow_posts = [s for s in load.log if s.elapsed > post_deadline]
    r.check(not slow_posts, f"{len(slow_posts)} poll posts took longer than validation_wait + {MARGIN_S:.0f} s "
                            f"({post_deadline:.0f} s); slowest {max((s.elapsed for s in slow_posts), default=0):.1f} s")
    slow_ideas = [s for s in ideas.samples if s[1] > other_deadline]
    r.check(not slow_ideas, f"{len(slow_ideas)} workshop posts (other method, other workspace) took longer than "
                            f"{other_deadline:.0f} s; slowest {max((s[1] for s in slow_ideas), default=0):.1f} s")
    for p in probes[:2]:
        slow = [s for s in p.samples if s[1] > other_deadline]
        failed = [s for s in p.samples if not s[3]]
        r.check(not slow, f"'{p.name}': {len(slow)} requests took longer than {other_deadline:.0f} s "
                          f"(slowest {max((s[1] for s in slow), default=0):.1f} s)")
        r.check(not failed, f"'{p.name}': {len(failed)} requests failed, e.g. {failed[0][2] if failed else ''}")
    form_bad = [s for s in probes[2].samples if not s[3]]
    if form_bad:
        r.note(f"poll form page not 200 {len(form_bad)}x during faults ({form_bad[0][2]})")
    for problem in ideas.problems[:5]:
        r.fail(problem)

    stored_unknown, unresolved = load.settle()
    if unresolved:
        r.fail(f"{unresolved} poll posts got no definite answer when sent again")
    for u in load.unexpected[:10]:
        if " 503 " in u or "refused with 503" in u:
            continue
        r.fail(u)
    ok, took, left = d.wait_no_pending([POLL_WS, IDEAS_WS], timeout=60)
    r.check(ok, f"{left} contributions still pending validation {took:.0f} s after the faults")

    stored_poll = d.contributions(POLL_WS, activity="poll")
    reconcile(r, load.acked, stored_poll, stored_unknown, expect_payload=answers_for)
    poll_states = dict(r.details.get("stored_states", {}))
    stored_ideas = d.contributions(IDEAS_WS, activity=WORKSHOP)
    texts = {c.get("payload", {}).get("text") for c in stored_ideas}
    ideas_unknown = sum(1 for t in ideas.in_doubt if t in texts)
    reconcile(r, ideas.acked, stored_ideas, ideas_unknown, expect_payload=IdeaLoad.submission)
    plugin = d.plugins()["poll"]
    r.check(plugin.get("state") == "ready", f"the poll plugin ends {plugin.get('state')}: {plugin.get('last_error')}")
    quarantined = poll_states.get("quarantined", 0)
    rejected = poll_states.get("rejected_after_review", 0)
    r.check(not rejected, f"{rejected} valid poll responses were rejected after review")

    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    n = check_integrity(r, d.data_dir)

    pending_acks = sum(1 for a in load.acked.values() if a["state"] == "pending_validation")
    n503 = load.statuses.get(503, 0)
    span = t_end - t_begin
    r.load = (f"3 residents {len(load.log)} posts + {len(ideas.samples)} admin ideas in {span:.0f} s; "
              f"probes on pages/health")
    r.faults = f"{kills}x SIGKILL poll plugin, 1x SIGSTOP {stop_for} s"
    r.acknowledged = len(load.acked) + len(ideas.acked)
    r.note(f"{pending_acks} acked as pending (202)")
    r.note(f"slowest poll post {max((s.elapsed for s in load.log), default=0):.1f} s "
           f"(deadline {post_deadline:.0f} s), slowest other {max([s[1] for s in ideas.samples] + [s[1] for p in probes[:2] for s in p.samples], default=0):.1f} s")
    if n503:
        r.note(f"{n503} poll posts refused with 503 (resent later)")
    r.note(f"plugin restarts {plugin.get('restarts')}")
    if quarantined:
        r.note(f"{quarantined} valid responses quarantined")
    r.note(f"integrity ok on {n} dbs" if not any('integrity' in f for f in r.failures) else "integrity FAILED")
    r.details.update({
        "poll_statuses": {str(k): v for k, v in load.statuses.items()},
        "poll_plugin": {k: plugin.get(k) for k in ("state", "restarts", "last_error", "quarantined", "requests", "errors")},
        "recoveries_s": [round(x, 3) for x in recoveries],
        "poll_states": poll_states,
    })
