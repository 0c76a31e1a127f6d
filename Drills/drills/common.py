"""What every drill shares: the run's environment, a result row, HTTP over TCP and the admin
Unix socket, a stipd started in a temp dir of its own, plans, codes and database checks."""

from __future__ import annotations

import datetime as _dt
import errno
import http.client
import json
import os
import queue
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

TRAJECTORY = "drill"
POLL = "poll"
WORKSHOP = "ideas"


# --------------------------------------------------------------------------- environment


class Env:
    """The run: where the binaries are, where temp dirs go, how big the drills are."""

    def __init__(self, bin_dir: str, repo: str, root: str, quick: bool, keep: bool, seed: int):
        self.bin_dir = bin_dir
        self.repo = repo
        self.root = root
        self.quick = quick
        self.keep = keep
        self.seed = seed
        self.rng = random.Random(seed)
        self.started = time.monotonic()
        self.last_metrics: tuple[str, str] | None = None  # (daemon name, /metrics text)
        self.fuzz_budget: float | None = None  # seconds per stip-fuzz reader; None: the default
        self._log_lock = threading.Lock()

    def binary(self, name: str) -> str:
        return os.path.join(self.bin_dir, name)

    def wait_for_binary(self, name: str, timeout: float = 180.0) -> str:
        """Another engineer may be rebuilding: a binary can be missing for a moment."""
        path = self.binary(name)
        deadline = time.monotonic() + timeout
        while not os.access(path, os.X_OK):
            if time.monotonic() > deadline:
                raise DrillError(f"{path} is missing (waited {timeout:.0f} s for a rebuild to finish)")
            time.sleep(1.0)
        return path

    def log(self, scenario: str, message: str) -> None:
        with self._log_lock:
            t = time.monotonic() - self.started
            print(f"[{t:7.1f}s] {scenario}: {message}", file=sys.stderr, flush=True)

    def scenario_dir(self, name: str) -> str:
        path = os.path.join(self.root, name)
        os.makedirs(path, exist_ok=True)
        return path

    def size(self, full: Any, quick: Any) -> Any:
        return quick if self.quick else full


class DrillError(Exception):
    """Something the drill itself needed did not work (setup, a daemon that would not start)."""


# --------------------------------------------------------------------------- result row


@dataclass
class Result:
    scenario: str
    load: str = ""
    faults: str = ""
    acknowledged: int | None = None
    lost: int = 0
    duplicated: int = 0
    damaged: int = 0
    recovered_in: str = "-"
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: str | None = None
    elapsed_s: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def check(self, ok: bool, message: str) -> bool:
        if not ok:
            self.fail(message)
        return ok

    def note(self, message: str) -> None:
        self.notes.append(message)

    def skip(self, reason: str) -> None:
        self.skipped = reason

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        if self.failures or self.lost or self.duplicated or self.damaged:
            return "FAILED"
        return "ok"

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "status": self.status,
            "load": self.load,
            "faults_injected": self.faults,
            "acknowledged": self.acknowledged,
            "lost": self.lost,
            "duplicated": self.duplicated,
            "damaged": self.damaged,
            "recovered_in": self.recovered_in,
            "notes": self.notes,
            "failures": self.failures,
            "skipped": self.skipped,
            "elapsed_s": round(self.elapsed_s, 1),
            "details": self.details,
        }


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 10:
        return f"{seconds:.2f} s"
    return f"{seconds:.1f} s"


def median_max(values: list[float]) -> str:
    if not values:
        return "-"
    return f"median {fmt_s(statistics.median(values))} (max {fmt_s(max(values))})"


# --------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def problem_code(self) -> str:
        try:
            value = self.json()
            return str(value.get("code", "")) if isinstance(value, dict) else ""
        except Exception:
            return ""

    def short(self, limit: int = 300) -> str:
        return f"{self.status} {self.text()[:limit]!r}"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.unix_path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class NotSent(Exception):
    """The connection could not be made: the request certainly did not reach the server."""


def _encode(body: Any, content_type: str | None) -> tuple[bytes | None, str | None]:
    if body is None:
        return None, content_type
    if isinstance(body, (bytes, bytearray)):
        return bytes(body), content_type
    if isinstance(body, str):
        return body.encode("utf-8"), content_type or "text/plain; charset=utf-8"
    return json.dumps(body).encode("utf-8"), content_type or "application/json"


def request(conn: http.client.HTTPConnection, method: str, path: str, body: Any = None,
            content_type: str | None = None, headers: dict[str, str] | None = None) -> Reply:
    """One request on a fresh connection. Raises NotSent when connecting failed (nothing was sent);
    any other exception means the request may or may not have been handled."""
    data, ctype = _encode(body, content_type)
    hdrs = {"Connection": "close"}
    if ctype:
        hdrs["Content-Type"] = ctype
    if headers:
        hdrs.update(headers)
    started = time.monotonic()
    try:
        conn.connect()
    except OSError as e:
        conn.close()
        raise NotSent(str(e)) from e
    try:
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        payload = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload, time.monotonic() - started)
    finally:
        conn.close()


# --------------------------------------------------------------------------- processes


def pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(entry))
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return out


def rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def fd_targets(pid: int) -> list[str]:
    out = []
    base = f"/proc/{pid}/fd"
    try:
        names = os.listdir(base)
    except FileNotFoundError:
        return out
    for name in names:
        try:
            out.append(os.readlink(os.path.join(base, name)))
        except OSError:
            continue
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- config


def to_yaml(value: dict[str, Any], indent: int = 0) -> str:
    """The small subset of YAML a stipd.yaml needs: nested mappings, scalars, flat lists.
    JSON scalars are valid YAML flow scalars."""
    lines = []
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines.append(to_yaml(item, indent + 2))
        elif isinstance(item, list):
            lines.append(f"{pad}{key}: [{', '.join(json.dumps(x) for x in item)}]")
        else:
            lines.append(f"{pad}{key}: {json.dumps(item)}")
    return "\n".join(lines)


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, item in extra.items():
        if isinstance(item, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], item)
        else:
            out[key] = item
    return out


def stage_plugins(env: Env, dest: str) -> None:
    os.makedirs(dest, exist_ok=True)
    for name in ("stip-plugin-poll", "stip-plugin-workshop", "stip-plugin-neighbourhood-walk"):
        env.wait_for_binary(name)
    proc = subprocess.run(
        ["scripts/stage-plugins.sh", "dev", dest, env.bin_dir],
        cwd=env.repo, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        raise DrillError(f"scripts/stage-plugins.sh failed: {proc.stderr.strip()}")


# --------------------------------------------------------------------------- the daemon


class Daemon:
    """One stipd with its own data dir, socket, plugin dir and config in `home`."""

    def __init__(self, env: Env, name: str, home: str, config: dict[str, Any] | None = None,
                 data_dir: str | None = None, port: int | None = None):
        self.env = env
        self.name = name
        self.home = home
        self.data_dir = data_dir or os.path.join(home, "data")
        self.run_dir = os.path.join(home, "run")
        self.socket = os.path.join(self.run_dir, "stipd.sock")
        self.plugin_dir = os.path.join(home, "plugins")
        self.config_path = os.path.join(home, "stipd.yaml")
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.log_path = os.path.join(home, "stipd.log")
        os.makedirs(self.data_dir, exist_ok=True)
        os.makedirs(self.run_dir, exist_ok=True)
        os.chmod(self.run_dir, 0o700)
        stage_plugins(env, self.plugin_dir)
        base = {
            "data_dir": self.data_dir,
            "admin": {"socket": self.socket, "socket_mode": "0660"},
            "public": {
                "listen": f"127.0.0.1:{self.port}",
                "rate_limit_per_minute": 0,
                "page_rate_limit_per_minute": 0,
            },
            "plugins": {"directories": [self.plugin_dir]},
            "workspaces": {"max_open": 16},
            "log": {"level": "info", "format": "text"},
        }
        self.config = deep_merge(base, config or {})
        with open(self.config_path, "w") as f:
            f.write(f"# Written by Drills/run.py for the drill {name}.\n")
            f.write(to_yaml(self.config) + "\n")

    # -- lifecycle

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def spawn(self) -> float:
        """Start stipd without waiting; returns the monotonic time it was started."""
        exe = self.env.wait_for_binary("stipd")
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"\n===== start {self.starts} ({_dt.datetime.now().isoformat(timespec='seconds')}) =====\n".encode())
        log.flush()
        t = time.monotonic()
        self.proc = subprocess.Popen(
            [exe, "--config", self.config_path], stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, cwd=self.home, start_new_session=True,
        )
        log.close()
        return t

    def wait_ready(self, timeout: float = 120.0) -> float:
        """Until the admin socket answers /v1/health and the resident port /health; returns when."""
        deadline = time.monotonic() + timeout
        admin_ok = public_ok = False
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise DrillError(f"{self.name}: stipd exited with {self.proc.returncode} during start-up; "
                                 f"log tail: {self.log_tail(8)}")
            try:
                if not admin_ok:
                    admin_ok = self.admin("GET", "/v1/health", timeout=5).status == 200
                if admin_ok and not public_ok:
                    public_ok = self.public("GET", "/health", timeout=5).status == 200
                if admin_ok and public_ok:
                    return time.monotonic()
            except (NotSent, OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise DrillError(f"{self.name}: stipd not ready after {timeout:.0f} s; log tail: {self.log_tail(8)}")

    def start(self, timeout: float = 120.0) -> float:
        """Start and wait until ready; returns the seconds it took."""
        t = self.spawn()
        return self.wait_ready(timeout) - t

    def kill9(self) -> tuple[float, list[int], list[int]]:
        """SIGKILL stipd. Returns (when, its plugin processes, those still alive 5 s later, which
        are then killed by pid: they were started by this daemon)."""
        assert self.proc is not None
        kids = children_of(self.proc.pid)
        t = time.monotonic()
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        deadline = time.monotonic() + 5
        left = [k for k in kids if pid_alive(k)]
        while left and time.monotonic() < deadline:
            time.sleep(0.05)
            left = [k for k in kids if pid_alive(k)]
        for k in left:
            try:
                os.kill(k, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return t, kids, left

    def stop(self, timeout: float = 30.0, scrape: bool = True) -> float | None:
        """SIGTERM and wait; SIGKILL after `timeout`. Returns the seconds it took, None if it had to
        be killed. Scrapes /metrics first (the runner saves the last daemon's)."""
        if not self.running():
            return 0.0
        if scrape:
            try:
                reply = self.admin("GET", "/metrics", timeout=10)
                if reply.status == 200:
                    self.env.last_metrics = (self.name, reply.text())
            except Exception:
                pass
        kids = children_of(self.proc.pid)
        t = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
            took: float | None = time.monotonic() - t
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            took = None
        for k in kids:
            if pid_alive(k):
                time.sleep(1)
                if pid_alive(k):
                    try:
                        os.kill(k, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        return took

    def ensure_stopped(self) -> None:
        try:
            if self.running():
                if self.stop(timeout=20) is None:
                    self.env.log(self.name, "stipd did not stop on SIGTERM within 20 s; killed it")
        except Exception as e:  # never let cleanup hide the real result
            self.env.log(self.name, f"cleanup: {e}")
            if self.proc and self.proc.poll() is None:
                self.proc.kill()

    def log_tail(self, lines: int = 20) -> str:
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()[-20000:].decode("utf-8", "replace").splitlines()
            return " | ".join(data[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def log_lines(self) -> list[str]:
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace").splitlines()
        except FileNotFoundError:
            return []

    # -- HTTP

    def admin(self, method: str, path: str, body: Any = None, content_type: str | None = None,
              timeout: float = 60.0, headers: dict[str, str] | None = None) -> Reply:
        return request(UnixHTTPConnection(self.socket, timeout), method, path, body, content_type, headers)

    def public(self, method: str, path: str, body: Any = None, content_type: str | None = None,
               timeout: float = 30.0, headers: dict[str, str] | None = None) -> Reply:
        return request(http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout),
                       method, path, body, content_type, headers)

    def admin_ok(self, method: str, path: str, body: Any = None, content_type: str | None = None,
                 expect: Iterable[int] = (200, 201, 202, 204), timeout: float = 120.0) -> Reply:
        reply = self.admin(method, path, body, content_type, timeout=timeout)
        if reply.status not in expect:
            raise DrillError(f"{method} {path}: {reply.short()}")
        return reply

    def stipctl(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
        exe = self.env.wait_for_binary("stipctl")
        return subprocess.run([exe, "--socket", self.socket, *args], capture_output=True, text=True,
                              timeout=timeout, cwd=self.home)

    # -- state

    def health(self) -> dict[str, Any]:
        return self.admin_ok("GET", "/v1/health", expect=(200, 503)).json()

    def plugins(self) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for p in self.admin_ok("GET", "/v1/plugins").json()["plugins"]}

    def contributions(self, slug: str, activity: str | None = None, state: str | None = None) -> list[dict[str, Any]]:
        query = {"limit": "100000"}
        if activity:
            query["activity"] = activity
        if state:
            query["state"] = state
        path = f"/v1/workspaces/{slug}/contributions?{urllib.parse.urlencode(query)}"
        return self.admin_ok("GET", path).json()["contributions"]

    def wait_no_pending(self, slugs: list[str], timeout: float) -> tuple[bool, float, int]:
        """Until no contribution is pending validation (health and the lists agree). Returns
        (ok, seconds, pending left)."""
        t = time.monotonic()
        left = -1
        while True:
            try:
                left = self.health().get("pending_validations", 0)
                if left == 0:
                    left = sum(len(self.contributions(s, state="pending_validation")) for s in slugs)
                    if left == 0:
                        return True, time.monotonic() - t, 0
            except (DrillError, NotSent, OSError, http.client.HTTPException):
                pass
            if time.monotonic() - t > timeout:
                return False, time.monotonic() - t, left
            time.sleep(0.5)


# --------------------------------------------------------------------------- plans and workspaces


def today() -> _dt.date:
    # The workspace time zone is Europe/Amsterdam; UTC's date is at most one day off, so every
    # date below keeps a day of slack.
    return _dt.datetime.now(_dt.timezone.utc).date()


def plan_yaml(slug: str, poll_limit: str = "code", workshop: bool = False, title: str = "Drill") -> str:
    t = today()
    start = t - _dt.timedelta(days=30)
    end = t + _dt.timedelta(days=365)
    yesterday = t - _dt.timedelta(days=2)
    text = f"""kind: Trajectory
workspace: {slug}
id: {TRAJECTORY}
title: {json.dumps(title)}
why: Een betrouwbaarheidsoefening (reliability drill) van Stip.
result_description: Elke reactie wordt precies een keer bewaard.
participation_level: consult
level_rationale: Een oefening.
decision_maker: executive
legal_basis: voluntary
owner: Drills
phases:
  - id: nu
    title: Nu
    starts: {start.isoformat()}
    ends: {end.isoformat()}
activities:
  - id: {POLL}
    method: poll
    phase: nu
    config:
      opens: {start.isoformat()}T00:00
      closes: {end.isoformat()}T23:59
      one_response_per: {poll_limit}
      questions:
        - id: variant
          type: single_choice
          text: Welke variant heeft uw voorkeur?
          options:
            - {{ id: a, label: "Variant A" }}
            - {{ id: b, label: "Variant B" }}
            - {{ id: c, label: "Variant C" }}
        - id: why
          type: text
          text: Waarom?
          optional: true
          max_length: 200
"""
    if workshop:
        text += f"""  - id: {WORKSHOP}
    method: workshop
    phase: nu
    config:
      sessions:
        - starts: {yesterday.isoformat()}T19:30
          ends: {yesterday.isoformat()}T21:30
          location: Wijkcentrum
          capacity: 40
"""
    return text


def create_workspace(d: Daemon, slug: str, name: str, methods: Iterable[str] = ("poll",),
                     poll_limit: str = "code", workshop: bool = False) -> None:
    d.admin_ok("POST", "/v1/workspaces", {"slug": slug, "name": name}, expect=(201,))
    for m in methods:
        d.admin_ok("PUT", f"/v1/workspaces/{slug}/methods/{m}", expect=(200, 201))
    d.admin_ok("POST", "/v1/apply", plan_yaml(slug, poll_limit, workshop, name), "application/yaml")
    d.admin_ok("PUT", f"/v1/workspaces/{slug}/trajectories/{TRAJECTORY}/status", {"status": "active"})


def generate_codes(d: Daemon, slug: str, count: int, activity: str = POLL) -> list[str]:
    codes: list[str] = []
    while len(codes) < count:
        n = min(100000, count - len(codes))
        reply = d.admin_ok("POST", f"/v1/workspaces/{slug}/activities/{activity}/codes",
                           {"count": n, "trajectory": TRAJECTORY}, expect=(201,), timeout=600)
        for c in reply.json()["codes"]:
            codes.append(c if isinstance(c, str) else c.get("code"))
    return codes


def code_counts(d: Daemon, slug: str, activity: str = POLL) -> dict[str, int]:
    body = d.admin_ok("GET", f"/v1/workspaces/{slug}/activities/{activity}/codes?trajectory={TRAJECTORY}").json()
    return body.get("counts", body)


def responses_path(slug: str, activity: str = POLL) -> str:
    return f"/api/v1/{slug}/{TRAJECTORY}/{activity}/responses"


# --------------------------------------------------------------------------- the books


def reconcile(result: Result, acked: dict[str, dict[str, Any]], stored: list[dict[str, Any]],
              stored_without_id: int = 0, expect_payload: Callable[[str], dict[str, Any] | None] | None = None) -> None:
    """Compare what was acknowledged (key -> {"id": contribution id, ...}) with what is stored.
    `stored_without_id`: responses known to be stored whose id the client never learned (a code
    answered `already_responded` on a retry after an in-doubt request). Anything stored beyond
    that is counted as duplicated; fewer is counted as lost."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for c in stored:
        by_id.setdefault(c["id"], []).append(c)
    missing = [k for k, a in acked.items() if a["id"] not in by_id]
    dup_ids = [i for i, cs in by_id.items() if len(cs) > 1]
    acked_ids = {a["id"] for a in acked.values()}
    result.lost += len(missing)
    result.duplicated += sum(len(by_id[i]) - 1 for i in dup_ids)
    if missing:
        result.fail(f"{len(missing)} acknowledged responses are missing, e.g. "
                    + ", ".join(f"{k} -> {acked[k]['id']}" for k in missing[:5]))
    if dup_ids:
        result.fail(f"{len(dup_ids)} contribution ids are listed more than once, e.g. {dup_ids[:5]}")
    unacked = len([i for i in by_id if i not in acked_ids])
    extra = unacked - stored_without_id
    if extra > 0:
        result.duplicated += extra
        result.fail(f"{unacked} stored responses were never acknowledged, but only {stored_without_id} "
                    f"in-doubt requests turned out stored: {extra} more than sent (a code or browser "
                    f"accepted twice?)")
    elif extra < 0:
        result.lost += -extra
        result.fail(f"{stored_without_id} in-doubt responses were refused on retry as already responded, "
                    f"but only {unacked} unacknowledged responses are stored: {-extra} residents were "
                    f"told 'already responded' for a response that is not there")
    if expect_payload is not None:
        damaged = []
        for key, a in acked.items():
            cs = by_id.get(a["id"])
            if not cs:
                continue
            want = expect_payload(key)
            if want is None:
                continue
            got = cs[0].get("payload", {})
            got_answers = got.get("answers", got) if isinstance(got, dict) else got
            if not isinstance(got_answers, dict) or any(got_answers.get(k) != v for k, v in want.items()):
                damaged.append((key, a["id"], want, got_answers))
        result.damaged += len(damaged)
        if damaged:
            k, i, w, g = damaged[0]
            result.fail(f"{len(damaged)} stored responses differ from what was sent, e.g. {i}: sent {w}, stored {g}")
    states: dict[str, int] = {}
    for c in stored:
        states[c.get("state", "?")] = states.get(c.get("state", "?"), 0) + 1
    result.details["stored_states"] = states


def integrity_check(path: str, read_only: bool = True) -> str:
    """PRAGMA integrity_check of one database; 'ok' or what it said."""
    uri = f"file:{urllib.parse.quote(path)}" + ("?mode=ro" if read_only else "")
    try:
        con = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as e:
        return f"cannot check: {e}"
    text = "; ".join(str(r[0]) for r in rows)
    return text


def databases(data_dir: str) -> list[str]:
    out = []
    cat = os.path.join(data_dir, "catalog.sqlite")
    if os.path.exists(cat):
        out.append(cat)
    wdir = os.path.join(data_dir, "workspaces")
    if os.path.isdir(wdir):
        out.extend(sorted(os.path.join(wdir, n) for n in os.listdir(wdir) if n.endswith(".sqlite")))
    return out


def check_integrity(result: Result, data_dir: str, label: str = "after a clean stop") -> int:
    """integrity_check = ok on catalog.sqlite and every workspace database (the daemon stopped).
    Read-only in place; when that cannot open (a WAL without its -shm), on a copy."""
    bad = []
    dbs = databases(data_dir)
    for db in dbs:
        verdict = integrity_check(db, read_only=True)
        if verdict.startswith("cannot check"):
            with tempfile.TemporaryDirectory() as scratch:
                copy = snapshot_files([db], scratch)[0]
                verdict = integrity_check(copy, read_only=False)
        if verdict != "ok":
            bad.append(f"{os.path.relpath(db, data_dir)}: {verdict[:300]}")
    result.damaged += len(bad)
    for b in bad:
        result.fail(f"integrity_check {label}: {b}")
    if not dbs:
        result.fail(f"integrity_check {label}: no databases found in {data_dir}")
    return len(dbs)


def snapshot_files(dbs: list[str], dest: str) -> list[str]:
    """Copy databases with their -wal (what a crash left on disk) for a later check."""
    out = []
    os.makedirs(dest, exist_ok=True)
    for i, db in enumerate(dbs):
        target = os.path.join(dest, f"{i:04d}-{os.path.basename(db)}")
        shutil.copyfile(db, target)
        if os.path.exists(db + "-wal"):
            shutil.copyfile(db + "-wal", target + "-wal")
        out.append(target)
    return out


def in_parallel(items: Iterable[str], work: Callable[[str], None], threads: int = 4) -> list[str]:
    """Runs `work(item)` over the items on a few threads; returns the errors as "item: error"."""
    pending: queue.Queue = queue.Queue()
    for item in items:
        pending.put(item)
    errors: list[str] = []

    def worker() -> None:
        while True:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            try:
                work(item)
            except Exception as e:  # noqa: BLE001 - the caller reports them
                errors.append(f"{item}: {e}")

    running = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return errors


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def is_enospc(e: OSError) -> bool:
    return e.errno in (errno.ENOSPC, errno.EDQUOT)
