"""disk-full: the data dir lives on a 24 MiB tmpfs, which a filler file fills up while residents
post responses. Posts must be refused with a clear 503 (nothing half-stored), the daemon must
keep running, and once the filler is deleted it must take responses again by itself."""

from __future__ import annotations

import os
import re
import subprocess
import time

from .common import (TRAJECTORY, Daemon, Env, Result, check_integrity, code_counts, create_workspace, fmt_s,
                     generate_codes, is_enospc, reconcile)
from .load import CodeLoad, answers_for

NAME = "disk-full"
SUMMARY = "data dir on a 24 MiB tmpfs filled up: clear 503s, nothing damaged, recovers by itself"
SLUG = "vol"
EXPLAINS = re.compile(r"disk|space|full|schijf|ruimte|vol\b|opslag|storage", re.IGNORECASE)


def mount_tmpfs(path: str, size: str = "24m") -> str | None:
    """Mounts; returns None, or why it could not."""
    try:
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0750", "tmpfs", path],
                           capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"mount: {e}"
    if p.returncode != 0:
        return f"mount -t tmpfs failed ({p.returncode}): {p.stderr.strip() or p.stdout.strip()}"
    return None


def unmount(path: str) -> str | None:
    for args in (["umount", path], ["umount", path], ["umount", "-l", path]):
        p = subprocess.run(args, capture_output=True, text=True, timeout=30)
        if p.returncode == 0:
            return None
        time.sleep(1)
    return p.stderr.strip()


def fill(path: str) -> int:
    """Write until the file system says ENOSPC; returns the bytes written."""
    written = 0
    with open(path, "wb", buffering=0) as f:
        for chunk in (1 << 20, 1 << 16, 4096, 512, 64, 1):
            block = b"\0" * chunk
            while True:
                try:
                    n = f.write(block)
                    written += n or 0
                    if not n:
                        break
                except OSError as e:
                    if is_enospc(e):
                        break
                    raise
    return written


def run(env: Env) -> Result:
    r = Result(NAME)
    home = env.scenario_dir(NAME)
    mnt = os.path.join(home, "data")
    os.makedirs(mnt, exist_ok=True)
    why = mount_tmpfs(mnt)
    if why:
        r.skip(f"no tmpfs for the data dir: {why}")
        return r
    d = None
    try:
        d = Daemon(env, NAME, home, data_dir=mnt)
        _run(env, d, r, mnt)
    finally:
        if d is not None:
            d.ensure_stopped()
        problem = unmount(mnt)
        if problem:
            r.fail(f"could not unmount the tmpfs at {mnt}: {problem}")
    return r


def _run(env: Env, d: Daemon, r: Result, mnt: str) -> None:
    d.start()
    create_workspace(d, SLUG, "Gemeente Vol", methods=("poll",), poll_limit="code")
    codes = generate_codes(d, SLUG, 4000)
    load = CodeLoad(d, SLUG, codes, threads=0, timeout=30)

    def post() -> tuple[int, str, float]:
        code = load._next_code()
        s = load.post(code)
        return s.status, s.error, s.elapsed

    for _ in range(env.size(200, 60)):
        post()
    before = len(load.acked)
    r.check(before > 0, "no response was acknowledged before the disk was filled")

    filler = os.path.join(mnt, "filler")
    t_fill = time.monotonic()
    filled = fill(filler)
    st = os.statvfs(mnt)
    env.log(NAME, f"filler {filled / 1048576:.1f} MiB; {st.f_bavail * st.f_frsize} bytes left; posting on")

    # Post on a full disk: until 20 were refused, or 600 posts / 60 s (SQLite may reuse WAL space for a while).
    full_statuses: dict[str, int] = {}
    refusals = []
    stored_on_full = 0
    t_limit = time.monotonic() + 60
    n = 0
    while len(refusals) < 20 and n < 600 and time.monotonic() < t_limit:
        n += 1
        code = load._next_code()
        s = load.post(code)
        key = str(s.status or s.error.split(":")[0])
        full_statuses[key] = full_statuses.get(key, 0) + 1
        if s.status in (201, 202):
            stored_on_full += 1
            continue
        refusals.append((s, code))
        if not d.running():
            break
    alive = d.running()
    r.check(alive, f"stipd exited on the full disk (status {d.proc.returncode if d.proc else '?'}); "
                   f"log: {d.log_tail(5)}")
    # How the admin side takes it: a write, and health.
    admin_write = admin_health = None
    if alive:
        try:
            admin_write = d.admin("POST", "/v1/workspaces", {"slug": "vol-twee", "name": "Gemeente Vol Twee"}, timeout=30)
            admin_health = d.admin("GET", "/v1/health", timeout=30)
        except Exception as e:
            r.fail(f"the admin API did not answer on the full disk: {type(e).__name__}: {e}")

    if not refusals:
        r.fail(f"the fault was not injected: {n} posts on a full disk were all stored "
               f"(filler {filled} bytes)")
    else:
        bodies = {}
        for s, code in refusals:
            if s.status == 0:
                r.fail(f"a post on the full disk got no answer: {s.error}")
                continue
            reply_text = ""
            bodies.setdefault(s.status, code)
        # Look at one refusal closely: send one more and keep its body.
        if alive:
            code = load._next_code()
            probe = d.public("POST", f"/api/v1/{SLUG}/{TRAJECTORY}/poll/responses",
                             {"answers": answers_for(code), "code": code}, timeout=30)
            if probe.status in (201, 202):
                load.acked[code] = {"id": probe.json()["id"], "state": probe.json()["state"], "t": time.monotonic(),
                                    "t0": time.monotonic()}
            else:
                load.refused[code] = probe.status
                r.details["full_disk_reply"] = {"status": probe.status, "headers": probe.headers,
                                                "body": probe.text()[:1000]}
                r.check(probe.status == 503, f"a post on the full disk answered {probe.status}, not 503: "
                                              f"{probe.short(300)}")
                r.check(bool(EXPLAINS.search(probe.text())),
                        f"the refusal on the full disk does not say the disk is full: {probe.short(300)}")
                if probe.status == 503 and "retry-after" not in probe.headers:
                    r.note("503 without Retry-After")
        bad = {k: v for k, v in full_statuses.items() if k not in ("201", "202", "503")}
        r.check(not bad, f"posts on the full disk answered {bad} (only 201/202 or 503 are right)")
    if admin_write is not None:
        r.details["admin_write_on_full_disk"] = admin_write.short(300)
        r.check(admin_write.status in (201, 503, 507),
                f"creating a workspace on the full disk answered {admin_write.short(300)}")
        if admin_write.status == 201:
            r.note("a workspace could still be created on the full disk")
    if admin_health is not None:
        r.details["health_on_full_disk"] = admin_health.short(500)
        try:
            if refusals and admin_health.json().get("status") == "ok":
                r.note("/v1/health said ok on the full disk")
        except ValueError:
            pass

    # Free the space: the service must recover by itself (no restart).
    os.unlink(filler)
    t_free = time.monotonic()
    if not d.running():
        env.log(NAME, "stipd is gone; starting it again to check the data")
        d.start()
    recovered = None
    while time.monotonic() - t_free < 60:
        code = load._next_code()
        s = load.post(code)
        if s.status in (201, 202):
            recovered = time.monotonic() - t_free
            break
        time.sleep(0.2)
    if recovered is None:
        r.fail("no post succeeded within 60 s of freeing the disk (without a restart)")
    else:
        r.recovered_in = fmt_s(recovered) + " after freeing"
    after = [load.post(load._next_code()) for _ in range(20)]
    not_ok = [s for s in after if s.status not in (201, 202)]
    r.check(not not_ok, f"{len(not_ok)} of 20 posts after the recovery were not stored: "
                        f"{[s.status or s.error for s in not_ok][:5]}")

    stored_unknown, unresolved = load.settle()
    if unresolved:
        r.fail(f"{unresolved} refused or in-doubt posts were still refused after the disk was freed")
    # Refusals on the full disk are judged above (by status); anything else unexpected fails here.
    refused_codes = {code for _, code in refusals}
    for u in load.unexpected:
        if " 503 " in u or any(code in u for code in refused_codes):
            continue
        r.fail(u)
    ok, took, left = d.wait_no_pending([SLUG], timeout=45)
    r.check(ok, f"{left} responses still pending validation after the recovery")
    stored = d.contributions(SLUG, activity="poll")
    reconcile(r, load.acked, stored, stored_unknown, expect_payload=answers_for)
    counts = code_counts(d, SLUG)
    r.check(counts.get("used") == len(stored),
            f"codes marked used ({counts.get('used')}) differ from stored responses ({len(stored)})")
    took_stop = d.stop()
    r.check(took_stop is not None, "stipd did not stop within 30 s of SIGTERM")
    ndb = check_integrity(r, d.data_dir)

    r.load = f"{len(load.log)} posts, one resident ({n} on the full disk)"
    r.faults = f"tmpfs 24 MiB filled ({filled / 1048576:.1f} MiB filler)"
    r.acknowledged = len(load.acked)
    r.note("full disk: " + ", ".join(f"{k}x{v}" for k, v in sorted(full_statuses.items())))
    if stored_on_full:
        r.note(f"{stored_on_full} stored on the full disk before refusals")
    r.note(f"integrity ok on {ndb} dbs" if not any('integrity' in f for f in r.failures) else "integrity FAILED")
    r.details["full_disk_statuses"] = full_statuses
