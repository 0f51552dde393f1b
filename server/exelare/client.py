"""HTTP client for Exelare's JSON API, speaking the wire format in EXELARE.md.

Callers talk in record types ('candidate', 'contact') and plain dicts; entity
names, endpoint paths and body shapes stay in this package, so correcting the
assumed wire format against a customer's Exelare is a change here only.

The client never retries: it raises a classified error (see ``errors.py``)
and the job queue decides. It also never lets the password escape: it is
sent only in request bodies, which are neither logged nor kept in errors.
"""
import logging
import time

import requests

from .fields import ENTITY_BY_RECORD_TYPE, RECORD_TYPES
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    error_from_response,
)

logger = logging.getLogger(__name__)

OPERATIONS = ("search", "view", "create", "update", "addnote")
SEARCH_OPERATORS = ("equals", "contains")
SEARCH_MATCHES = ("any", "all")
MAX_PAGE_SIZE = 100

# A criterion for verify() that no real record matches: verify() only wants
# to know that Exelare answers and accepts the credentials.
_VERIFY_CRITERION = ("EMail1", "equals", "verify-credentials@exelare-check.invalid")


class ExelareClient:
    """One Exelare account (CompanyID + API user) behind one ``requests.Session``.

    ``before_request(operation)`` and ``after_request(operation)`` are called
    once around every HTTP request (``after_request`` even when it fails);
    the sync worker uses them to share one rate limiter between clients.
    A session passed in stays the caller's to close.
    """

    def __init__(self, base_url, company_id, username, password, api_source_id, *,
                 timeout=10.0, session=None, before_request=None, after_request=None):
        if not str(base_url).startswith(("http://", "https://")):
            raise ValueError(f"Exelare base URL must start with http:// or https://, got {base_url!r}")
        self.base_url = str(base_url).rstrip("/")
        self.company_id = company_id
        self.username = username
        self._password = password
        self.api_source_id = api_source_id
        self.timeout = timeout
        self._before_request = before_request
        self._after_request = after_request
        self._owns_session = session is None
        self._session = session if session is not None else requests.Session()

    def __repr__(self):
        # Deliberately without the password.
        return (f"ExelareClient(base_url={self.base_url!r}, company_id={self.company_id!r}, "
                f"username={self.username!r}, api_source_id={self.api_source_id!r})")

    # -- lifecycle ---------------------------------------------------------

    def close(self):
        """Release pooled connections (only if this client created the session)."""
        if self._owns_session:
            self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- operations --------------------------------------------------------

    def search(self, record_type, criteria, match="any", page_size=100, page_number=1):
        """Records whose fields match ``criteria``: a list of (field, 'equals'|'contains', value).

        Field names are not checked here: the account's agreed field list on
        Exelare's side is the authority, and it answers 400 for unknown ones.
        """
        if match not in SEARCH_MATCHES:
            raise ValueError(f"match must be one of {SEARCH_MATCHES}, got {match!r}")
        if not 1 <= int(page_size) <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size!r}")
        if int(page_number) < 1:
            raise ValueError(f"page_number must be 1 or more, got {page_number!r}")
        wire_criteria = []
        for field_name, operator, value in criteria:
            if operator not in SEARCH_OPERATORS:
                raise ValueError(f"operator must be one of {SEARCH_OPERATORS}, got {operator!r}")
            wire_criteria.append({"FieldName": field_name, "Operator": operator, "Value": value})
        body = self._call("search", record_type, {
            "Criteria": wire_criteria, "Match": match,
            "PageSize": int(page_size), "PageNumber": int(page_number),
        })
        return self._expect(body, "Records", list, "search")

    def view(self, record_type, record_id):
        """The record with this id, as a dict of its fields plus RecordID."""
        body = self._call("view", record_type, {"RecordID": record_id})
        return self._expect(body, "Record", dict, "view")

    def create(self, record_type, fields):
        """Create a record; returns its new RecordID."""
        body = self._call("create", record_type, {"Fields": dict(fields)})
        return self._expect(body, "RecordID", str, "create")

    def update(self, record_type, record_id, fields):
        """Change only the given fields of a record; returns its RecordID."""
        body = self._call("update", record_type, {"RecordID": record_id, "Fields": dict(fields)})
        return self._expect(body, "RecordID", str, "update")

    def add_note(self, record_type, record_id, subject, body, note_type, date_iso):
        """Attach a note to a record; returns the new NoteID."""
        note = {"Subject": subject, "Body": body, "Type": note_type, "Date": date_iso}
        answer = self._call("addnote", record_type, {"RecordID": record_id, "Note": note})
        return self._expect(answer, "NoteID", str, "addnote")

    def verify(self):
        """Check reachability and credentials with one cheap request.

        Raises AuthenticationError on bad credentials and APIConnectionError
        (or APITimeoutError) when Exelare cannot be reached.
        """
        self.search("candidate", [_VERIFY_CRITERION], match="all", page_size=1)

    # -- transport ---------------------------------------------------------

    def _call(self, operation, record_type, payload):
        """POST one operation and return the decoded success body, or raise an ExelareError."""
        try:
            entity = ENTITY_BY_RECORD_TYPE[record_type]
        except KeyError:
            raise ValueError(
                f"record_type must be one of {RECORD_TYPES}, got {record_type!r}") from None
        body = {
            "CompanyID": self.company_id,
            "Username": self.username,
            "Password": self._password,
            "APISourceID": self.api_source_id,
            "EntityID": entity,
            **payload,
        }
        url = f"{self.base_url}/{operation}"
        error = None
        response = None
        if self._before_request is not None:
            self._before_request(operation)
        started = time.monotonic()
        try:
            response = self._session.post(url, json=body, timeout=self.timeout)
        # Timeout first: ConnectTimeout is both a Timeout and a ConnectionError.
        except requests.Timeout as exc:
            error = APITimeoutError(
                f"Exelare did not answer {operation} within {self.timeout:g}s ({type(exc).__name__})")
        except requests.RequestException as exc:
            # ConnectionError, ChunkedEncodingError and the like: no usable answer.
            error = APIConnectionError(
                f"Could not reach Exelare for {operation} ({type(exc).__name__})")
        finally:
            if self._after_request is not None:
                self._after_request(operation)
        elapsed = time.monotonic() - started
        if error is not None:
            logger.debug("exelare %s %s failed after %.3fs: %s",
                         operation, entity, elapsed, type(error).__name__)
            # Raised outside the except block on purpose: the requests
            # exception holds the PreparedRequest, whose body has the
            # password, and chaining would keep it reachable from our error.
            raise error
        logger.debug("exelare %s %s -> HTTP %s in %.3fs",
                     operation, entity, response.status_code, elapsed)
        return self._decode(operation, response)

    def _decode(self, operation, response):
        try:
            decoded = response.json()
        except ValueError:
            decoded = None
        decoded = decoded if isinstance(decoded, dict) else None
        if 200 <= response.status_code < 300 and decoded is not None and decoded.get("Success") is True:
            return decoded
        if decoded is not None and isinstance(decoded.get("ErrorMessage"), str):
            # Belt and braces: should a server ever echo the password back,
            # keep it out of our message (and so out of logs and the UI).
            decoded = {**decoded, "ErrorMessage": self._redact(decoded["ErrorMessage"])}
        error = error_from_response(response.status_code, decoded, response.headers)
        logger.debug("exelare %s refused: %s %s", operation, type(error).__name__, error.code)
        raise error

    def _expect(self, body, key, kind, operation):
        """The ``key`` of a success body, checked, so callers never see a half-formed answer."""
        value = body.get(key)
        if not isinstance(value, kind):
            raise APIError(f"Exelare {operation} answered Success without a valid {key}")
        return value

    def _redact(self, text):
        return text.replace(self._password, "***") if self._password else text
