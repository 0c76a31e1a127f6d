"""many-workspaces: 342 workspaces (one per Dutch municipality), each with a small trajectory,
and `workspaces.max_open: 16`. stipd is restarted; start-up time, memory and open files are
measured, then random workspaces are touched for a while. The open workspace databases must
never exceed max_open (plus a small margin)."""

from __future__ import annotations

import json
import random
import re
import threading
import time

from .common import (TRAJECTORY, Daemon, DrillError, Env, Result, check_integrity, create_workspace, fd_targets,
                     fmt_s, in_parallel, percentile, rss_kib)

NAME = "many-workspaces"
SUMMARY = "342 workspaces, max_open 16: start-up time, RSS, fds; open databases stay within max_open"
COUNT = 342
MAX_OPEN = 16
CLIENTS = 4
# The cache may hold more than max_open while every open database is leased, and each client can have one
# database being opened and one being closed (an fd still open) besides: 2 per client. A leak would grow
# past that without bound.
MARGIN = 2 * CLIENTS
WS_DB = re.compile(r"/workspaces/([a-z0-9-]+)\.sqlite$")


def slugs() -> list[str]:
    # The municipalities by number (CBS codes are GM + four digits); 342 as in 2024.
    return [f"gm{i:04d}" for i in range(1, COUNT + 1)]


class Monitor:
    """Samples the daemon's open workspace databases, fds and RSS every 0.2 s."""

    def __init__(self, d: Daemon):
        self.d = d
        self.max_open_dbs = 0
        self.max_at = ""
        self.phase = "setup"
        self.samples: list[tuple[float, str, int, int, int]] = []
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="fd-monitor", daemon=True)

    def start(self) -> "Monitor":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(10)

    def sample(self) -> tuple[int, int, int]:
        pid = self.d.pid
        if pid is None or not self.d.running():
            return 0, 0, 0
        targets = fd_targets(pid)
        dbs = {m.group(1) for t in targets for m in [WS_DB.search(t)] if m}
        return len(dbs), len(targets), rss_kib(pid) or 0

    def _run(self) -> None:
        while not self.stop_event.is_set():
            dbs, fds, rss = self.sample()
            if fds:
                self.samples.append((time.monotonic(), self.phase, dbs, fds, rss))
                if dbs > self.max_open_dbs:
                    self.max_open_dbs, self.max_at = dbs, self.phase
            self.stop_event.wait(0.2)


def run(env: Env) -> Result:
    r = Result(NAME)
    d = Daemon(env, NAME, env.scenario_dir(NAME), config={"workspaces": {"max_open": MAX_OPEN}})
    mon = Monitor(d)
    try:
        _run(env, d, r, mon)
    finally:
        mon.stop()
        d.ensure_stopped()
    return r


def workspace_list(d: Daemon) -> list[dict] | None:
    p = d.stipctl("workspace", "list", "-o", "json", timeout=30)
    if p.returncode != 0:
        return None
    data = json.loads(p.stdout)
    return data["workspaces"] if isinstance(data, dict) else data


def _run(env: Env, d: Daemon, r: Result, mon: Monitor) -> None:
    names = slugs()
    d.start()
    mon.start()
    t = time.monotonic()
    created: list[str] = []

    def create(slug: str) -> None:
        create_workspace(d, slug, f"Gemeente {slug.upper()}", methods=("poll",), poll_limit="browser")
        created.append(slug)

    errors = in_parallel(names, create)
    setup_s = time.monotonic() - t
    env.log(NAME, f"{len(created)} workspaces with a trajectory in {setup_s:.0f} s")
    for e in errors[:5]:
        r.fail(f"setting up a workspace failed: {e}")
    dbs0, fds0, rss0 = mon.sample()

    mon.phase = "restart"
    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    t_spawn = d.spawn()
    listed = None
    startup = None
    while time.monotonic() - t_spawn < 180:
        if not d.running():
            raise DrillError(f"stipd exited during start-up: {d.log_tail(5)}")
        try:
            listed = workspace_list(d)
        except (ValueError, OSError):
            listed = None
        if listed is not None and len(listed) >= len(created):
            startup = time.monotonic() - t_spawn
            break
        time.sleep(0.1)
    d.wait_ready()
    if startup is None:
        r.fail(f"`stipctl workspace list` did not list all {len(created)} workspaces within 180 s of the start")
    listed_slugs = {w["slug"] for w in (listed or [])}
    missing = [s for s in created if s not in listed_slugs]
    r.lost += len(missing)
    if missing:
        r.fail(f"{len(missing)} workspaces missing after the restart, e.g. {missing[:5]}")
    mon.phase = "at rest after restart"
    time.sleep(1.0)
    dbs1, fds1, rss1 = mon.sample()
    time.sleep(4.0)
    dbs1b, fds1b, rss1b = mon.sample()
    r.details["at_rest_5s_after_restart"] = {"open_dbs": dbs1b, "fds": fds1b, "rss_kib": rss1b}
    if dbs1b > MAX_OPEN:
        r.note(f"{dbs1b} workspace dbs open at rest after the restart")

    # Touch random workspaces: their pages, form and trajectory.
    mon.phase = "touch"
    duration = env.size(60.0, 15.0)
    lat: list[float] = []
    bad: list[str] = []
    stop_at = time.monotonic() + duration
    books = threading.Lock()

    def toucher(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            slug = rng.choice(created)
            kind = rng.randrange(4)
            try:
                if kind == 0:
                    rep = d.public("GET", f"/{slug}/")
                elif kind == 1:
                    rep = d.public("GET", f"/{slug}/{TRAJECTORY}/")
                elif kind == 2:
                    rep = d.public("GET", f"/api/v1/{slug}/{TRAJECTORY}/poll/form")
                else:
                    rep = d.admin("GET", f"/v1/workspaces/{slug}/trajectories/{TRAJECTORY}")
                with books:
                    lat.append(rep.elapsed)
                    if rep.status != 200:
                        bad.append(f"{slug} kind {kind}: {rep.short(150)}")
            except Exception as e:
                with books:
                    bad.append(f"{slug} kind {kind}: {type(e).__name__}: {e}")

    ts = [threading.Thread(target=toucher, args=(env.seed + i,), daemon=True) for i in range(CLIENTS)]
    for th in ts:
        th.start()
    for th in ts:
        th.join()
    time.sleep(1.0)
    dbs2, fds2, rss2 = mon.sample()
    mon.phase = "end"
    r.check(not bad, f"{len(bad)} of {len(lat)} touches did not answer 200, e.g. {bad[:3]}")
    over = [x for x in mon.samples if x[2] > MAX_OPEN]
    over_margin = [x for x in mon.samples if x[2] > MAX_OPEN + MARGIN]
    r.details["samples"] = len(mon.samples)
    r.details["samples_over_max_open"] = len(over)
    r.details["samples_over_max_open_plus_margin"] = [(round(x[0] - t, 1), x[1], x[2]) for x in over_margin][:20]
    r.check(mon.max_open_dbs <= MAX_OPEN + MARGIN,
            f"{mon.max_open_dbs} workspace databases open at once (during {mon.max_at}, with {CLIENTS} clients); "
            f"max_open is {MAX_OPEN}; {len(over_margin)} of {len(mon.samples)} samples (0.2 s apart) above "
            f"{MAX_OPEN + MARGIN}, {len(over)} above {MAX_OPEN}")
    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    n = check_integrity(r, d.data_dir)
    r.check(n == len(created) + 1, f"{n} databases on disk; expected {len(created) + 1}")

    r.load = f"{len(created)} workspaces; {len(lat)} touches in {duration:.0f} s (p99 {percentile(lat, 99) * 1000:.0f} ms)"
    r.faults = "restart with 342 workspaces"
    r.acknowledged = len(created)
    r.recovered_in = f"start-up {fmt_s(startup)}"
    r.note(f"RSS {rss1 / 1024:.0f} MiB/{fds1} fds after restart, {rss2 / 1024:.0f} MiB/{fds2} fds after touching")
    r.note(f"max {mon.max_open_dbs} workspace dbs open (max_open {MAX_OPEN}; above it in "
           f"{100 * len(over) / max(1, len(mon.samples)):.0f}% of samples)")
    r.note(f"setup {setup_s:.0f} s")
    r.details.update({
        "setup_s": round(setup_s, 1), "startup_s": startup, "stop_s": took_stop,
        "before_restart": {"open_dbs": dbs0, "fds": fds0, "rss_kib": rss0},
        "after_restart": {"open_dbs": dbs1, "fds": fds1, "rss_kib": rss1},
        "after_touching": {"open_dbs": dbs2, "fds": fds2, "rss_kib": rss2},
        "max_open_dbs": mon.max_open_dbs, "max_open_dbs_phase": mon.max_at,
        "touch_latency_ms": {"p50": round(percentile(lat, 50) * 1000, 1), "p99": round(percentile(lat, 99) * 1000, 1),
                             "max": round(max(lat, default=0) * 1000, 1)},
    })
