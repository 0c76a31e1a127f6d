#!/usr/bin/env python3
"""nonconforming: a suggestion box that breaks one rule of the plugin protocol on purpose.

    nonconforming.py --break NAME --id ID

Test material for `stipctl plugin check` (docs/plugin-protocol.md, §15): the check
must fail every broken variant at the §15 item it breaks and pass `--break none`.
Each directory next to this file holds a plugin.yaml that runs one variant.

With `--break none` this is a complete, correct method plugin for protocol 1.2
(it also speaks 1.1 and 1.0), Python 3 standard library only:

  Activity config:  {"question": string 1..500 (required), "max_length": integer 10..5000 = 1000}
  Contribution:     {"text": string 1..max_length}
  Metric:           suggestions.count (count)
  Capabilities:     public_form; import of csv; validate_batch (1.1); export_formats csv (1.2)

Every other NAME changes exactly one behaviour (the §15 item it breaks in brackets):

  none                              nothing: passes every check
  invalid-plugin-yaml               nothing in the process; the break is the typo `versoin` in its plugin.yaml [1]
  ignores-cookie                    never checks STIP_PLUGIN_COOKIE; started by hand it waits for stdin,
                                    and at end of input exits 1 without the explanation [2]
  answers-before-initialize         answers requests (ping included) before initialize as if initialised [3]
  accepts-any-version               answers protocol_version "1.2" even when no offered version is spoken [4]
  manifest-version-differs          the manifest says version 1.0.1; plugin.yaml says 1.0.0 [4]
  second-initialize-accepted        answers a second initialize with a result again [5]
  loses-pipelined-lines             reads stdin in chunks and handles only the first line of each chunk [6]
  silent-on-malformed-line          skips a line that is not JSON without answering -32700 [7]
  exits-on-huge-line                exits with status 1 on a line over 16 MiB [7]
  answers-notifications             answers notifications other than exit and $/cancel with -32601, id null [8]
  answers-cancelled-twice           answers -32800 on $/cancel and later the request's own answer as well [8]
  crashes-on-empty-config           exits with status 3 when validate_activity gets a config without question [9]
  errors-without-pointer            data.errors of -32010 name a "field" instead of a "pointer" [9]
  public-form-without-capability    announces public_form false, yet answers public_form with a form [10]
  undeclared-metric                 evaluate_end also reports suggestions.length, which the manifest does not declare [11]
  reuses-ended-evaluation           a second evaluate_end of the same evaluation answers again instead of -32012 [11]
  prints-to-stdout                  prints "debug: initialized" to stdout right after answering initialize [12]
  answers-after-shutdown            keeps answering ping with {} after shutdown [13]
  exits-nonzero-after-shutdown      exits with status 1 even after shutdown [13]
  invalid-config-schema             config_schema gives question the type "text", which JSON Schema lacks [14]
  batch-drops-results               validate_contributions answers one entry fewer than it got submissions [15]
  export-unknown-id-answered        export_end of an export never begun answers {"text": ""} instead of -32013 [16]

Threads, as in python-echo: the main thread only reads stdin and dispatches.
initialize, ping and shutdown are answered on the spot; every other request runs
on a thread of its own, so that ping and $/cancel get through while it works. A
lock keeps two answers from interleaving on stdout. validate_activity takes
VALIDATE_DELAY on purpose, so that a $/cancel sent right behind it finds it in
flight (the conformance check's cancel probe needs a request to cancel).
"""

import argparse
import csv
import io
import json
import os
import re
import sys
import threading

COOKIE_NAME = "STIP_PLUGIN_COOKIE"
COOKIE_VALUE = "stip-method-plugin-1c2f"
STARTED_BY_HAND = "this is a Stip method plugin; stipd starts it"
VERSIONS = ["1.2", "1.1", "1.0"]  # what this plugin speaks, most preferred first
MAX_MESSAGE = 16 * 1024 * 1024  # bytes, including the newline (§3)
PLUGIN_VERSION = "1.0.0"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
VALIDATE_DELAY = 0.1  # seconds validate_activity "works"; a $/cancel ends the wait

BREAKS = [
    "none", "invalid-plugin-yaml", "ignores-cookie", "answers-before-initialize", "accepts-any-version",
    "manifest-version-differs", "second-initialize-accepted", "loses-pipelined-lines", "silent-on-malformed-line",
    "exits-on-huge-line", "answers-notifications", "answers-cancelled-twice", "crashes-on-empty-config",
    "errors-without-pointer", "public-form-without-capability", "undeclared-metric", "reuses-ended-evaluation",
    "prints-to-stdout", "answers-after-shutdown", "exits-nonzero-after-shutdown", "invalid-config-schema",
    "batch-drops-results", "export-unknown-id-answered",
]

# Requests that came with a later minor version: answered -32601 when an earlier one was chosen.
METHOD_SINCE = {
    "validate_contributions": (1, 1),
    "export_begin": (1, 2),
    "export_batch": (1, 2),
    "export_end": (1, 2),
}

chosen_break = "none"  # set once by main()
plugin_id = "nonconforming"  # set once by main()


def broken(name):
    """Whether this process was started to break `name` (see the module docstring)."""
    return chosen_break == name


def log(message):
    """One log line on stderr (stipd forwards it). Never personal data: ids and counts only."""
    try:
        sys.stderr.write("%s[%s]: %s\n" % (plugin_id, chosen_break, message.replace("\n", " ")))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


# MARK: - errors


class RpcError(Exception):
    """An error answer: JSON-RPC code, data.code name, message for people, extra data members."""

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


def unsupported(message):
    return RpcError(-32004, "unsupported", message)


def unknown_evaluation(evaluation_id):
    return RpcError(-32012, "unknown_evaluation", "no evaluation %r is open; start it with evaluate_begin" % (evaluation_id,))


def unknown_export(export_id):
    return RpcError(-32013, "unknown_export", "no export %r is open; start it with export_begin" % (export_id,))


# MARK: - validation (the method's own rules)


def pointer(*tokens):
    """RFC 6901 JSON Pointer from reference tokens."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def problem(ptr, message, nl):
    return {"pointer": ptr, "message": message, "localized": {"nl": nl, "en": message}}


def as_integer(value):
    """JSON integers; 100.0 counts as 100 (as in JSON Schema), true does not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def without_pointer(error):
    """The bug of errors-without-pointer: the member name instead of an RFC 6901 pointer."""
    entry = {"field": error["pointer"].lstrip("/")}
    entry.update({k: v for k, v in error.items() if k != "pointer"})
    return entry


def check_config(config):
    """Returns the normalised config or raises invalid_config (-32010) listing every problem."""
    if not isinstance(config, dict):
        raise invalid_params("config must be an object")
    errors = []
    for key in sorted(config):
        if key not in ("question", "max_length"):  # unknown keys in a config are usually typos (§4.5)
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
    max_length = as_integer(config.get("max_length", 1000))
    if max_length is None:
        errors.append(problem("/max_length", "must be an integer", "moet een geheel getal zijn"))
    elif not 10 <= max_length <= 5000:
        errors.append(problem("/max_length", "must be between 10 and 5000", "moet tussen 10 en 5000 liggen"))
    if errors:
        if broken("errors-without-pointer"):
            errors = [without_pointer(e) for e in errors]
        raise RpcError(-32010, "invalid_config", "the activity config is invalid", errors=errors)
    return {"question": question, "max_length": max_length}


def check_submission(submission, config):
    """Returns (contribution, errors) for one submission; errors have pointers relative to it."""
    if not isinstance(submission, dict):
        return None, [problem("", "must be an object", "moet een object zijn")]
    errors = []
    for key in sorted(submission):
        if key != "text":
            errors.append(problem(pointer(key), "unknown field; the only field is text",
                                  "onbekend veld; het enige veld is text"))
    text = submission.get("text")
    if text is None:
        errors.append(problem("/text", "is required", "is verplicht"))
    elif not isinstance(text, str):
        errors.append(problem("/text", "must be a string", "moet tekst zijn"))
    else:
        text = text.strip()
        limit = config["max_length"]
        if not text:
            errors.append(problem("/text", "must not be empty", "mag niet leeg zijn"))
        elif len(text) > limit:
            errors.append(problem("/text", "must be at most %d characters (it has %d)" % (limit, len(text)),
                                  "mag hoogstens %d tekens lang zijn (het zijn er %d)" % (limit, len(text))))
    if errors:
        return None, errors
    return {"text": text}, []


def invalid_contribution(errors):
    return RpcError(-32011, "invalid_contribution", "the contribution is invalid", errors=errors)


def require(params, key, kind, what):
    """A member the request needs, of the right type, or -32602."""
    value = params.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise invalid_params("%s must be %s" % (key, what))
    return value


# MARK: - the manifest


EXPORT_FORMATS = [{
    "id": "csv",
    "media_type": "text/csv; charset=utf-8",
    "extension": "csv",
    "scope": "activity",
    "label": {"nl": "Suggesties (CSV)", "en": "Suggestions (CSV)"},
}]


def manifest(version):
    """The manifest for the chosen protocol version: capabilities of later versions are left out."""
    public_form = not broken("public-form-without-capability")
    capabilities = {"public_form": public_form, "import_formats": ["csv"], "incremental_evaluation": False}
    if version >= (1, 1):
        capabilities["validate_batch"] = True
    if version >= (1, 2):
        capabilities["export_formats"] = EXPORT_FORMATS
    return {
        "id": plugin_id,
        "version": "1.0.1" if broken("manifest-version-differs") else PLUGIN_VERSION,
        "display_name": {"nl": "Ideeënbus", "en": "Suggestion box"},
        "description": {
            "nl": "Inwoners sturen een korte suggestie in als antwoord op één vraag.",
            "en": "Residents send in a short suggestion in answer to one question.",
        },
        # "online" needs public_form (§7): without it the manifest may only say offline.
        "modes": ["online", "offline"] if public_form else ["offline"],
        "config_schema": {
            "$schema": SCHEMA_DIALECT,
            "type": "object",
            "properties": {
                "question": {"type": "text" if broken("invalid-config-schema") else "string",
                             "minLength": 1, "maxLength": 500, "description": "The question residents answer."},
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
        "capabilities": capabilities,
    }


# MARK: - the method


FORM_TEXT = {
    "nl": {"intro": "Elk idee telt. Schrijf hieronder uw suggestie.", "submit": "Versturen",
           "label": "Uw suggestie", "help": "Hoogstens %d tekens."},
    "en": {"intro": "Every idea counts. Write your suggestion below.", "submit": "Send",
           "label": "Your suggestion", "help": "At most %d characters."},
}

EXPORT_HEADER = {
    "nl": ["activiteit", "vraag", "bijdrage", "ingediend", "kanaal", "suggestie", "thema's", "beantwoord"],
    "en": ["activity", "question", "contribution", "submitted", "channel", "suggestion", "themes", "responded"],
}

NO_SUGGESTIONS = {
    "id": "no-suggestions",
    "severity": "warning",
    "message": {"nl": "Er is nog geen enkele suggestie binnengekomen.", "en": "No suggestions have come in yet."},
    "recommendation": {"nl": "Maak de ideeënbus bekend, bijvoorbeeld in de wijkkrant of op de website.",
                       "en": "Publicise the suggestion box, for instance in the local paper or on the website."},
}


class SuggestionBox:
    """The method's requests. Each handler takes (params, cancelled) and returns the result, or None once cancelled."""

    def __init__(self):
        self.lock = threading.Lock()
        self.capabilities = manifest(max(parse(v) for v in VERSIONS))["capabilities"]  # replaced at initialize
        # Open evaluations and exports: the only data kept between requests, dropped at their end (§2 Privacy).
        self.evaluations = {}  # evaluation_id -> {"count": n, "characters": n}
        self.exports = {}  # export_id -> {"locale", "questions": {activity_id: question}, "rows": [...]}

    # -- validation

    def validate_activity(self, params, cancelled):
        config = params.get("config")
        if broken("crashes-on-empty-config") and isinstance(config, dict) and "question" not in config:
            log("validate_activity without question: exiting with status 3")
            os._exit(3)
        if cancelled.wait(VALIDATE_DELAY):  # the "work"; $/cancel cuts it short
            return None
        return {"config": check_config(config)}

    def validate_contribution(self, params, cancelled):
        config = check_config(params.get("config"))
        submission = require(params, "submission", dict, "an object")
        contribution, errors = check_submission(submission, config)
        if errors:
            raise invalid_contribution(errors)
        return {"contribution": contribution, "themes": []}

    def validate_contributions(self, params, cancelled):
        config = check_config(params.get("config"))  # unreadable config: the whole request fails (§8.3.1)
        submissions = require(params, "submissions", list, "an array of objects")
        results = []
        for submission in submissions:
            contribution, errors = check_submission(submission, config)
            if errors:
                results.append({"error": invalid_contribution(errors).to_json()})
            else:
                results.append({"result": {"contribution": contribution, "themes": []}})
        if broken("batch-drops-results") and results:
            results.pop()
        return {"results": results}

    # -- public form and import: "is this supported at all" is answered before "is the config valid"

    def public_form(self, params, cancelled):
        if not self.capabilities["public_form"] and not broken("public-form-without-capability"):
            raise unsupported("this method has no public form; enter or import its contributions")
        config = check_config(params.get("config"))
        text = FORM_TEXT.get(params.get("locale"), FORM_TEXT["nl"])  # unknown locale: Dutch (§16.14)
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
        fmt = params.get("format")
        if fmt not in self.capabilities["import_formats"]:
            raise unsupported("import format %r is not supported; this method imports csv" % (fmt,))
        config = check_config(params.get("config"))
        rows = require(params, "rows", list, "an array of row objects")
        first_row = require(params, "first_row", int, "an integer")
        contributions, errors = [], []
        for index, row in enumerate(rows):
            if cancelled.is_set():
                return None
            number = first_row + index
            if isinstance(row, dict):
                row = {"text": row.get("text")}  # spreadsheets carry other columns too: only "text" is read
            contribution, problems = check_submission(row, config)
            for p in problems:
                item = {"row": number, "pointer": p["pointer"], "message": p["message"]}
                if p["pointer"] == "/text":
                    item["column"] = "text"
                errors.append(item)
            if not problems:
                contributions.append({"row": number, "contribution": contribution, "themes": []})
        return {"contributions": contributions, "errors": errors}

    # -- evaluation (§8.6)

    def evaluate_begin(self, params, cancelled):
        evaluation_id = require(params, "evaluation_id", str, "a string")
        check_config(params.get("config"))
        with self.lock:
            self.evaluations[evaluation_id] = {"count": 0, "characters": 0}  # an open id starts over
        return {}

    def evaluate_batch(self, params, cancelled):
        evaluation_id = require(params, "evaluation_id", str, "a string")
        contributions = require(params, "contributions", list, "an array")
        with self.lock:
            totals = self.evaluations.get(evaluation_id)
            if totals is None:
                raise unknown_evaluation(evaluation_id)
            for item in contributions:
                text = (item.get("contribution") or {}).get("text") if isinstance(item, dict) else None
                totals["count"] += 1
                totals["characters"] += len(text) if isinstance(text, str) else 0
        return {}

    def evaluate_end(self, params, cancelled):
        evaluation_id = require(params, "evaluation_id", str, "a string")
        with self.lock:
            if broken("reuses-ended-evaluation"):
                totals = self.evaluations.get(evaluation_id)  # the bug: the evaluation stays open
            else:
                totals = self.evaluations.pop(evaluation_id, None)
        if totals is None:
            raise unknown_evaluation(evaluation_id)
        metrics = [{"id": "suggestions.count", "value": totals["count"]}]
        if broken("undeclared-metric"):
            metrics.append({"id": "suggestions.length", "value": totals["characters"]})
        findings = [NO_SUGGESTIONS] if totals["count"] == 0 else []
        return {"metrics": metrics, "findings": findings, "state": None}

    # -- exports (§8.6.1, 1.2)

    def export_begin(self, params, cancelled):
        export_id = require(params, "export_id", str, "a string")
        fmt = params.get("format")
        if fmt not in [f["id"] for f in self.capabilities.get("export_formats", [])]:
            raise unsupported("export format %r is not offered; this method exports csv" % (fmt,))
        subject = require(params, "subject", dict, "an object with activity_id and config")
        activities = require(params, "activities", list, "an array of objects with activity_id and config")
        questions = {}
        for activity in [subject] + activities:
            if not isinstance(activity, dict):
                raise invalid_params("each activity must be an object with activity_id and config")
            questions[activity.get("activity_id")] = check_config(activity.get("config"))["question"]
        locale = params.get("locale") if params.get("locale") in EXPORT_HEADER else "nl"
        with self.lock:
            self.exports[export_id] = {"locale": locale, "questions": questions, "rows": []}
        return {}

    def export_batch(self, params, cancelled):
        export_id = require(params, "export_id", str, "a string")
        contributions = require(params, "contributions", list, "an array")
        with self.lock:
            export = self.exports.get(export_id)
            if export is None:
                raise unknown_export(export_id)
            for item in contributions:
                if not isinstance(item, dict):
                    raise invalid_params("each contribution must be an object")
                activity_id = item.get("activity_id")
                themes = item.get("themes") if isinstance(item.get("themes"), list) else []
                export["rows"].append([
                    activity_id, export["questions"].get(activity_id, ""), item.get("id"), item.get("created_at"),
                    item.get("channel"), (item.get("contribution") or {}).get("text", ""),
                    ";".join(str(t) for t in themes), "true" if item.get("responded") else "false",
                ])
        return {}

    def export_end(self, params, cancelled):
        export_id = require(params, "export_id", str, "a string")
        with self.lock:
            export = self.exports.pop(export_id, None)
        if export is None:
            if broken("export-unknown-id-answered"):
                return {"text": ""}
            raise unknown_export(export_id)
        document = io.StringIO()
        writer = csv.writer(document, lineterminator="\r\n")  # RFC 4180
        writer.writerow(EXPORT_HEADER[export["locale"]])
        writer.writerows(export["rows"])
        return {"text": document.getvalue()}


def parse(version):
    """"MAJOR.MINOR" (no leading zeros) as a tuple, or None."""
    if not isinstance(version, str) or not re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", version):
        return None
    major, minor = version.split(".")
    return int(major), int(minor)


# MARK: - protocol


class Connection:
    def __init__(self, method):
        self.method = method
        self.handlers = {
            "validate_activity": method.validate_activity,
            "validate_contribution": method.validate_contribution,
            "validate_contributions": method.validate_contributions,
            "public_form": method.public_form,
            "import": method.import_rows,
            "evaluate_begin": method.evaluate_begin,
            "evaluate_batch": method.evaluate_batch,
            "evaluate_end": method.evaluate_end,
            "export_begin": method.export_begin,
            "export_batch": method.export_batch,
            "export_end": method.export_end,
        }
        self.out = sys.stdout.buffer
        self.write_lock = threading.Lock()
        self.lock = threading.Lock()
        self.in_flight = {}  # request id -> threading.Event, set on $/cancel
        self.version = None  # the chosen protocol version, a tuple, once initialized
        self.shutting_down = False

    # -- output

    def send(self, message):
        line = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"
        if len(line) > MAX_MESSAGE:  # the host would restart us for it (§3): say so instead
            log("answer to %r is %d bytes, over the 16 MiB limit" % (message.get("id"), len(line)))
            error = RpcError(-32603, "internal_error", "the answer would exceed the 16 MiB message limit")
            line = json.dumps({"jsonrpc": "2.0", "id": message.get("id"), "error": error.to_json()}).encode() + b"\n"
        self.write(line)

    def write(self, data):
        """One whole line in one piece, flushed, under the lock (two interleaved answers are garbage)."""
        with self.write_lock:
            try:
                self.out.write(data)
                self.out.flush()
            except (BrokenPipeError, ValueError):
                os._exit(1)  # the host is gone

    def reply(self, request_id, result=None, error=None):
        message = {"jsonrpc": "2.0", "id": request_id}
        if error is not None:
            message["error"] = error.to_json()
        else:
            message["result"] = result
        self.send(message)

    def answer(self, request_id, result=None, error=None):
        """Answers a request that ran on a thread, unless $/cancel already answered it."""
        with self.lock:
            if self.in_flight.pop(request_id, None) is None:
                return
        self.reply(request_id, result, error)

    # -- input

    def lines(self):
        """Yields each line (bytes, without the newline), or None for a line over the limit."""
        if broken("loses-pipelined-lines"):
            return self.lines_losing_pipelined()
        return self.lines_whole()

    def lines_whole(self):
        stdin = sys.stdin.buffer
        while True:
            line = stdin.readline(MAX_MESSAGE)  # never holds more than the limit
            if not line:
                return
            if line.endswith(b"\n"):
                yield line[:-1]
                continue
            if len(line) < MAX_MESSAGE:
                return  # end of input in the middle of a line: the host is gone
            rest = b""
            while True:  # over the limit: skip to the end of the line, a piece at a time
                rest = stdin.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            if not rest:
                return

    def lines_losing_pipelined(self):
        """The bug of loses-pipelined-lines: of each chunk read, only the first complete line is handled."""
        pending = bytearray()  # the start of a line whose end has not come yet
        skipping = False  # inside a line over the limit
        while True:
            chunk = os.read(0, 65536)
            if not chunk:
                return
            pending += chunk
            newline = pending.find(b"\n", len(pending) - len(chunk))  # what came before held no newline
            if newline < 0:
                if len(pending) >= MAX_MESSAGE:
                    skipping, pending = True, bytearray()
                continue
            line = bytes(pending[:newline])
            rest = pending[newline + 1:]
            pending = rest[rest.rfind(b"\n") + 1:]  # the bug: the other complete lines of the chunk are dropped
            if skipping or len(line) + 1 > MAX_MESSAGE:
                skipping = False
                yield None
            else:
                yield line

    def run(self):
        for line in self.lines():
            if line is None:
                if broken("exits-on-huge-line"):
                    log("a line over 16 MiB: exiting with status 1")
                    os._exit(1)
                self.reply(None, error=RpcError(-32600, "invalid_request", "message longer than 16 MiB; skipped"))
                continue
            if not line.strip():
                continue  # blank lines are ignored (§3)
            try:
                message = json.loads(line.decode("utf-8"))  # a trailing \r is JSON whitespace
            except (UnicodeDecodeError, ValueError) as e:
                if broken("silent-on-malformed-line"):
                    log("skipping a line that is not JSON")
                    continue
                self.reply(None, error=RpcError(-32700, "parse_error", "not a JSON line: %s" % e))
                continue
            self.dispatch(message)
        log("end of input")
        self.exit()

    def exit(self):
        """Exits 0 after shutdown and 1 otherwise (§5), never in the middle of a line."""
        status = 0 if self.shutting_down else 1
        if broken("exits-nonzero-after-shutdown"):
            status = 1
        with self.write_lock:
            os._exit(status)

    def dispatch(self, message):
        if not isinstance(message, dict):  # a batch (array) or any other value
            self.reply(None, error=RpcError(-32600, "invalid_request", "a message must be one JSON object; no batches"))
            return
        method = message.get("method")
        has_id = "id" in message
        request_id = message.get("id")
        valid_id = isinstance(request_id, (int, str)) and not isinstance(request_id, bool)
        if method is None and ("result" in message or "error" in message):
            log("ignoring a response; the host sends none")
            return
        if message.get("jsonrpc") != "2.0" or not isinstance(method, str) or has_id and not valid_id:
            if has_id:
                self.reply(request_id if valid_id else None,
                           error=RpcError(-32600, "invalid_request", "not a JSON-RPC 2.0 request"))
            else:
                log("ignoring a malformed notification")  # never answered (§16.8)
            return
        params = message.get("params", {})
        if not has_id:
            self.notification(method, params)
        elif not isinstance(params, dict):
            self.reply(request_id, error=invalid_params("params must be an object"))
        else:
            self.request(request_id, method, params)

    def notification(self, method, params):
        if method == "exit":
            self.exit()
        elif method == "$/cancel":
            self.cancel(params)
        elif broken("answers-notifications"):
            self.reply(None, error=RpcError(-32601, "method_not_found", "unknown notification %r" % method))
        # Any other notification is ignored, as the protocol requires (§4.3).

    def cancel(self, params):
        target = params.get("id") if isinstance(params, dict) else None
        if not isinstance(target, (int, str)) or isinstance(target, bool):
            return
        with self.lock:
            if broken("answers-cancelled-twice"):
                event = self.in_flight.get(target)  # the bug: left in flight and running, so its answer follows
            else:
                event = self.in_flight.pop(target, None)
        if event is None:
            return  # unknown or already answered: ignored
        if not broken("answers-cancelled-twice"):
            event.set()
        self.reply(target, error=RpcError(-32800, "cancelled", "cancelled by the host"))

    def request(self, request_id, method, params):
        if self.shutting_down:
            if method == "ping" and broken("answers-after-shutdown"):
                self.reply(request_id, {})
                return
            self.reply(request_id, error=RpcError(-32005, "shutting_down", "the plugin is shutting down"))
        elif method == "initialize":
            if self.version is not None and not broken("second-initialize-accepted"):
                self.reply(request_id, error=RpcError(-32600, "invalid_request", "initialize was already received"))
            else:
                self.initialize(request_id, params)
        elif self.version is None and not broken("answers-before-initialize"):
            self.reply(request_id, error=RpcError(-32003, "not_initialized", "the first request must be initialize"))
        elif method == "ping":
            self.reply(request_id, {})
        elif method == "shutdown":
            self.shutting_down = True
            self.reply(request_id, {})
        elif method in self.handlers and self.speaks(method):
            cancelled = threading.Event()
            with self.lock:
                self.in_flight[request_id] = cancelled
            threading.Thread(target=self.work, args=(request_id, method, params, cancelled), daemon=True).start()
        else:
            self.reply(request_id, error=RpcError(-32601, "method_not_found", "unknown method %r" % method))

    def speaks(self, method):
        """Whether `method` exists in the chosen version (before initialize only the break gets here)."""
        return (self.version or parse(VERSIONS[0])) >= METHOD_SINCE.get(method, (1, 0))

    def initialize(self, request_id, params):
        offered = params.get("protocol_versions")
        if not isinstance(offered, list):
            self.reply(request_id, error=invalid_params("protocol_versions must be an array of \"MAJOR.MINOR\" strings"))
            return
        chosen = next((v for v in VERSIONS if v in offered), None)  # the highest entry this plugin speaks
        if chosen is None and broken("accepts-any-version"):
            chosen = VERSIONS[0]
        if chosen is None:  # stays uninitialised: a later initialize may still succeed
            self.reply(request_id, error=RpcError(
                -32002, "unsupported_protocol",
                "this plugin speaks protocol %s; the host offered %s" % (", ".join(VERSIONS), ", ".join(map(str, offered))),
                supported=sorted(VERSIONS)))
            return
        self.version = parse(chosen)
        answer = manifest(self.version)
        self.method.capabilities = answer["capabilities"]
        log("initialized: protocol %s" % chosen)
        self.reply(request_id, {"protocol_version": chosen, "manifest": answer})
        if broken("prints-to-stdout"):
            self.write(b"debug: initialized\n")

    def work(self, request_id, method, params, cancelled):
        try:
            result = self.handlers[method](params, cancelled)
            self.answer(request_id, result)  # a no-op once $/cancel has answered
        except RpcError as e:
            self.answer(request_id, error=e)
        except Exception as e:  # a bug here must not take the process down
            log("internal error in %s: %r" % (method, e))
            self.answer(request_id, error=RpcError(-32603, "internal_error", "internal error in %s: %s" % (method, e)))


def main():
    global chosen_break, plugin_id
    parser = argparse.ArgumentParser(description="A Stip method plugin that breaks one rule of the protocol on purpose.")
    parser.add_argument("--break", dest="breaks", default="none", choices=BREAKS, help="the rule to break (default: none)")
    parser.add_argument("--id", default="nonconforming", help="the manifest id; must equal plugin.yaml's id")
    args = parser.parse_args()
    chosen_break, plugin_id = args.breaks, args.id
    if os.environ.get(COOKIE_NAME) != COOKIE_VALUE and not broken("ignores-cookie"):
        sys.stderr.write(STARTED_BY_HAND + "\n")
        return 1
    log("started (pid %d)" % os.getpid())
    Connection(SuggestionBox()).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
