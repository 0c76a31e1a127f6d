#!/usr/bin/env python3
"""python-echo: a "suggestion box" participation method for Stip.

Written from docs/plugin-protocol.md alone (protocol 1.0), Python 3 standard
library only. stipd starts it; run by hand it says what it is and exits 1.

Activity config:  {"question": string 1..500, "max_length": integer 10..5000 = 1000}
Contribution:     {"text": string 1..max_length}
Metric:           suggestions.count (count)
Capabilities:     public_form, import of csv

Threads: the main thread only reads stdin and dispatches. Cheap requests
(initialize, ping, shutdown) are answered on the spot; every other request
runs on a thread of its own, so a slow request never keeps the plugin from
reading the next line, answering ping or honouring $/cancel.
"""

import json
import os
import sys
import threading

COOKIE_NAME = "STIP_PLUGIN_COOKIE"
COOKIE_VALUE = "stip-method-plugin-1c2f"
SUPPORTED_VERSIONS = {1: 0}  # major -> highest minor this plugin speaks
MAX_MESSAGE = 16 * 1024 * 1024  # bytes, including the newline
PLUGIN_ID = "python-echo"
PLUGIN_VERSION = "1.0.0"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# MARK: - errors


class RpcError(Exception):
    """An error answer: JSON-RPC code, data.code name, message for people."""

    def __init__(self, code, name, message, **data):
        super().__init__(message)
        self.code = code
        self.name = name
        self.message = message
        self.data = data

    def to_json(self):
        data = {"code": self.name}
        data.update(self.data)
        return {"code": self.code, "message": self.message, "data": data}


def invalid_params(message):
    return RpcError(-32602, "invalid_params", message)


def log(message):
    """One log line on stderr (stipd forwards it to its log)."""
    try:
        sys.stderr.write(PLUGIN_ID + ": " + message.replace("\n", " ") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


# MARK: - validation (the method's own rules)


def pointer(*tokens):
    """RFC 6901 JSON Pointer from reference tokens."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def problem(ptr, message, nl):
    return {"pointer": ptr, "message": message, "localized": {"nl": nl, "en": message}}


def as_integer(value):
    """JSON integers; 100.0 counts as 100 (JSON Schema), true does not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def check_config(config):
    """Returns the normalised config or raises invalid_config (-32010)."""
    if not isinstance(config, dict):
        raise invalid_params("config must be an object")
    errors = []
    for key in sorted(config):
        if key not in ("question", "max_length"):
            errors.append(problem(pointer(key), "unknown field; known fields are question and max_length",
                                  "onbekend veld; bekende velden zijn question en max_length"))
    question = config.get("question")
    if question is None:
        errors.append(problem("/question", "is required", "is verplicht"))
    elif not isinstance(question, str):
        errors.append(problem("/question", "must be a string", "moet tekst zijn"))
    else:
        question = question.strip()
        if not 1 <= len(question) <= 500:
            errors.append(problem("/question", "must be 1 to 500 characters", "moet 1 tot 500 tekens lang zijn"))
    max_length = config.get("max_length", 1000)
    if as_integer(max_length) is None:
        errors.append(problem("/max_length", "must be an integer", "moet een geheel getal zijn"))
    else:
        max_length = as_integer(max_length)
        if not 10 <= max_length <= 5000:
            errors.append(problem("/max_length", "must be between 10 and 5000", "moet tussen 10 en 5000 liggen"))
    if errors:
        raise RpcError(-32010, "invalid_config", "the activity config is invalid", errors=errors)
    return {"question": question, "max_length": max_length}


def contribution_errors(submission, config, prefix=()):
    """Returns (contribution, errors) for one submission."""
    if not isinstance(submission, dict):
        return None, [problem(pointer(*prefix), "must be an object", "moet een object zijn")]
    errors = []
    for key in sorted(submission):
        if key != "text":
            errors.append(problem(pointer(*prefix, key), "unknown field; the only field is text",
                                  "onbekend veld; het enige veld is text"))
    text = submission.get("text")
    if text is None:
        errors.append(problem(pointer(*prefix, "text"), "is required", "is verplicht"))
    elif not isinstance(text, str):
        errors.append(problem(pointer(*prefix, "text"), "must be a string", "moet tekst zijn"))
    else:
        text = text.strip()
        limit = config["max_length"]
        if not text:
            errors.append(problem(pointer(*prefix, "text"), "must not be empty", "mag niet leeg zijn"))
        elif len(text) > limit:
            errors.append(problem(pointer(*prefix, "text"),
                                  "must be at most %d characters (it has %d)" % (limit, len(text)),
                                  "mag hoogstens %d tekens lang zijn (het zijn er %d)" % (limit, len(text))))
    if errors:
        return None, errors
    return {"text": text}, []


def require(params, key, kind, what):
    value = params.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise invalid_params("%s must be %s" % (key, what))
    return value


# MARK: - the method


MANIFEST = {
    "id": PLUGIN_ID,
    "version": PLUGIN_VERSION,
    "display_name": {"nl": "Ideeënbus", "en": "Suggestion box"},
    "description": {
        "nl": "Inwoners sturen een korte suggestie in als antwoord op één vraag.",
        "en": "Residents send in a short suggestion in answer to one question.",
    },
    "modes": ["online", "offline"],
    "config_schema": {
        "$schema": SCHEMA_DIALECT,
        "type": "object",
        "properties": {
            "question": {"type": "string", "minLength": 1, "maxLength": 500,
                         "description": "The question residents answer."},
            "max_length": {"type": "integer", "minimum": 10, "maximum": 5000, "default": 1000,
                           "description": "Longest suggestion accepted, in characters."},
        },
        "required": ["question"],
        "additionalProperties": False,
    },
    "contribution_schema": {
        "$schema": SCHEMA_DIALECT,
        "type": "object",
        "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 5000}},
        "required": ["text"],
        "additionalProperties": False,
    },
    "metrics": [
        {"id": "suggestions.count", "label": {"nl": "Aantal suggesties", "en": "Number of suggestions"},
         "unit": "count", "kind": "count"},
    ],
    "capabilities": {"public_form": True, "import_formats": ["csv"], "incremental_evaluation": False},
}

FORM_TEXT = {
    "nl": {"intro": "Elk idee telt. Schrijf hieronder uw suggestie.", "submit": "Versturen",
           "label": "Uw suggestie", "help": "Hoogstens %d tekens."},
    "en": {"intro": "Every idea counts. Write your suggestion below.", "submit": "Send",
           "label": "Your suggestion", "help": "At most %d characters."},
}


class SuggestionBox:
    def __init__(self):
        self.lock = threading.Lock()
        self.evaluations = {}  # evaluation_id -> number of contributions seen

    def validate_activity(self, params, cancelled):
        return {"config": check_config(params.get("config"))}

    def validate_contribution(self, params, cancelled):
        config = check_config(params.get("config"))
        submission = params.get("submission")
        if not isinstance(submission, dict):
            raise invalid_params("submission must be an object")
        contribution, errors = contribution_errors(submission, config)
        if errors:
            raise RpcError(-32011, "invalid_contribution", "the contribution is invalid", errors=errors)
        return {"contribution": contribution, "themes": []}

    def public_form(self, params, cancelled):
        config = check_config(params.get("config"))
        locale = params.get("locale", "nl")
        text = FORM_TEXT.get(locale, FORM_TEXT["nl"])  # unknown locale: Dutch
        return {"form": {
            "title": config["question"],
            "intro": text["intro"],
            "submit_label": text["submit"],
            "fields": [{
                "id": "text", "type": "textarea", "label": text["label"],
                "help": text["help"] % config["max_length"], "required": True,
                "max_length": config["max_length"], "pointer": "/text",
            }],
        }}

    def import_rows(self, params, cancelled):
        config = check_config(params.get("config"))
        fmt = params.get("format")
        if fmt not in MANIFEST["capabilities"]["import_formats"]:
            raise RpcError(-32004, "unsupported", "import format %r is not supported; this method imports csv" % (fmt,))
        rows = require(params, "rows", list, "an array of row objects")
        first_row = require(params, "first_row", int, "an integer")
        contributions, errors = [], []
        for index, row in enumerate(rows):
            if cancelled.is_set():
                return None
            number = first_row + index
            if isinstance(row, dict):
                # Spreadsheets carry extra columns (dates, names): only "text" is read.
                row = {"text": row.get("text")}
            contribution, problems = contribution_errors(row, config)
            if problems:
                for p in problems:
                    item = {"row": number, "pointer": p["pointer"], "message": p["message"]}
                    if p["pointer"] == "/text":
                        item["column"] = "text"
                    errors.append(item)
            else:
                contributions.append({"row": number, "contribution": contribution, "themes": []})
        return {"contributions": contributions, "errors": errors}

    def evaluate_begin(self, params, cancelled):
        evaluation_id = require(params, "evaluation_id", str, "a string")
        check_config(params.get("config"))
        with self.lock:
            self.evaluations[evaluation_id] = 0  # a repeated begin starts over
        return {}

    def evaluate_batch(self, params, cancelled):
        evaluation_id = require(params, "evaluation_id", str, "a string")
        contributions = require(params, "contributions", list, "an array")
        with self.lock:
            if evaluation_id not in self.evaluations:
                raise unknown_evaluation(evaluation_id)
            self.evaluations[evaluation_id] += len(contributions)
        return {}

    def evaluate_end(self, params, cancelled):
        evaluation_id = require(params, "evaluation_id", str, "a string")
        with self.lock:
            if evaluation_id not in self.evaluations:
                raise unknown_evaluation(evaluation_id)
            count = self.evaluations.pop(evaluation_id)
        findings = []
        if count == 0:
            findings.append({
                "id": "no-suggestions",
                "severity": "warning",
                "message": {"nl": "Er is nog geen enkele suggestie binnengekomen.",
                            "en": "No suggestions have come in yet."},
                "recommendation": {"nl": "Maak de ideeënbus bekend, bijvoorbeeld in de wijkkrant of op de website.",
                                   "en": "Publicise the suggestion box, for instance in the local paper or on the website."},
            })
        return {"metrics": [{"id": "suggestions.count", "value": count}], "findings": findings, "state": None}


def unknown_evaluation(evaluation_id):
    return RpcError(-32012, "unknown_evaluation",
                    "no evaluation %r is open; start it with evaluate_begin" % (evaluation_id,))


# MARK: - protocol


class Connection:
    def __init__(self, method):
        self.method = method
        self.handlers = {
            "validate_activity": method.validate_activity,
            "validate_contribution": method.validate_contribution,
            "public_form": method.public_form,
            "import": method.import_rows,
            "evaluate_begin": method.evaluate_begin,
            "evaluate_batch": method.evaluate_batch,
            "evaluate_end": method.evaluate_end,
        }
        self.out = sys.stdout.buffer
        self.write_lock = threading.Lock()
        self.lock = threading.Lock()
        self.in_flight = {}  # request id -> threading.Event set on $/cancel
        self.initialized = False
        self.shutting_down = False

    # -- output

    def send(self, message):
        line = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"
        if len(line) > MAX_MESSAGE:
            log("answer to %r is %d bytes, over the 16 MiB limit" % (message.get("id"), len(line)))
            error = RpcError(-32603, "internal_error", "the answer would exceed the 16 MiB message limit")
            line = json.dumps({"jsonrpc": "2.0", "id": message.get("id"), "error": error.to_json()}).encode() + b"\n"
        with self.write_lock:
            try:
                self.out.write(line)
                self.out.flush()
            except (BrokenPipeError, ValueError):
                os._exit(1)  # the host is gone

    def answer(self, request_id, result=None, error=None):
        """Sends the answer unless the request was already answered (cancelled)."""
        with self.lock:
            if self.in_flight.pop(request_id, None) is None:
                return
        self.reply(request_id, result, error)

    def reply(self, request_id, result=None, error=None):
        message = {"jsonrpc": "2.0", "id": request_id}
        if error is not None:
            message["error"] = error.to_json()
        else:
            message["result"] = result
        self.send(message)

    # -- input

    def read_lines(self):
        """Yields each line (bytes, without the newline), or None for a line over the limit."""
        stdin = sys.stdin.buffer
        while True:
            line = stdin.readline(MAX_MESSAGE)
            if not line:
                return
            if line.endswith(b"\n"):
                yield line[:-1]
                continue
            if len(line) < MAX_MESSAGE:
                return  # end of input in the middle of a line: the host is gone
            while True:  # over the limit: skip to the end of the line
                rest = stdin.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            if not rest:
                return

    def run(self):
        for line in self.read_lines():
            if line is None:
                self.reply(None, error=RpcError(-32600, "invalid_request", "message longer than 16 MiB; skipped"))
                continue
            if not line.strip():
                continue
            try:
                message = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:
                self.reply(None, error=RpcError(-32700, "parse_error", "not a JSON line: %s" % e))
                continue
            self.dispatch(message)
        self.exit()

    def exit(self):
        with self.write_lock:  # never leave half a line behind
            os._exit(0 if self.shutting_down else 1)

    def dispatch(self, message):
        if isinstance(message, list):
            self.reply(None, error=RpcError(-32600, "invalid_request", "batches are not supported"))
            return
        if not isinstance(message, dict):
            self.reply(None, error=RpcError(-32600, "invalid_request", "a message must be a JSON object"))
            return
        method = message.get("method")
        has_id = "id" in message
        request_id = message.get("id")
        valid_id = isinstance(request_id, (int, str)) and not isinstance(request_id, bool)
        if method is None and ("result" in message or "error" in message):
            log("ignoring a response; the host sends none in protocol 1.0")
            return
        if message.get("jsonrpc") != "2.0" or not isinstance(method, str) or has_id and not valid_id:
            if has_id:
                self.reply(request_id if valid_id else None,
                           error=RpcError(-32600, "invalid_request", "not a JSON-RPC 2.0 request"))
            else:
                log("ignoring an invalid notification")
            return
        params = message.get("params", {})
        if not has_id:
            self.notification(method, params)
            return
        if not isinstance(params, dict):
            self.reply(request_id, error=invalid_params("params must be an object"))
            return
        self.request(request_id, method, params)

    def notification(self, method, params):
        if method == "exit":
            self.exit()
        elif method == "$/cancel":
            target = params.get("id") if isinstance(params, dict) else None
            with self.lock:
                cancelled = self.in_flight.pop(target, None)
            if cancelled is not None:
                cancelled.set()
                self.reply(target, error=RpcError(-32800, "cancelled", "cancelled by the host"))
        # Any other notification is ignored, as the protocol requires.

    def request(self, request_id, method, params):
        if self.shutting_down:
            self.reply(request_id, error=RpcError(-32005, "shutting_down", "the plugin is shutting down"))
        elif method == "initialize":
            if self.initialized:
                self.reply(request_id, error=RpcError(-32600, "invalid_request", "initialize was already received"))
            else:
                self.initialize(request_id, params)
        elif not self.initialized:
            self.reply(request_id, error=RpcError(-32003, "not_initialized", "the first request must be initialize"))
        elif method == "ping":
            self.reply(request_id, {})
        elif method == "shutdown":
            self.shutting_down = True
            self.reply(request_id, {})
        elif method in self.handlers:
            cancelled = threading.Event()
            with self.lock:
                self.in_flight[request_id] = cancelled
            threading.Thread(target=self.work, args=(request_id, method, params, cancelled), daemon=True).start()
        else:
            self.reply(request_id, error=RpcError(-32601, "method_not_found", "unknown method %r" % method))

    def initialize(self, request_id, params):
        offered = params.get("protocol_versions")
        if not isinstance(offered, list):
            self.reply(request_id, error=invalid_params("protocol_versions must be an array of \"MAJOR.MINOR\" strings"))
            return
        best = None
        for version in offered:
            try:
                major, minor = (int(part) for part in str(version).split("."))
            except ValueError:
                continue
            if major in SUPPORTED_VERSIONS and minor <= SUPPORTED_VERSIONS[major]:
                if best is None or (major, minor) > best:
                    best = (major, minor)
        if best is None:
            supported = ["%d.%d" % (m, n) for m, n in sorted(SUPPORTED_VERSIONS.items())]
            self.reply(request_id, error=RpcError(
                -32002, "unsupported_protocol",
                "this plugin speaks protocol %s; the host offered %s" % (", ".join(supported), ", ".join(map(str, offered))),
                supported=supported))
            return
        self.initialized = True
        self.reply(request_id, {"protocol_version": "%d.%d" % best, "manifest": MANIFEST})

    def work(self, request_id, method, params, cancelled):
        try:
            result = self.handlers[method](params, cancelled)
            if cancelled.is_set():
                return
            self.answer(request_id, result)
        except RpcError as e:
            self.answer(request_id, error=e)
        except Exception as e:  # a bug here must not take the process down
            log("internal error in %s: %r" % (method, e))
            self.answer(request_id, error=RpcError(-32603, "internal_error", "internal error in %s: %s" % (method, e)))


def main():
    if os.environ.get(COOKIE_NAME) != COOKIE_VALUE:
        sys.stderr.write("this is a Stip method plugin; stipd starts it\n")
        return 1
    Connection(SuggestionBox()).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
