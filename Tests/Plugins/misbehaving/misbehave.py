#!/usr/bin/env python3
"""A Stip method plugin (protocol 1.0) that misbehaves in exactly one way.

    misbehave.py --mode MODE [--id ID]

Used by the plugin host's tests to check supervision: each MODE speaks the
protocol of docs/plugin-protocol.md correctly except for the one thing below.

  well-behaved           no misbehaviour
  crash-on-validate      exits with status 3 when it receives validate_activity
  hang-on-validate       never answers validate_activity (nor its $/cancel); keeps answering ping
  garbage                answers validate_activity with the line `this is not json`
  huge-line              answers validate_activity with one 100 MiB line (valid JSON,
                         written in chunks, the newline only at the very end)
  protocol-2-only        initialize: picks "2.0" if offered, else error -32002 with
                         data.supported ["2.0"]
  exit-during-handshake  reads initialize, then exits 1 without answering
  stderr-flood           writes 50 MiB of log lines to stderr from a thread started right
                         after initialize; otherwise well behaved
  ignore-shutdown        answers shutdown, then ignores exit, SIGTERM and the end of stdin
                         and keeps running (only SIGKILL ends it)
  no-pings               answers everything except ping
  early-exports          picks "1.1" and still announces export_formats, a capability
                         that came with 1.2: the host must not offer its exports
  crash-on-marker        exits with status 3, after a line on stderr, when it validates a
                         submission holding {"crash": true}; any other submission is fine
  hang-on-marker         never answers validate_contribution of a submission holding
                         {"hang": true}; answers everything else
  bad-schedule           validate_activity answers a schedule (protocol 1.2) whose start is
                         not a date: the host must refuse the plan, the check must fail it

In every mode, an activity config {"sleep_ms": N} makes validate_activity
wait N ms before answering (a $/cancel ends the wait with -32800): handy for
deadlines, cancellation and the max_concurrent_requests queue; and
{"evaluate_sleep_ms": N} makes evaluate_end of that activity wait N ms (a daemon
can be killed in the middle of a cycle). The method
itself is trivial: any object is a valid config and a valid contribution,
evaluation counts contributions (metric contributions.count).
Standard library only.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

MODES = [
    "well-behaved", "crash-on-validate", "hang-on-validate", "garbage", "huge-line",
    "protocol-2-only", "exit-during-handshake", "stderr-flood", "ignore-shutdown", "no-pings",
    "early-exports", "crash-on-marker", "bad-schedule", "hang-on-marker",
]
COOKIE_NAME = "STIP_PLUGIN_COOKIE"
COOKIE_VALUE = "stip-method-plugin-1c2f"
MAX_MESSAGE = 16 * 1024 * 1024
HUGE_LINE_BYTES = 100 * 1024 * 1024  # including the final newline
FLOOD_BYTES = 50 * 1024 * 1024
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def error(code, name, message, **data):
    payload = {"code": name}
    payload.update(data)
    return {"code": code, "message": message, "data": payload}


class Plugin:
    def __init__(self, mode, plugin_id):
        self.mode = mode
        self.plugin_id = plugin_id
        self.out = sys.stdout.buffer
        self.write_lock = threading.Lock()
        self.lock = threading.Lock()
        self.in_flight = {}  # request id -> Event, for requests answered on a thread
        self.evaluations = {}
        self.evaluation_sleeps = {}
        self.initialized = False
        self.shutting_down = False
        self.quiet = False  # no log lines of our own while the flood owns stderr

    # MARK: output

    def log(self, message):
        if self.quiet:
            return
        try:
            sys.stderr.write("%s[%s]: %s\n" % (self.plugin_id, self.mode, message))
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    def write(self, data):
        with self.write_lock:
            try:
                self.out.write(data)
                self.out.flush()
            except (BrokenPipeError, ValueError):
                os._exit(1)

    def reply(self, request_id, result=None, err=None):
        message = {"jsonrpc": "2.0", "id": request_id}
        if err is not None:
            message["error"] = err
        else:
            message["result"] = result
        self.write(json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n")

    def answer(self, request_id, result=None, err=None):
        with self.lock:
            if self.in_flight.pop(request_id, None) is None:
                return  # already answered with -32800
        self.reply(request_id, result, err)

    # MARK: input

    def lines(self):
        stdin = sys.stdin.buffer
        while True:
            line = stdin.readline(MAX_MESSAGE)
            if not line:
                return
            if line.endswith(b"\n"):
                yield line[:-1]
                continue
            if len(line) < MAX_MESSAGE:
                return
            rest = b""
            while True:
                rest = stdin.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            if not rest:
                return

    def run(self):
        for line in self.lines():
            if line is None:
                self.reply(None, err=error(-32600, "invalid_request", "message longer than 16 MiB; skipped"))
                continue
            if not line.strip():
                continue
            try:
                message = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:
                self.reply(None, err=error(-32700, "parse_error", "not a JSON line: %s" % e))
                continue
            self.dispatch(message)
        self.log("end of input")
        if self.mode == "ignore-shutdown":
            while True:  # keep running until SIGKILL
                time.sleep(3600)
        self.exit()

    def exit(self):
        with self.write_lock:
            os._exit(0 if self.shutting_down else 1)

    def dispatch(self, message):
        if not isinstance(message, dict):
            self.reply(None, err=error(-32600, "invalid_request", "a message must be one JSON object (no batches)"))
            return
        method = message.get("method")
        has_id = "id" in message
        request_id = message.get("id")
        valid_id = isinstance(request_id, (int, str)) and not isinstance(request_id, bool)
        if method is None and ("result" in message or "error" in message):
            return
        if message.get("jsonrpc") != "2.0" or not isinstance(method, str) or has_id and not valid_id:
            if has_id:
                self.reply(request_id if valid_id else None,
                           err=error(-32600, "invalid_request", "not a JSON-RPC 2.0 request"))
            return
        params = message.get("params", {})
        if not has_id:
            self.notification(method, params)
        elif not isinstance(params, dict):
            self.reply(request_id, err=error(-32602, "invalid_params", "params must be an object"))
        else:
            self.request(request_id, method, params)

    def notification(self, method, params):
        if method == "exit":
            if self.mode == "ignore-shutdown":
                self.log("ignoring exit")
                return
            self.exit()
        elif method == "$/cancel" and isinstance(params, dict):
            target = params.get("id")
            with self.lock:
                event = self.in_flight.pop(target, None)
            if event is not None:
                event.set()
                self.reply(target, err=error(-32800, "cancelled", "cancelled by the host"))

    # MARK: requests

    def request(self, request_id, method, params):
        if self.shutting_down:
            self.reply(request_id, err=error(-32005, "shutting_down", "the plugin is shutting down"))
            return
        if method == "initialize":
            if self.initialized:
                self.reply(request_id, err=error(-32600, "invalid_request", "initialize was already received"))
            else:
                self.initialize(request_id, params)
            return
        if not self.initialized:
            self.reply(request_id, err=error(-32003, "not_initialized", "the first request must be initialize"))
            return
        if method == "ping":
            if self.mode != "no-pings":
                self.reply(request_id, {})
        elif method == "shutdown":
            self.shutting_down = True
            self.reply(request_id, {})
        elif method == "validate_activity":
            self.validate_activity(request_id, params)
        elif method == "validate_contribution":
            submission = params.get("submission")
            if not isinstance(submission, dict):
                self.reply(request_id, err=error(-32602, "invalid_params", "submission must be an object"))
            else:
                self.crash_on_marker([submission])
                if self.mode == "hang-on-marker" and submission.get("hang") is True:
                    self.log("a submission holds the hang marker; never answering request %r" % (request_id,))
                    return
                self.reply(request_id, {"contribution": submission, "themes": []})
        elif method in ("public_form", "import"):
            self.reply(request_id, err=error(-32004, "unsupported", "this plugin declares no %s capability" % method))
        elif method in ("evaluate_begin", "evaluate_batch", "evaluate_end"):
            self.evaluate(request_id, method, params)
        else:
            self.reply(request_id, err=error(-32601, "method_not_found", "unknown method %r" % method))

    def initialize(self, request_id, params):
        offered = params.get("protocol_versions")
        if not isinstance(offered, list):
            self.reply(request_id, err=error(-32602, "invalid_params", "protocol_versions must be an array"))
            return
        if self.mode == "exit-during-handshake":
            self.log("received initialize; exiting without an answer, as asked")
            os._exit(1)
        supported = {"protocol-2-only": "2.0", "early-exports": "1.1"}.get(self.mode, "1.0")
        if supported not in offered:
            self.reply(request_id, err=error(
                -32002, "unsupported_protocol",
                "this plugin speaks protocol %s only; the host offered %s" % (supported, ", ".join(map(str, offered))),
                supported=[supported]))
            return
        self.initialized = True
        self.reply(request_id, {"protocol_version": supported, "manifest": self.manifest()})
        if self.mode == "stderr-flood":
            threading.Thread(target=self.flood, daemon=True).start()

    def manifest(self):
        capabilities = {"public_form": False, "import_formats": [], "incremental_evaluation": False}
        if self.mode == "early-exports":
            capabilities["export_formats"] = [{
                "id": "csv", "media_type": "text/csv; charset=utf-8", "extension": "csv", "scope": "activity",
                "label": {"nl": "Bijdragen (CSV)", "en": "Contributions (CSV)"}}]
        return {
            "id": self.plugin_id,
            "version": "1.0.0",
            "display_name": {"nl": "Misdraging: %s" % self.mode, "en": "Misbehaviour: %s" % self.mode},
            "modes": ["online", "offline"],
            "config_schema": {
                "$schema": SCHEMA_DIALECT, "type": "object",
                "properties": {"sleep_ms": {"type": "integer", "minimum": 0}},
            },
            "contribution_schema": {"$schema": SCHEMA_DIALECT, "type": "object"},
            "metrics": [{"id": "contributions.count", "label": {"nl": "Aantal bijdragen", "en": "Contributions"},
                         "unit": "count", "kind": "count"}],
            "capabilities": capabilities,
        }

    def crash_on_marker(self, submissions):
        if self.mode != "crash-on-marker":
            return
        if any(isinstance(s, dict) and s.get("crash") is True for s in submissions):
            self.log("a submission holds the crash marker; exiting with status 3, as asked")
            os._exit(3)

    def validate_activity(self, request_id, params):
        mode = self.mode
        if mode == "crash-on-validate":
            self.log("received validate_activity; exiting with status 3, as asked")
            os._exit(3)
        if mode == "hang-on-validate":
            self.log("received validate_activity %r; never answering it" % (request_id,))
            return
        if mode == "garbage":
            self.write(b"this is not json\n")
            return
        if mode == "huge-line":
            threading.Thread(target=self.huge_line, args=(request_id,), daemon=True).start()
            return
        config = params.get("config")
        if not isinstance(config, dict):
            self.reply(request_id, err=error(-32602, "invalid_params", "config must be an object"))
            return
        sleep_ms = config.get("sleep_ms", 0)
        if not isinstance(sleep_ms, int) or isinstance(sleep_ms, bool) or sleep_ms < 0:
            self.reply(request_id, err=error(-32010, "invalid_config", "the activity config is invalid", errors=[
                {"pointer": "/sleep_ms", "message": "must be a non-negative integer"}]))
            return
        event = threading.Event()
        with self.lock:
            self.in_flight[request_id] = event

        def work():
            if event.wait(sleep_ms / 1000.0):
                return  # cancelled; the -32800 answer has been sent
            result = {"config": config}
            if self.mode == "bad-schedule":
                result["schedule"] = [{"starts": "next tuesday", "location": "Wijkcentrum"}]
            self.answer(request_id, result)

        threading.Thread(target=work, daemon=True).start()

    def evaluate(self, request_id, method, params):
        evaluation_id = params.get("evaluation_id")
        if not isinstance(evaluation_id, str):
            self.reply(request_id, err=error(-32602, "invalid_params", "evaluation_id must be a string"))
            return
        pause = 0
        with self.lock:
            if method == "evaluate_begin":
                self.evaluations[evaluation_id] = 0
                config = params.get("config") if isinstance(params.get("config"), dict) else {}
                self.evaluation_sleeps[evaluation_id] = config.get("evaluate_sleep_ms", 0)
                result = {}
            elif evaluation_id not in self.evaluations:
                result = None
            elif method == "evaluate_batch":
                contributions = params.get("contributions")
                if not isinstance(contributions, list):
                    self.reply(request_id, err=error(-32602, "invalid_params", "contributions must be an array"))
                    return
                self.evaluations[evaluation_id] += len(contributions)
                result = {}
            else:
                count = self.evaluations.pop(evaluation_id)
                pause = self.evaluation_sleeps.pop(evaluation_id, 0)
                result = {"metrics": [{"id": "contributions.count", "value": count}], "findings": [], "state": None}
        if isinstance(pause, (int, float)) and pause > 0 and result is not None:
            # Answered from a thread, so that pings are still answered while the evaluation takes its time.
            def later():
                time.sleep(pause / 1000.0)
                self.reply(request_id, result)

            threading.Thread(target=later, daemon=True).start()
            return
        if result is None:
            self.reply(request_id, err=error(-32012, "unknown_evaluation", "no evaluation %r is open" % evaluation_id))
        else:
            self.reply(request_id, result)

    # MARK: misbehaviour on threads

    def huge_line(self, request_id):
        head = ('{"jsonrpc":"2.0","id":%s,"result":{"config":{"padding":"' % json.dumps(request_id)).encode()
        tail = b'"}}}\n'
        padding = HUGE_LINE_BYTES - len(head) - len(tail)
        chunk = b"x" * (1024 * 1024)
        self.log("answering validate_activity %r with a %d-byte line" % (request_id, HUGE_LINE_BYTES))
        with self.write_lock:
            try:
                self.out.write(head)
                while padding > 0:
                    piece = chunk if padding >= len(chunk) else chunk[:padding]
                    self.out.write(piece)
                    self.out.flush()
                    padding -= len(piece)
                self.out.write(tail)
                self.out.flush()
            except (BrokenPipeError, ValueError):
                os._exit(1)

    def flood(self):
        self.log("flooding stderr with %d bytes" % FLOOD_BYTES)
        self.quiet = True
        line_no = 0
        written = 0
        filler = "lorem ipsum dolor sit amet " * 3
        while written < FLOOD_BYTES:
            block = []
            for _ in range(512):
                line_no += 1
                block.append("%s: flood line %08d %s\n" % (self.plugin_id, line_no, filler))
            data = "".join(block).encode()  # whole lines: may end a little past FLOOD_BYTES
            try:
                view = memoryview(data)
                while view:
                    n = os.write(2, view)
                    view = view[n:]
            except OSError:
                return
            written += len(data)
        self.quiet = False
        self.log("flood done: %d bytes in %d lines" % (written, line_no))


def main():
    parser = argparse.ArgumentParser(description="A Stip method plugin that misbehaves in one chosen way.")
    parser.add_argument("--mode", required=True, choices=MODES)
    parser.add_argument("--id", help="manifest id (default: misbehave-MODE)")
    args = parser.parse_args()
    if os.environ.get(COOKIE_NAME) != COOKIE_VALUE:
        sys.stderr.write("this is a Stip method plugin; stipd starts it\n")
        return 1
    if args.mode == "ignore-shutdown":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    plugin = Plugin(args.mode, args.id or "misbehave-" + args.mode)
    plugin.log("started (pid %d)" % os.getpid())
    plugin.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
