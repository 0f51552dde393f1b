"""Errors raised by the Exelare client, classified once so only the queue decides on retries.

Modelled on stripe-python's ``_error.py``: one base class carrying what the
response said (status, Exelare ``ErrorCode``, a readable message and any
``Retry-After``), a handful of subclasses, and one table from HTTP status to
class. Each class says how the sync worker should treat it:

- ``retriable``: try the same job again later (429, 5xx, timeouts, dropped
  connections).
- ``fatal_for_integration``: stop every job of the integration until an
  admin saves new credentials (401).
- neither: the job itself is wrong (400, 404); retrying it cannot help.

Messages are built only from the response, never from the request, so they
can never contain the password or the request body.
"""
import email.utils
import math
import time

# Longest server-supplied message we keep; a misbehaving server could send
# a whole HTML page, and the message ends up in logs and the admin UI.
_MAX_MESSAGE_CHARS = 300


class ExelareError(Exception):
    """Base class of every error the Exelare client raises."""

    retriable: bool = False
    fatal_for_integration: bool = False

    def __init__(self, message, *, status=None, code=None, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.retry_after = retry_after

    @property
    def fatal_for_job(self):
        """True when retrying this job cannot help, but other jobs may still run."""
        return not self.retriable and not self.fatal_for_integration

    def __str__(self):
        details = ", ".join(
            part for part in (
                f"HTTP {self.status}" if self.status is not None else "",
                self.code or "",
                f"retry after {self.retry_after:g}s" if self.retry_after is not None else "",
            ) if part
        )
        return f"{self.message} ({details})" if details else self.message

    def __repr__(self):
        return (f"{type(self).__name__}(message={self.message!r}, status={self.status!r}, "
                f"code={self.code!r}, retry_after={self.retry_after!r})")


class AuthenticationError(ExelareError):
    """401: CompanyID, Username or Password refused; needs an admin, not a retry."""

    fatal_for_integration = True


class InvalidRequestError(ExelareError):
    """400: Exelare refused this request (unknown field, missing name, bad entity)."""


class NotFoundError(ExelareError):
    """404: the record this job refers to does not exist (any more)."""


class RateLimitError(ExelareError):
    """429: throttled (20 requests a minute); ``retry_after`` says when to come back."""

    retriable = True


class APIError(ExelareError):
    """5xx, or a response we cannot make sense of (non-JSON body, unexpected shape)."""

    retriable = True


class APIConnectionError(ExelareError):
    """The request did not get a response: connection refused, reset or dropped."""

    retriable = True


class APITimeoutError(APIConnectionError):
    """Exelare did not answer within the client's timeout. The write may still have happened."""

    retriable = True


# The one table from HTTP status to class. 403 is treated like 401: a
# licence or permission refusal needs the admin just as a bad password does.
ERROR_CLASS_BY_STATUS = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}

# Only used when the status says nothing (a 2xx with ``Success: false``): an
# Exelare that reports failures in the body must not turn a bad password
# into an endless retry.
_ERROR_CLASS_BY_CODE = {
    "AUTH_FAILED": AuthenticationError,
    "THROTTLED": RateLimitError,
    "NOT_FOUND": NotFoundError,
    "INVALID_REQUEST": InvalidRequestError,
    "UNKNOWN_FIELD": InvalidRequestError,
    "MISSING_FIELD": InvalidRequestError,
    "BAD_ENTITY": InvalidRequestError,
}


def error_class_for(status, code=None):
    """The error class for an HTTP status (and, for a 2xx, the Exelare ErrorCode)."""
    if status in ERROR_CLASS_BY_STATUS:
        return ERROR_CLASS_BY_STATUS[status]
    if 200 <= status < 300 and code in _ERROR_CLASS_BY_CODE:
        return _ERROR_CLASS_BY_CODE[code]
    if 400 <= status < 500:
        # An unexpected 4xx (405, 413, 422...) means the request is wrong;
        # sending it again unchanged would fail the same way.
        return InvalidRequestError
    return APIError


def parse_retry_after(value, now=None):
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or HTTP date), or None.

    A date in the past gives 0.0; anything unreadable gives None so the
    caller falls back to its own back-off.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        # RFC 9110 dates are always GMT; a naive result means it was not one.
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _header(headers, name):
    """Case-insensitive header lookup that works for plain dicts too."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def error_from_response(status, body, headers):
    """Build the right ExelareError for a failed response.

    ``body`` is the decoded JSON object, or None when the body was not a JSON
    object; ``headers`` any mapping of response headers. The status decides
    the class; a body that is not JSON makes a 400/404 an APIError.
    """
    code = None
    message = None
    if isinstance(body, dict):
        code = body.get("ErrorCode") if isinstance(body.get("ErrorCode"), str) else None
        if isinstance(body.get("ErrorMessage"), str) and body["ErrorMessage"].strip():
            message = body["ErrorMessage"].strip()[:_MAX_MESSAGE_CHARS]
    if message is None:
        message = (f"Exelare answered HTTP {status}" if isinstance(body, dict)
                   else f"Exelare answered HTTP {status} without a JSON object body")
    cls = error_class_for(status, code)
    if body is None and cls in (InvalidRequestError, NotFoundError):
        # A 400/404 that is not Exelare's JSON came from something in front
        # of it (a proxy, a wrong base URL), so it says nothing about the job.
        cls = APIError
    retry_after = parse_retry_after(_header(headers, "Retry-After")) if cls is RateLimitError else None
    return cls(message, status=status, code=code, retry_after=retry_after)
