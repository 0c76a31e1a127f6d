"""Resident load: threads that post poll responses with one-time codes over the public JSON API
and keep the books: what was acknowledged (with its contribution id), what is in doubt (the
connection broke after the request went out), what was refused."""

from __future__ import annotations

import collections
import http.client
import threading
import time
from typing import Any, Callable

from .common import Daemon, NotSent, Reply, responses_path


class Submission:
    __slots__ = ("code", "t", "elapsed", "status", "state", "id", "error")

    def __init__(self, code: str, t: float):
        self.code = code
        self.t = t
        self.elapsed = 0.0
        self.status = 0
        self.state = ""
        self.id = ""
        self.error = ""


def answers_for(code: str) -> dict[str, Any]:
    variant = "abc"[sum(map(ord, code)) % 3]
    return {"variant": variant, "why": f"drill {code}"}


def submit(d: Daemon, slug: str, code: str, timeout: float = 30.0) -> Reply:
    return d.public("POST", responses_path(slug), {"answers": answers_for(code), "code": code}, timeout=timeout)


class CodeLoad:
    """`threads` residents posting responses, each with a fresh code from `codes`."""

    def __init__(self, daemon: Daemon, slug: str, codes: list[str], threads: int = 4,
                 timeout: float = 30.0, pause: float = 0.0):
        self.d = daemon
        self.slug = slug
        self.pool = collections.deque(codes)
        self.threads = threads
        self.timeout = timeout
        self.pause = pause
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.acked: dict[str, dict[str, Any]] = {}  # code -> {"id", "state", "t"}
        self.in_doubt: dict[str, str] = {}  # code -> what happened
        self.refused: dict[str, int] = {}  # code -> status (not stored, says the server)
        self.unexpected: list[str] = []
        self.statuses: collections.Counter = collections.Counter()
        self.log: list[Submission] = []  # every request that reached the server or was in doubt
        self.not_sent = 0
        self._workers: list[threading.Thread] = []

    # -- running

    def start(self) -> "CodeLoad":
        for i in range(self.threads):
            t = threading.Thread(target=self._work, name=f"load-{i}", daemon=True)
            t.start()
            self._workers.append(t)
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for t in self._workers:
            t.join(self.timeout + 5)

    def top_up(self, make: Callable[[int], list[str]], low: int, batch: int) -> int:
        """More codes when fewer than `low` are left (called by the drill between its faults)."""
        with self.lock:
            left = len(self.pool)
        if left >= low:
            return 0
        more = make(batch)
        with self.lock:
            self.pool.extend(more)
        return len(more)

    def _next_code(self) -> str | None:
        with self.lock:
            return self.pool.popleft() if self.pool else None

    def _work(self) -> None:
        while not self.stop_event.is_set():
            code = self._next_code()
            if code is None:
                return
            self.post(code)
            if self.pause:
                time.sleep(self.pause)

    def post(self, code: str) -> Submission:
        s = Submission(code, time.monotonic())
        try:
            reply = submit(self.d, self.slug, code, self.timeout)
        except NotSent:
            s.elapsed = time.monotonic() - s.t
            with self.lock:
                self.not_sent += 1
                self.pool.appendleft(code)  # never reached the server: use it again
            time.sleep(0.02)
            s.error = "not sent"
            return s
        except (OSError, http.client.HTTPException) as e:
            s.elapsed = time.monotonic() - s.t
            s.error = f"{type(e).__name__}: {e}"
            with self.lock:
                self.in_doubt[code] = s.error
                self.statuses["in doubt"] += 1
                self.log.append(s)
            return s
        s.elapsed = reply.elapsed
        s.status = reply.status
        self._book(s, reply)
        return s

    def _book(self, s: Submission, reply: Reply) -> None:
        with self.lock:
            self.statuses[reply.status] += 1
            self.log.append(s)
            if reply.status in (201, 202):
                body = reply.json()
                s.id, s.state = body["id"], body["state"]
                if s.code in self.acked:
                    self.unexpected.append(f"code {s.code} acknowledged twice: {self.acked[s.code]['id']} and {s.id}")
                self.acked[s.code] = {"id": s.id, "state": s.state, "t": s.t + s.elapsed, "t0": s.t}
                self.in_doubt.pop(s.code, None)
                self.refused.pop(s.code, None)
            elif reply.status == 409:
                # already_responded: fine for a code that was in doubt (it was stored then).
                if s.code in self.in_doubt:
                    self.in_doubt[s.code] = "stored (409 on retry)"
                elif s.code in self.refused:
                    self.unexpected.append(
                        f"code {s.code} was refused with {self.refused[s.code]} (nothing stored, says the API), "
                        f"but a retry says it was used: {reply.short(200)}")
                    self.refused.pop(s.code)
                    self.in_doubt[s.code] = "stored (409 on retry)"
                else:
                    self.unexpected.append(f"fresh code {s.code} refused as already used: {reply.short(200)}")
            else:
                self.refused[s.code] = reply.status
                if reply.status not in (503,):
                    self.unexpected.append(f"code {s.code}: {reply.short(200)}")

    # -- after the run

    def settle(self, rounds: int = 3) -> tuple[int, int]:
        """Post every in-doubt and refused code again until each is acknowledged or known stored.
        Returns (stored without a known id, still unresolved)."""
        for _ in range(rounds):
            pending = [c for c, why in self.in_doubt.items() if why != "stored (409 on retry)"]
            pending += [c for c in self.refused if c not in self.in_doubt]
            if not pending:
                break
            for code in pending:
                self.post(code)
        stored_unknown = sum(1 for why in self.in_doubt.values() if why == "stored (409 on retry)")
        unresolved = sum(1 for why in self.in_doubt.values() if why != "stored (409 on retry)") + len(
            [c for c in self.refused if c not in self.in_doubt])
        return stored_unknown, unresolved

    def first_ack_after(self, t: float, accepted_only: bool = False, sent_after: bool = False) -> float | None:
        """When the first response acknowledged after `t` came back (sent after `t` too, if asked)."""
        with self.lock:
            times = [a["t"] for a in self.acked.values()
                     if a["t"] > t and (not sent_after or a["t0"] > t)
                     and (not accepted_only or a["state"] == "accepted")]
        return min(times) if times else None

    def requests_between(self, t0: float, t1: float) -> list[Submission]:
        with self.lock:
            return [s for s in self.log if t0 <= s.t <= t1]


class Prober:
    """Calls `fn` every `interval` seconds in a thread and keeps (start, elapsed, outcome)."""

    def __init__(self, name: str, fn: Callable[[], Reply], interval: float, ok: Callable[[Reply], bool]):
        self.name = name
        self.fn = fn
        self.interval = interval
        self.ok = ok
        self.samples: list[tuple[float, float, str, bool]] = []
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"probe-{name}", daemon=True)

    def start(self) -> "Prober":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(60)

    def _run(self) -> None:
        while not self.stop_event.is_set():
            t = time.monotonic()
            try:
                reply = self.fn()
                self.samples.append((t, reply.elapsed, str(reply.status), self.ok(reply)))
            except Exception as e:  # a probe records failures, it never stops the drill
                self.samples.append((t, time.monotonic() - t, f"{type(e).__name__}: {e}"[:120], False))
            rest = self.interval - (time.monotonic() - t)
            if rest > 0:
                self.stop_event.wait(rest)

    def between(self, t0: float, t1: float) -> list[tuple[float, float, str, bool]]:
        return [s for s in self.samples if t0 <= s[0] <= t1]
