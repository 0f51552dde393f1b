"""A stand-in Exelare for tests and demos. It is NOT Exelare, and says so in every ``Server`` header.

It implements exactly the wire format in the design note EXELARE.md (POST + JSON per
operation under ``/ExelareWebApi/api``), checks credentials and the agreed
field lists from ``fields.py``, and throttles strictly per CompanyID, so
the client and the sync worker can be tested over real HTTP. Sandbox-only
control endpoints live under ``/_sandbox/``; the client never calls them.

Run on its own:
    python -m server.exelare.sandbox --port 5055 --account DEMO:demo:secret
"""
import argparse
import hmac
import socket
import threading
import time

from flask import Blueprint, Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import WSGIRequestHandler, make_server

from .fields import FIELDS_BY_ENTITY
from .sandbox_store import (
    MAX_PAGE_SIZE, OPERATIONS, Refusal, SandboxState, checked_fields, checked_note,
    record_id_of, search_filter, whole_number,
)

SERVER_HEADER = "Exelare-Sandbox/1.0 (not Exelare)"
API_PREFIX = "/ExelareWebApi/api"
_CODE_BY_STATUS = {400: "INVALID_REQUEST", 401: "AUTH_FAILED", 404: "NOT_FOUND",
                   429: "THROTTLED", 500: "SERVER_ERROR", 503: "SERVICE_UNAVAILABLE"}


def _state():
    return current_app.extensions["exelare_sandbox"]


def _failure(status, code, message, headers=None):
    response = jsonify({"Success": False, "ErrorCode": code, "ErrorMessage": message})
    response.status_code = status
    response.headers.update(headers or {})
    return response


# -- the Exelare API ---------------------------------------------------------

api = Blueprint("exelare_api", __name__, url_prefix=API_PREFIX)


@api.post("/<operation>")
def operation_endpoint(operation):
    """Every Exelare operation: faults, throttle, credentials, entity, then the operation itself."""
    if operation not in OPERATIONS:
        raise Refusal(404, "UNKNOWN_OPERATION", f"No operation {operation!r}")
    state = _state()
    body = request.get_json(force=True, silent=True)
    company = body.get("CompanyID") if isinstance(body, dict) else None
    company = company if isinstance(company, str) else ""
    generation = state.generation
    state.count(company, "total")
    fault = state.faults.take(operation)
    if fault is not None:
        state.count(company, "faults")
        if "delay" in fault:
            time.sleep(fault["delay"])
            if state.generation != generation:
                raise Refusal(503, "SANDBOX_RESET", "Sandbox was reset while this request was delayed")
        elif fault.get("drop"):
            return _drop_connection()
        else:
            return _injected_failure(fault)
    wait = state.throttle.admit(company)
    if wait is not None:
        state.count(company, "throttled")
        raise Refusal(429, "THROTTLED", f"Too many requests; at most {state.throttle.rate_limit} "
                      f"per {state.throttle.window_seconds:g} seconds", {"Retry-After": str(wait)})
    state.count(company, operation)
    if not isinstance(body, dict):
        raise Refusal(400, "INVALID_REQUEST", "The request body must be a JSON object")
    _check_credentials(state, body)
    entity = body.get("EntityID")
    if entity not in FIELDS_BY_ENTITY:
        raise Refusal(400, "BAD_ENTITY", f"EntityID must be one of {sorted(FIELDS_BY_ENTITY)}")
    return jsonify({"Success": True, **HANDLERS[operation](state.store, company, entity, body)})


def _check_credentials(state, body):
    account = state.accounts.get(body.get("CompanyID"))
    given = (body.get("Username"), body.get("Password"))
    ok = account is not None and all(isinstance(v, str) for v in given) and all(
        hmac.compare_digest(g.encode(), str(account[k]).encode())
        for g, k in zip(given, ("username", "password")))
    if not ok:
        # One message for every case, as a real service would not say which part was wrong.
        raise Refusal(401, "AUTH_FAILED", "Invalid CompanyID, Username or Password")


def _drop_connection():
    """Close the socket without answering, so the client sees the connection dropped."""
    sock = request.environ.get("werkzeug.socket")
    if sock is None:
        raise Refusal(500, "SERVER_ERROR", "Drop faults need werkzeug's server")
    sock.shutdown(socket.SHUT_RDWR)
    return "", 204  # werkzeug's write then fails, and it treats the connection as dropped


def _injected_failure(fault):
    status = fault["status"]
    headers = {"Retry-After": str(fault.get("retry_after", 1))} if status == 429 else {}
    if "body" in fault:  # a non-JSON answer, like a proxy's HTML error page
        return fault["body"], status, {"Content-Type": "text/html", **headers}
    return _failure(status, _CODE_BY_STATUS.get(status, "FAULT"),
                    f"Injected sandbox fault (HTTP {status})", headers)


def _search(store, company, entity, body):
    wanted = search_filter(body, entity)
    page_size = whole_number(body, "PageSize", MAX_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
    start = (whole_number(body, "PageNumber", 1) - 1) * page_size
    found = [record for record in store.records(company, entity) if wanted(record)]
    # The listing adds the sandbox's own CompanyID/EntityID keys; the API does not show them.
    page = [{k: v for k, v in record.items() if k not in ("CompanyID", "EntityID")}
            for record in found[start:start + page_size]]
    return {"TotalCount": len(found), "Records": page}


def _view(store, company, entity, body):
    record = store.get(company, entity, record_id_of(body))
    if record is None:
        raise Refusal(404, "NOT_FOUND", f"No {entity} record {body['RecordID']!r}")
    return {"Record": record}


def _create(store, company, entity, body):
    fields = checked_fields(body, entity, creating=True)
    return {"RecordID": store.create(company, entity, fields, source=body.get("APISourceID"))["RecordID"]}


def _update(store, company, entity, body):
    record_id = record_id_of(body)
    if store.update(company, entity, record_id, checked_fields(body, entity, creating=False)) is None:
        raise Refusal(404, "NOT_FOUND", f"No {entity} record {record_id!r}")
    return {"RecordID": record_id}


def _addnote(store, company, entity, body):
    record_id, note = record_id_of(body), checked_note(body)
    if store.get(company, entity, record_id) is None:
        raise Refusal(404, "NOT_FOUND", f"No {entity} record {record_id!r}")
    stored = store.add_note(company, {"RecordID": record_id, "EntityID": entity, **note})
    return {"NoteID": stored["NoteID"]}


HANDLERS = {"search": _search, "view": _view, "create": _create,
            "update": _update, "addnote": _addnote}

# -- sandbox-only control endpoints --------------------------------------------

control = Blueprint("exelare_sandbox_control", __name__, url_prefix="/_sandbox")


def _control_body():
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise Refusal(400, "INVALID_REQUEST", "The request body must be a JSON object")
    return body


@control.post("/reset")
def reset():
    """Forget records, notes, counts, throttle windows and faults; accounts stay."""
    _state().reset()
    return jsonify({"ok": True})


@control.post("/accounts")
def add_account():
    """Add or replace the credentials accepted for a CompanyID."""
    body = _control_body()
    if not all(isinstance(body.get(k), str) for k in ("CompanyID", "Username", "Password")):
        raise Refusal(400, "INVALID_REQUEST", "CompanyID, Username and Password are required strings")
    _state().accounts[body["CompanyID"]] = {"username": body["Username"], "password": body["Password"]}
    return jsonify({"ok": True})


@control.route("/config", methods=["GET", "POST"])
def config():
    """Read or change the throttle: {rate_limit?, window_seconds?}."""
    throttle = _state().throttle
    if request.method == "POST":
        body = _control_body()
        rate_limit = whole_number(body, "rate_limit", throttle.rate_limit)
        window = body.get("window_seconds", throttle.window_seconds)
        if isinstance(window, bool) or not isinstance(window, (int, float)) or window <= 0:
            raise Refusal(400, "INVALID_REQUEST", "window_seconds must be a positive number")
        throttle.configure(rate_limit, window)
    return jsonify({"rate_limit": throttle.rate_limit, "window_seconds": throttle.window_seconds})


@control.get("/records")
def list_records():
    """Every stored record (optionally for one CompanyID / EntityID), with CompanyID and EntityID."""
    args = request.args
    return jsonify({"records": _state().store.records(args.get("CompanyID"), args.get("EntityID"))})


@control.get("/notes")
def list_notes():
    """Every stored note (optionally for one CompanyID)."""
    return jsonify({"notes": _state().store.notes(request.args.get("CompanyID"))})


@control.get("/counts")
def counts():
    """API requests by operation (accepted by the throttle), throttled, faulted and received."""
    return jsonify(_state().counts(request.args.get("CompanyID")))


@control.post("/faults")
def add_fault():
    """Script the next K API requests: {count, status [, retry_after, body] | delay | drop [, operations]}.

    ``{"count": 0}`` clears every queued fault, so a test can tidy up after itself.
    """
    body = _control_body()
    count, operations = whole_number(body, "count", 1, minimum=0), body.get("operations")
    if count == 0:
        _state().faults.clear()
        return jsonify({"ok": True})
    kinds = [k for k in ("status", "delay", "drop") if k in body and body[k] is not False]
    if len(kinds) != 1:
        raise Refusal(400, "INVALID_REQUEST", "Give exactly one of status, delay, drop")
    if operations is not None and (not isinstance(operations, list) or set(operations) - set(OPERATIONS)):
        raise Refusal(400, "INVALID_REQUEST", f"operations must be a list drawn from {OPERATIONS}")
    fault = {"count": count, "operations": operations}
    if kinds == ["status"]:
        fault["status"] = whole_number(body, "status", None, minimum=400, maximum=599)
        fault.update({k: body[k] for k in ("retry_after", "body") if k in body})
    elif kinds == ["delay"]:
        delay = body["delay"]
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise Refusal(400, "INVALID_REQUEST", "delay must be a number of seconds")
        fault["delay"] = float(delay)
    else:
        fault["drop"] = True
    _state().faults.add(fault)
    return jsonify({"ok": True})


# -- the app and its servers ----------------------------------------------------

def create_sandbox_app(rate_limit=20, window_seconds=60.0, db_path=None, accounts=None):
    """A sandbox Flask app; ``accounts`` is {CompanyID: {"username": ..., "password": ...}}."""
    app = Flask(__name__)
    app.extensions["exelare_sandbox"] = SandboxState(rate_limit, window_seconds, db_path, accounts)
    app.register_blueprint(api)
    app.register_blueprint(control)

    @app.errorhandler(Refusal)
    def refusal(error):
        return _failure(error.status, error.code, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def http_error(error):
        """Unknown paths and methods answer in Exelare's JSON shape too."""
        code = (error.name or "ERROR").upper().replace(" ", "_")
        return _failure(error.code, code, error.description)

    @app.after_request
    def say_what_this_is(response):
        response.headers["Server"] = SERVER_HEADER
        return response

    return app


class _SandboxRequestHandler(WSGIRequestHandler):
    """Leaves the Server header to the app, so responses carry exactly one, the sandbox's."""

    def send_response(self, code, message=None):
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def _make_server(app, host, port):
    return make_server(host, port, app, threaded=True, request_handler=_SandboxRequestHandler)


class SandboxServer:
    """A sandbox served on a background thread; ``api_url`` is the client's base_url."""

    def __init__(self, app, host, port):
        self.app = app
        self._server = _make_server(app, host, port)
        self.url = f"http://{host}:{self._server.port}"
        self.api_url = self.url + API_PREFIX
        # A short poll interval so shutdown() returns quickly between tests.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="exelare-sandbox", daemon=True)
        self._thread.start()

    def shutdown(self):
        """Stop serving and close the listening socket (requests still sleeping are abandoned)."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self.app.extensions["exelare_sandbox"].store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.shutdown()


def serve_in_thread(app=None, host="127.0.0.1", port=0, **kwargs):
    """Serve ``app`` (or ``create_sandbox_app(**kwargs)``) on a thread; port 0 picks a free port."""
    return SandboxServer(app if app is not None else create_sandbox_app(**kwargs), host, port)


def _account(text):
    company, sep1, rest = text.partition(":")
    username, sep2, password = rest.partition(":")
    if not (company and sep1 and username and sep2):
        raise argparse.ArgumentTypeError("expected COMPANY:USER:PASS")
    return company, username, password


def main(argv=None):
    parser = argparse.ArgumentParser(description="Exelare sandbox (a stand-in for tests and demos; not Exelare)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--rate-limit", type=int, default=20)
    parser.add_argument("--window", type=float, default=60.0, help="throttle window in seconds")
    parser.add_argument("--db", help="SQLite file to keep records in (default: memory)")
    parser.add_argument("--account", type=_account, action="append", default=[],
                        metavar="COMPANY:USER:PASS", help="accepted credentials; repeatable")
    args = parser.parse_args(argv)
    accounts = {c: {"username": u, "password": p} for c, u, p in args.account}
    app = create_sandbox_app(args.rate_limit, args.window, args.db, accounts)
    server = _make_server(app, args.host, args.port)
    print(f"Exelare sandbox (not Exelare) on http://{args.host}:{server.port}{API_PREFIX}; "
          f"companies: {', '.join(accounts) or 'none (add with POST /_sandbox/accounts)'}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
