#!/usr/bin/env python3
"""Generate cron-tables.json: reference "next run" instants for the scheduler tests.

The tables come from cronsim (https://github.com/cuu508/cronsim, by
healthchecks.io), an independent cron implementation that aims to follow
Debian/Vixie cron semantics, including its daylight-saving handling.
Version used: cronsim 2.9 (pinned below; regenerate with the same version
unless you mean to re-check every table by hand).

How to run (the venv lives outside the repository):

    python3 -m venv /tmp/cronref
    /tmp/cronref/bin/pip install cronsim==2.9
    /tmp/cronref/bin/python3 path/to/make-tables.py   # from any directory
    # or: . /tmp/cronref/bin/activate && python3 make-tables.py

It writes cron-tables.json next to this script. Only the standard library
and cronsim are used; time zone rules come from the system tz database via
zoneinfo (the tables were made with tzdata 2025b).

How cronsim handles DST (read from cronsim/cronsim.py, 2.9):

* A 5-field expression whose minute AND hour fields both do not start with
  "*" is a "fixed-time" job. cronsim then iterates in naive local wall-clock
  time and converts each hit with fold=0:
    - a time skipped by a spring-forward jump is moved forward minute by
      minute until it exists, i.e. it runs once at the first instant after
      the jump (03:00 local in Europe/Amsterdam); several skipped times
      (02:15 and 02:45) collapse into that single 03:00 run;
    - a time that occurs twice (fall-back) runs once, at the first
      occurrence (fold=0, the summer-time offset).
* Any other job (minute or hour starts with "*", e.g. "*/15 * * * *",
  "0 */2 * * *") steps through real (UTC) time and matches the local wall
  clock: it does not run in the skipped hour and runs in both copies of the
  repeated hour.
* Time zones without DST (UTC, Asia/Tokyo) are unaffected.

Other semantics the tables rely on (all checked against the cronsim source):

* Day-of-month and day-of-week: if either field starts with "*", both must
  match (AND); otherwise either may match (OR, Vixie). So "0 9 */2 * MON"
  runs only on Mondays that fall on an odd day of the month (1, 3, ..., 31),
  while "0 9 13 * FRI" runs on every 13th and on every Friday.
* Names are case-insensitive ("sun" == "SUN"), 7 means Sunday like 0,
  "a-b/n" steps through the range ("1-5/2" = Mon, Wed, Fri).
* cronsim 2.9 does not accept the @hourly/@daily/... aliases ("Wrong number
  of fields"), so those cases use the expanded expression (as in Vixie
  cron's entry.c) and keep the alias in an extra "alias" key.
"""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

try:
    import cronsim
    from cronsim import CronSim
except ImportError:
    raise SystemExit("cronsim is not installed: see the docstring (venv + pip install cronsim==2.9)")

CRONSIM_VERSION = "2.9"  # the version these tables were made and checked with

OUT = Path(__file__).resolve().parent / "cron-tables.json"
AMS = "Europe/Amsterdam"
NY = "America/New_York"

# Each case: (name, expression, time zone, local start "YYYY-MM-DD HH:MM",
#             optional extras).  Start times never fall inside a DST gap or
#             overlap: cronsim drops the fold of the start for fixed-time
#             jobs, so a start in the second copy of the repeated hour can
#             make it return an instant *before* the start (see README).  "count" overrides the default of 10 instants;
#             "alias" records the alias the expression stands for.
CASES = []


def case(name, expression, tz, start, count=10, alias=None):
    CASES.append((name, expression, tz, start, count, alias))


# --- Europe/Amsterdam DST transitions -------------------------------------
# Spring forward: last Sunday of March, 02:00 CET -> 03:00 CEST.
# Fall back:      last Sunday of October, 03:00 CEST -> 02:00 CET.
# Daily/weekly jobs start two days before the transition day; sub-daily
# jobs start shortly before the transition so 10 instants straddle it.
AMS_TRANSITIONS = [
    ("spring 2026", "2026-03-29", "2026-03-27", "2026-03-28"),
    ("spring 2027", "2027-03-28", "2027-03-26", "2027-03-27"),
    ("fall 2026", "2026-10-25", "2026-10-23", "2026-10-24"),
    ("fall 2027", "2027-10-31", "2027-10-29", "2027-10-30"),
]
for label, day, two_before, one_before in AMS_TRANSITIONS:
    spring = label.startswith("spring")
    p = f"Amsterdam {label}"
    case(f"{p}: 30 2 daily", "30 2 * * *", AMS, f"{two_before} 00:00")
    case(f"{p}: 0 2 daily", "0 2 * * *", AMS, f"{two_before} 00:00")
    case(f"{p}: 0 3 daily", "0 3 * * *", AMS, f"{two_before} 00:00")
    case(f"{p}: 15,45 2 daily", "15,45 2 * * *", AMS, f"{two_before} 00:00")
    # 01:20 CET before spring-forward; 01:50 CEST before fall-back.
    case(f"{p}: every 15 min", "*/15 * * * *", AMS,
         f"{day} 01:20" if spring else f"{day} 01:50")
    case(f"{p}: 30 every hour", "30 * * * *", AMS, f"{day} 00:10")
    case(f"{p}: 0 every hour", "0 * * * *", AMS, f"{day} 00:10")
    case(f"{p}: 0 every 2 hours", "0 */2 * * *", AMS, f"{one_before} 20:00")
    case(f"{p}: 7:00 Mondays", "0 7 * * MON", AMS, f"{two_before} 00:00")

# --- Zones without DST -----------------------------------------------------
for tz in ("Asia/Tokyo", "UTC"):
    case(f"{tz}: 7:00 Mondays", "0 7 * * MON", tz, "2026-03-27 00:00")
    case(f"{tz}: 30 2 daily", "30 2 * * *", tz, "2026-03-27 00:00")

# --- America/New_York (other rules: 2nd Sunday of March 02:00 -> 03:00,
#     1st Sunday of November 02:00 -> 01:00) --------------------------------
case("New York spring 2026: 30 2 daily", "30 2 * * *", NY, "2026-03-06 00:00")
case("New York spring 2026: every 30 min", "*/30 * * * *", NY, "2026-03-08 00:10")
# In New York the repeated hour is 01:00-02:00, so 02:30 is not ambiguous in
# the fall; the extra "30 1" case covers the ambiguous fixed time.
case("New York fall 2026: 30 2 daily", "30 2 * * *", NY, "2026-10-30 00:00")
case("New York fall 2026: 30 1 daily", "30 1 * * *", NY, "2026-10-30 00:00")
case("New York fall 2026: every 30 min", "*/30 * * * *", NY, "2026-11-01 00:10")

# --- Leap days (rare: 5 instants, one every four years) ---------------------
case("leap day midnight", "0 0 29 2 *", "UTC", "2026-01-01 00:00", count=5)
case("leap day noon Amsterdam", "0 12 29 2 *", AMS, "2026-01-01 00:00", count=5)

# --- Day 31 / day 30 in short months -------------------------------------------
case("day 31 skips short months", "0 12 31 * *", "UTC", "2026-01-15 00:00")
case("day 30 across February", "0 0 30 * *", "UTC", "2026-01-15 00:00")

# --- Day-of-month vs day-of-week ------------------------------------------------
# Both restricted -> OR: every 13th plus every Friday.
case("13th OR Friday", "0 9 13 * FRI", "UTC", "2026-01-01 00:00")
# Both restricted -> OR: the 1st, the 15th and every Monday.
case("1st/15th OR Monday", "0 9 1,15 * MON", "UTC", "2026-01-01 00:00")
# Day-of-month starts with "*" -> AND: Mondays on an odd day of the month.
case("odd day AND Monday", "0 9 */2 * MON", "UTC", "2026-01-01 00:00")

# --- Names, ranges and steps ------------------------------------------------------
case("weekdays 7:00", "0 7 * * MON-FRI", "UTC", "2026-01-01 00:00")
case("Jan and Jul 1st", "0 0 1 JAN,JUL *", "UTC", "2026-01-01 00:00")
case("lowercase sun", "0 18 * * sun", "UTC", "2026-01-01 00:00")
case("7 is Sunday", "0 8 * * 7", "UTC", "2026-01-01 00:00")
case("range with step 10-50/20", "10-50/20 9 * * *", "UTC", "2026-01-01 00:00")
case("every 7 min wraps at the hour", "*/7 * * * *", "UTC", "2026-01-01 09:55")
case("weekday range with step 1-5/2", "0 0 * * 1-5/2", "UTC", "2026-01-01 00:00")

# --- Aliases (expanded; cronsim 2.9 rejects the @ forms) -----------------------
case("@hourly", "0 * * * *", "UTC", "2026-01-01 00:00", alias="@hourly")
case("@daily", "0 0 * * *", "UTC", "2026-01-01 00:00", alias="@daily")
case("@weekly", "0 0 * * 0", "UTC", "2026-01-01 00:00", alias="@weekly")
case("@monthly", "0 0 1 * *", "UTC", "2026-01-01 00:00", alias="@monthly")
case("@yearly", "0 0 1 1 *", "UTC", "2026-01-01 00:00", alias="@yearly")


def iso(dt):
    """YYYY-MM-DDTHH:MM:SS+HH:MM (UTC is written +00:00)."""
    return dt.isoformat(timespec="seconds")


def build(name, expression, tz, start, count, alias):
    zone = ZoneInfo(tz)
    # Start times are chosen outside any gap/overlap, so fold=0 is exact.
    start_dt = datetime.strptime(start, "%Y-%m-%d %H:%M").replace(tzinfo=zone)
    it = CronSim(expression, start_dt)  # yields instants strictly after start
    runs = [next(it) for _ in range(count)]
    # Sanity: strictly increasing real instants, all after the start.
    # Compare timestamps: Python compares two datetimes sharing a tzinfo by
    # wall clock, ignoring fold, which misorders the repeated fall-back hour.
    stamps = [start_dt.timestamp()] + [r.timestamp() for r in runs]
    assert len(runs) >= 3 and all(a < b for a, b in zip(stamps, stamps[1:])), name
    entry = {"name": name, "expression": expression}
    if alias:
        entry["alias"] = alias
    entry.update({"timezone": tz, "from": iso(start_dt), "next": [iso(r) for r in runs]})
    return entry


def main():
    installed = getattr(cronsim, "__version__", None)
    if installed is None:
        from importlib.metadata import version
        installed = version("cronsim")
    if installed != CRONSIM_VERSION:
        raise SystemExit(f"expected cronsim {CRONSIM_VERSION}, found {installed}")
    tables = {"generator": f"cronsim {CRONSIM_VERSION}",
              "cases": [build(*c) for c in CASES]}
    OUT.write_text(json.dumps(tables, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
