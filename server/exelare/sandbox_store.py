"""The sandbox's state and rules: records, notes, throttle, faults, and request checks.

Kept apart from the HTTP layer in ``sandbox.py`` so each half reads in one
sitting; nothing here knows about Flask. Every class is thread-safe because
the sandbox runs on a threaded server and tests hit it from several threads.
"""
import json
import math
import sqlite3
import threading
import time
from collections import deque
from datetime import datetime, timezone

from .fields import FIELDS_BY_ENTITY, REQUIRED_ON_CREATE

OPERATIONS = ("search", "view", "create", "update", "addnote")
MAX_PAGE_SIZE = 100
NOTE_KEYS = ("Subject", "Body", "Type", "Date")
_SCALARS = (str, int, float, bool, type(None))
RECORD_ID_PREFIX = {"Consultants": "CS", "Contacts": "CT"}
NOTE_ID_PREFIX = "NT"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    company_id TEXT NOT NULL, entity TEXT NOT NULL, number INTEGER NOT NULL,
    record_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (company_id, record_id));
CREATE TABLE IF NOT EXISTS notes (
    company_id TEXT NOT NULL, number INTEGER NOT NULL,
    note_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (company_id, note_id));
"""


def _now_iso():
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class RecordStore:
    """Records and notes per CompanyID in SQLite: a file when given, else memory.

    One SQLite code path for both cases, so the in-memory store the tests
    use behaves exactly like the file a demo keeps between runs. A record is
    stored as JSON holding its fields plus RecordID, Source and DateCreated.
    """

    def __init__(self, db_path=None):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(db_path or ":memory:", check_same_thread=False)
        with self._lock, self._db:
            self._db.executescript(_SCHEMA)

    def close(self):
        with self._lock:
            self._db.close()

    def reset(self):
        with self._lock, self._db:
            self._db.execute("DELETE FROM records")
            self._db.execute("DELETE FROM notes")

    def create(self, company_id, entity, fields, source):
        """Store a new record and return it (with its new RecordID)."""
        with self._lock, self._db:
            (number,) = self._db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM records WHERE company_id = ? AND entity = ?",
                (company_id, entity)).fetchone()
            record_id = f"{RECORD_ID_PREFIX[entity]}{number:08d}"
            record = {"RecordID": record_id, **fields, "Source": source, "DateCreated": _now_iso()}
            self._db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?)",
                             (company_id, entity, number, record_id, json.dumps(record)))
        return record

    def get(self, company_id, entity, record_id):
        """The record, or None when this company has no such record of this entity."""
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM records WHERE company_id = ? AND entity = ? AND record_id = ?",
                (company_id, entity, record_id)).fetchone()
        return json.loads(row[0]) if row else None

    def update(self, company_id, entity, record_id, fields):
        """Change only the given fields; the updated record, or None if it does not exist."""
        with self._lock, self._db:
            row = self._db.execute(
                "SELECT data FROM records WHERE company_id = ? AND entity = ? AND record_id = ?",
                (company_id, entity, record_id)).fetchone()
            if row is None:
                return None
            record = {**json.loads(row[0]), **fields, "DateModified": _now_iso()}
            self._db.execute("UPDATE records SET data = ? WHERE company_id = ? AND record_id = ?",
                             (json.dumps(record), company_id, record_id))
        return record

    def records(self, company_id=None, entity=None):
        """Records in creation order, each with its CompanyID and EntityID added."""
        query = "SELECT company_id, entity, data FROM records WHERE 1 = 1"
        params = []
        if company_id is not None:
            query += " AND company_id = ?"
            params.append(company_id)
        if entity is not None:
            query += " AND entity = ?"
            params.append(entity)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY company_id, entity, number", params).fetchall()
        return [{**json.loads(data), "CompanyID": company, "EntityID": ent} for company, ent, data in rows]

    def add_note(self, company_id, note):
        """Store a note and return it with its new NoteID."""
        with self._lock, self._db:
            (number,) = self._db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM notes WHERE company_id = ?",
                (company_id,)).fetchone()
            stored = {"NoteID": f"{NOTE_ID_PREFIX}{number:08d}", **note}
            self._db.execute("INSERT INTO notes VALUES (?, ?, ?, ?)",
                             (company_id, number, stored["NoteID"], json.dumps(stored)))
        return stored

    def notes(self, company_id=None):
        query = "SELECT company_id, data FROM notes"
        params = ()
        if company_id is not None:
            query += " WHERE company_id = ?"
            params = (company_id,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY company_id, number", params).fetchall()
        return [{**json.loads(data), "CompanyID": company} for company, data in rows]


class RollingWindowThrottle:
    """At most ``rate_limit`` accepted requests per key within any ``window_seconds``.

    Strict rolling window (not fixed buckets), so a client that spreads 20
    requests over a minute boundary is still refused: the sync worker must
    honour the limit exactly as Exelare states it. Refused requests do not
    enter the window, otherwise a client retrying too early would lock
    itself out for ever.
    """

    def __init__(self, rate_limit=20, window_seconds=60.0, clock=time.monotonic):
        self.rate_limit = rate_limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._accepted = {}  # key -> deque of monotonic times of accepted requests

    def configure(self, rate_limit=None, window_seconds=None):
        with self._lock:
            if rate_limit is not None:
                self.rate_limit = rate_limit
            if window_seconds is not None:
                self.window_seconds = window_seconds

    def reset(self):
        with self._lock:
            self._accepted.clear()

    def admit(self, key):
        """Return None when accepted, else the whole seconds (>= 1) to wait."""
        with self._lock:
            now = self._clock()
            times = self._accepted.setdefault(key, deque())
            while times and times[0] <= now - self.window_seconds:
                times.popleft()
            if len(times) < self.rate_limit:
                times.append(now)
                return None
            return max(1, math.ceil(times[0] + self.window_seconds - now))


class FaultQueue:
    """Scripted failures for the next requests, consumed first come first served."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, fault):
        """Queue a fault dict with a positive ``count`` and optional ``operations`` list."""
        with self._lock:
            self._faults.append(dict(fault))

    def clear(self):
        with self._lock:
            self._faults.clear()

    def take(self, operation):
        """Consume one use of the first fault that applies to ``operation``, or None."""
        with self._lock:
            for fault in self._faults:
                if fault.get("operations") and operation not in fault["operations"]:
                    continue
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self._faults.remove(fault)
                return fault
        return None


class SandboxState:
    """Everything one sandbox app holds; kept on ``app.extensions['exelare_sandbox']``."""

    def __init__(self, rate_limit=20, window_seconds=60.0, db_path=None, accounts=None):
        self.store = RecordStore(db_path)
        self.throttle = RollingWindowThrottle(rate_limit, window_seconds)
        self.faults = FaultQueue()
        self.accounts = {company: dict(account) for company, account in (accounts or {}).items()}
        self._lock = threading.Lock()
        self._counts = {}  # CompanyID -> {operation | "throttled" | "faults" | "total": n}
        # Bumped by reset, so a request delayed across a reset does not
        # leak into the next test's records and counts.
        self.generation = 0

    def count(self, company_id, key):
        with self._lock:
            per_company = self._counts.setdefault(company_id, {})
            per_company[key] = per_company.get(key, 0) + 1

    def counts(self, company_id=None):
        """Totals for one CompanyID, or for all of them when None."""
        with self._lock:
            selected = [c for k, c in self._counts.items() if company_id is None or k == company_id]

        def total(key):
            return sum(c.get(key, 0) for c in selected)
        return {"counts": {op: total(op) for op in OPERATIONS}, "throttled": total("throttled"),
                "faults": total("faults"), "total": total("total")}

    def reset(self):
        with self._lock:
            self._counts.clear()
            self.generation += 1
        self.store.reset()
        self.throttle.reset()
        self.faults.clear()


# -- what Exelare accepts (per EXELARE.md); each check raises Refusal --------------

class Refusal(Exception):
    """Ends a request with Exelare's failure body: {Success: false, ErrorCode, ErrorMessage}."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def whole_number(body, key, default, minimum=1, maximum=None):
    """``body[key]`` as an int within bounds (booleans refused), else a 400."""
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (
            maximum is not None and value > maximum):
        bounds = f"at least {minimum}" + (f" and at most {maximum}" if maximum is not None else "")
        raise Refusal(400, "INVALID_REQUEST", f"{key} must be a whole number, {bounds}")
    return value


def record_id_of(body):
    record_id = body.get("RecordID")
    if not isinstance(record_id, str) or not record_id:
        raise Refusal(400, "INVALID_REQUEST", "RecordID must be a non-empty string")
    return record_id


def check_field_name(entity, name):
    """Refuse names outside the entity's agreed field list, as a real account does."""
    if not isinstance(name, str) or name not in FIELDS_BY_ENTITY[entity]:
        raise Refusal(400, "UNKNOWN_FIELD", f"Unknown field {name!r} for {entity}")


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def checked_fields(body, entity, creating):
    """The body's Fields, checked: known names, scalar values, names never blank."""
    fields = body.get("Fields")
    if not isinstance(fields, dict):
        raise Refusal(400, "INVALID_REQUEST", "Fields must be a JSON object")
    for name, value in fields.items():
        check_field_name(entity, name)
        if not isinstance(value, _SCALARS):
            raise Refusal(400, "INVALID_REQUEST", f"Field {name!r} must be a string, number or boolean")
    for name in REQUIRED_ON_CREATE:
        if (creating or name in fields) and _blank(fields.get(name)):
            raise Refusal(400, "MISSING_FIELD", f"{name} is required and cannot be empty")
    return fields


def checked_note(body):
    """The body's Note with exactly Subject, Body, Type and Date (missing ones empty)."""
    note = body.get("Note")
    if not isinstance(note, dict) or set(note) - set(NOTE_KEYS):
        raise Refusal(400, "INVALID_REQUEST", f"Note must be an object with only {', '.join(NOTE_KEYS)}")
    note = {key: note.get(key, "") for key in NOTE_KEYS}
    if not all(isinstance(value, str) for value in note.values()):
        raise Refusal(400, "INVALID_REQUEST", "Note values must be strings")
    return note


def _folded(value):
    return "" if value is None else str(value).casefold()


def search_filter(body, entity):
    """A predicate over records from the body's Criteria and Match (no criteria: everything).

    equals is a case-insensitive exact match, contains a case-insensitive substring.
    """
    criteria = body.get("Criteria", [])
    if not isinstance(criteria, list) or not all(isinstance(c, dict) for c in criteria):
        raise Refusal(400, "INVALID_REQUEST", "Criteria must be a list of objects")
    wanted = []
    for criterion in criteria:
        check_field_name(entity, criterion.get("FieldName"))
        if criterion.get("Operator") not in ("equals", "contains"):
            raise Refusal(400, "INVALID_REQUEST", "Operator must be 'equals' or 'contains'")
        if not isinstance(criterion.get("Value"), _SCALARS):
            raise Refusal(400, "INVALID_REQUEST", "Value must be a string, number or boolean")
        wanted.append((criterion["FieldName"], criterion["Operator"], _folded(criterion.get("Value"))))
    match = body.get("Match", "all")
    if match not in ("all", "any"):
        raise Refusal(400, "INVALID_REQUEST", "Match must be 'all' or 'any'")
    combine = all if match == "all" else any

    def one(record, name, operator, value):
        stored = _folded(record.get(name))
        return stored == value if operator == "equals" else value in stored
    return lambda record: not wanted or combine(one(record, *criterion) for criterion in wanted)
