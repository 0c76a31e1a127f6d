#!/usr/bin/env python3
"""Instructions per plugin call and per resident response, counted by callgrind, against the figures recorded
in Benchmarks/instructions.json.

Wall-clock figures move with whatever else runs on a shared machine; instruction counts do not. This runs the
release benchmarks `plugin-roundtrip` and `public-responses` under `valgrind --tool=callgrind` (children too, so
the plugin is counted in its own process). With STIP_CALLGRIND=N set, each benchmark runs N calls or requests
per measured run and zeroes the counters of the
server and the plugin when a measured run starts and dumps them, labelled, when it ends; this script reads those
dumps and divides by the calls or responses the run handled (the benchmark prints them).

Usage: Benchmarks/instructions.py [--bin .build/release] [--record] [--calls N] [--responses N]
  --record  writes the figures of this run to Benchmarks/instructions.json (do it with a change that moves them
            on purpose, and say why in the commit).
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = os.path.join(HERE, "instructions.json")

# Valgrind 3.19 (Debian 12) writes into the signal mask a program hands to sigsuspend; libdispatch's mask is a
# constant, so valgrind itself crashes as soon as an async `main` waits in dispatch_main and a second thread starts.
# This shim, preloaded, hands the system call a writable copy.
SIGSUSPEND_SHIM = r"""
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, 8);
}
"""


def prepare(directory, binaries, source):
    """Copies of the benchmark and plugin binaries without their debug information (valgrind 3.19 cannot read the
    DWARF 5 that Swift writes; the symbol table stays, so a profile still names functions), and the shim."""
    for name in binaries:
        subprocess.run(["objcopy", "--strip-debug", os.path.join(source, name), os.path.join(directory, name)], check=True)
    with open(os.path.join(directory, "sigsuspend.c"), "w", encoding="utf-8") as file:
        file.write(SIGSUSPEND_SHIM)
    compiler = shutil.which("cc") or shutil.which("clang")
    if compiler is None:
        raise SystemExit("instruction counts need a C compiler (cc or clang) for a small valgrind shim")
    subprocess.run([compiler, "-O2", "-shared", "-fPIC", "-o", os.path.join(directory, "sigsuspend.so"),
                    os.path.join(directory, "sigsuspend.c")], check=True)
    return os.path.join(directory, "sigsuspend.so")


def counted(directory, label):
    """Instructions in the dumps labelled `label`, by command: {"host": n, "plugin": n}."""
    totals = {}
    for path in glob.glob(os.path.join(directory, "cg.*")):
        command, trigger, summary = "", "", None
        with open(path, encoding="utf-8", errors="replace") as dump:
            for line in dump:
                if line.startswith("cmd:"):
                    command = line[4:].strip()
                elif line.startswith("desc: Trigger:"):
                    trigger = line.split("Trigger:", 1)[1].strip()
                elif line.startswith("summary:"):
                    summary = int(line.split()[1])
                elif line.startswith("fn=") and summary is not None:
                    break
        if summary is None or trigger != f"dump {label}":
            continue
        executable = os.path.basename(command.split()[0]) if command else "?"
        role = "plugin" if executable.startswith(("stip-plugin", "swift-suggestion-box")) else "host"
        totals[role] = totals.get(role, 0) + summary
    return totals


def run(command, directory, env):
    env = dict(env, LD_PRELOAD=os.path.join(directory, "sigsuspend.so"))
    valgrind = [
        "valgrind", "--tool=callgrind", "--trace-children=yes", "--cache-sim=no", "--branch-sim=no",
        "--dump-instr=no", f"--callgrind-out-file={directory}/cg.%p",
        # Only the plugins and the benchmark itself: wrk, cat and the shell are not ours to count.
        "--trace-children-skip=*/wrk,*/cat,*/sh,*/env,*/callgrind_control,*/perl,*/vgdb",
    ]
    completed = subprocess.run(valgrind + command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr[-4000:])
        raise SystemExit(f"{os.path.basename(command[0])} failed under callgrind (exit {completed.returncode})")
    return completed.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--responses", type=int, default=1500)
    arguments = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("instruction counts need valgrind; install it with:  sudo apt-get install -y valgrind")

    measured = {}
    with tempfile.TemporaryDirectory(prefix="stip-callgrind-") as directory:
        prepare(directory, ["plugin-roundtrip", "swift-suggestion-box"], arguments.bin)
        output = run([f"{directory}/plugin-roundtrip", f"{directory}/swift-suggestion-box"],
                     directory, dict(os.environ, STIP_CALLGRIND=str(arguments.calls)))
        handled = re.search(r"^counted calls: (\d+)$", output, re.M)
        if not handled:
            raise SystemExit("plugin-roundtrip did not say how many calls it counted:\n" + output)
        counts = counted(directory, "roundtrip")
        calls = int(handled.group(1))
        measured["plugin call, host"] = counts.get("host", 0) / calls
        measured["plugin call, plugin"] = counts.get("plugin", 0) / calls

    with tempfile.TemporaryDirectory(prefix="stip-callgrind-") as directory:
        prepare(directory, ["public-responses", "stip-plugin-poll"], arguments.bin)
        output = run([f"{directory}/public-responses", f"{directory}/stip-plugin-poll"],
                     directory, dict(os.environ, STIP_CALLGRIND=str(arguments.responses)))
        for label, name in [("hello", "hello-world request"), ("poll", "poll response"), ("collect", "POST, nothing stored"),
                            ("floor", "floor response")]:
            handled = re.search(rf"^counted {label}: (\d+)$", output, re.M)
            if not handled:
                raise SystemExit(f"public-responses did not say how many {label} requests it counted:\n" + output)
            counts = counted(directory, label)
            requests = int(handled.group(1))
            measured[f"{name}, server"] = counts.get("host", 0) / requests
            if label == "poll":
                measured[f"{name}, plugin"] = counts.get("plugin", 0) / requests

    recorded = {}
    if os.path.exists(RECORDED):
        with open(RECORDED, encoding="utf-8") as file:
            recorded = json.load(file)["instructions"]
    print("instructions (callgrind), per call or request; ratio to Benchmarks/instructions.json")
    failed = False
    for name, value in measured.items():
        if value <= 0:
            failed = True
        before = recorded.get(name)
        ratio = f"{value / before:5.2f}× of recorded {before:,.0f}" if before else "no recorded figure"
        print(f"{name:<34} {value:>12,.0f}   {ratio}")
    if arguments.record:
        with open(RECORDED, "w", encoding="utf-8") as file:
            json.dump({"instructions": {name: round(value) for name, value in measured.items()}}, file, indent=2)
            file.write("\n")
        print(f"recorded in {RECORDED}")
    if failed:
        raise SystemExit("FAILED: a run counted no instructions (was its dump written?)")


if __name__ == "__main__":
    main()
