"""slow-clients: many connections to the resident port and to the admin socket that send nothing,
send their request headers one byte a second (slowloris), or go quiet after one request, with
idle timeouts of 5 s. Normal requests meanwhile must be served promptly, and the server must
close every slow connection by its idle timeout."""

from __future__ import annotations

import errno
import select
import socket
import statistics
import time

from .common import (TRAJECTORY, Daemon, Env, Result, check_integrity, create_workspace, fd_targets,
                     generate_codes, median_max, percentile, reconcile)
from .load import CodeLoad, Prober, answers_for

NAME = "slow-clients"
SUMMARY = "hundreds of slowloris / silent / idle connections on both servers; normal requests stay fast"
SLUG = "traag"
IDLE = 5
GRACE = 3.0
PROMPT = 2.0  # a normal request must be answered within this many seconds
KINDS = ("silent", "trickle", "idle-after-request")
TRICKLE = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 400


class Slow:
    __slots__ = ("sock", "server", "kind", "t_open", "t_closed", "sent", "got", "how")

    def __init__(self, sock: socket.socket, server: str, kind: str):
        self.sock = sock
        self.server = server
        self.kind = kind
        self.t_open = time.monotonic()
        self.t_closed: float | None = None
        self.sent = 0
        self.got = b""
        self.how = ""


def open_slow(d: Daemon, server: str, kind: str) -> Slow:
    if server == "public":
        s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(d.socket)
    c = Slow(s, server, kind)
    if kind == "idle-after-request":
        path = "/health" if server == "public" else "/v1/health"
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    s.setblocking(False)
    c.t_open = time.monotonic()  # for idle-after-request: roughly when the request was answered
    return c


def run(env: Env) -> Result:
    r = Result(NAME)
    n_each = env.size(200, 60)
    d = Daemon(env, NAME, env.scenario_dir(NAME), config={
        "public": {"idle_timeout_seconds": IDLE},
        # 200 slow admin connections must fit, or normal admin requests wait for a free slot by design
        # (operations.md §3: "more wait until one closes").
        "admin": {"idle_timeout_seconds": IDLE, "max_connections": n_each + 56},
    })
    conns: list[Slow] = []
    try:
        _run(env, d, r, n_each, conns)
    finally:
        for c in conns:
            try:
                c.sock.close()
            except OSError:
                pass
        d.ensure_stopped()
    return r


def _run(env: Env, d: Daemon, r: Result, n_each: int, conns: list[Slow]) -> None:
    d.start()
    create_workspace(d, SLUG, "Gemeente Traag", methods=("poll",), poll_limit="code")
    codes = generate_codes(d, SLUG, 2000)
    time.sleep(0.5)
    fds_before = len(fd_targets(d.pid))
    socks_before = sum(1 for t in fd_targets(d.pid) if t.startswith("socket:"))

    load = CodeLoad(d, SLUG, codes, threads=1, pause=0.3, timeout=30)
    probes = [
        Prober("trajectory page", lambda: d.public("GET", f"/{SLUG}/{TRAJECTORY}/"), 0.2, lambda x: x.status == 200),
        Prober("public /health", lambda: d.public("GET", "/health"), 0.2, lambda x: x.status == 200),
        Prober("admin /v1/health", lambda: d.admin("GET", "/v1/health"), 0.3, lambda x: x.status == 200),
        Prober("admin workspace", lambda: d.admin("GET", f"/v1/workspaces/{SLUG}"), 0.3, lambda x: x.status == 200),
    ]
    for p in probes:
        p.start()
    load.start()
    time.sleep(2.0)

    t0 = time.monotonic()
    open_errors = []
    for i in range(n_each):
        for server in ("public", "admin"):
            kind = KINDS[i % len(KINDS)]
            try:
                conns.append(open_slow(d, server, kind))
            except OSError as e:
                open_errors.append(f"{server}/{kind}: {e}")
    env.log(NAME, f"{len(conns)} slow connections open in {time.monotonic() - t0:.1f} s "
                  f"({len(open_errors)} could not open)")
    if open_errors:
        r.fail(f"{len(open_errors)} slow connections could not even be opened, e.g. {open_errors[0]}")

    window = IDLE * 3 + 10
    last_tick = 0.0
    while time.monotonic() - t0 < window:
        live = [c for c in conns if c.t_closed is None]
        if not live:
            break
        now = time.monotonic()
        if now - last_tick >= 1.0:
            last_tick = now
            for c in live:
                if c.kind != "trickle" or c.sent >= len(TRICKLE):
                    continue
                try:
                    c.sock.send(TRICKLE[c.sent:c.sent + 1])
                    c.sent += 1
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError as e:
                    c.t_closed, c.how = time.monotonic(), f"send: {errno.errorcode.get(e.errno, e)}"
        live = [c for c in conns if c.t_closed is None]
        try:
            readable, _, _ = select.select([c.sock for c in live], [], [], 0.1) if live else ([], [], [])
        except ValueError:
            readable = []
        by_sock = {c.sock: c for c in live}
        for s in readable:
            c = by_sock[s]
            try:
                data = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as e:
                c.t_closed, c.how = time.monotonic(), f"recv: {errno.errorcode.get(e.errno, e)}"
                continue
            if not data:
                c.t_closed, c.how = time.monotonic(), "closed"
            else:
                c.got += data[:200] if len(c.got) < 400 else b""
    t_window = time.monotonic()
    still_open = [c for c in conns if c.t_closed is None]
    for c in conns:
        try:
            c.sock.close()
        except OSError:
            pass
    time.sleep(2.0)
    load.stop()
    for p in probes:
        p.stop()
    after_targets = fd_targets(d.pid)
    fds_after = len(after_targets)
    socks_after = sum(1 for t in after_targets if t.startswith("socket:"))

    # Per server and kind: how long the server let them live.
    summary = {}
    for server in ("public", "admin"):
        for kind in KINDS:
            group = [c for c in conns if c.server == server and c.kind == kind]
            if not group:
                continue
            closed = [c.t_closed - c.t_open for c in group if c.t_closed is not None]
            late = [x for x in closed if x > IDLE + GRACE]
            early = [x for x in closed if x < IDLE - 1.0]
            left = [c for c in group if c.t_closed is None]
            answered = sum(1 for c in group if c.got.startswith(b"HTTP/1.1 408") or b" 408 " in c.got[:20])
            summary[f"{server}/{kind}"] = {
                "n": len(group), "closed": len(closed), "open_after_window": len(left),
                "median_s": round(statistics.median(closed), 1) if closed else None,
                "max_s": round(max(closed), 1) if closed else None, "answered_408": answered,
            }
            if left:
                r.fail(f"{server}/{kind}: {len(left)} of {len(group)} slow connections still open after "
                       f"{t_window - t0:.0f} s (idle timeout {IDLE} s)"
                       + (f"; each had sent {statistics.median([c.sent for c in left]):.0f} header bytes, one a second"
                          if kind == "trickle" else ""))
            if late:
                r.fail(f"{server}/{kind}: {len(late)} slow connections were closed only after {max(late):.1f} s "
                       f"(idle timeout {IDLE} s)")
            if early and kind != "idle-after-request":
                r.note(f"{server}/{kind}: {len(early)} closed before the idle timeout ({min(early):.1f} s)")

    # Normal requests meanwhile.
    during = [s for p in probes for s in p.between(t0, t_window)]
    lat_all = [s[1] for s in during]
    failed = [(p.name, s[2]) for p in probes for s in p.between(t0, t_window) if not s[3]]
    slow = [(p.name, round(s[1], 2)) for p in probes for s in p.between(t0, t_window) if s[1] > PROMPT]
    r.check(bool(during), "no normal request was made while the slow connections were open")
    r.check(not failed, f"{len(failed)} normal requests failed during the slow connections, e.g. {failed[:3]}")
    r.check(not slow, f"{len(slow)} normal requests took longer than {PROMPT:.0f} s, e.g. {slow[:3]}")
    posts = load.requests_between(t0, t_window)
    slow_posts = [s for s in posts if s.elapsed > PROMPT]
    r.check(not slow_posts, f"{len(slow_posts)} poll posts took longer than {PROMPT:.0f} s during the slow connections")
    # Sockets, not files: database readers are opened lazily and may add a few fds on their own.
    r.check(socks_after <= socks_before + 3,
            f"stipd holds {socks_after} sockets after every slow connection is gone ({socks_before} before): a leak?")

    stored_unknown, unresolved = load.settle()
    r.check(not unresolved, f"{unresolved} poll posts got no definite answer")
    for u in load.unexpected[:5]:
        r.fail(u)
    stored = d.contributions(SLUG, activity="poll")
    reconcile(r, load.acked, stored, stored_unknown, expect_payload=answers_for)
    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    n = check_integrity(r, d.data_dir)

    max_normal = max(lat_all + [s.elapsed for s in posts], default=0.0)
    r.load = (f"{len(conns)} slow conns ({n_each} public + {n_each} admin) + {len(during)} normal requests "
              f"and {len(posts)} posts")
    r.faults = f"slowloris/silent/idle clients, idle timeout {IDLE} s"
    r.acknowledged = len(load.acked)
    closed_all = [c.t_closed - c.t_open for c in conns if c.t_closed is not None]
    r.recovered_in = f"closed in {median_max(closed_all)}" if closed_all else "-"
    r.note(f"normal requests max {max_normal * 1000:.0f} ms (p99 {percentile(lat_all, 99) * 1000:.0f} ms)")
    r.note(f"fds {fds_before} before, {fds_after} after ({socks_before}/{socks_after} sockets)")
    r.note(f"admin.max_connections raised to {n_each + 56}")
    r.details.update({"slow": summary, "fds_before": fds_before, "fds_after": fds_after,
                      "fd_targets_after": sorted(set(after_targets)),
                      "normal_max_ms": round(max_normal * 1000, 1),
                      "window_s": round(t_window - t0, 1), "integrity_dbs": n})

