"""The application's errors, and the one JSON shape every error is answered with.

    {"error": {"code": "validation_error", "message": "...", "fields": {...}}}
"""
import logging
import time

from flask import jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None, headers=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}


class ValidationFailed(AppError):
    status, code = 422, "validation_error"


class Unauthorized(AppError):
    status, code = 401, "unauthorized"


class TokenExpired(Unauthorized):
    code = "token_expired"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class Locked(Forbidden):
    code = "locked"


class NotFound(AppError):
    status, code = 404, "not_found"


class Conflict(AppError):
    status, code = 409, "conflict"


class ExelareRefused(AppError):
    status, code = 502, "exelare_unreachable"


_CODES_BY_STATUS = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "validation_error", 429: "rate_limited",
}


def error_response(status, code, message, fields=None, headers=None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_messages(messages, prefix=""):
    """Turn marshmallow's nested messages into {"dotted.field": "first message"}."""
    flat = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, name))
    elif isinstance(messages, (list, tuple)):
        if all(isinstance(item, str) for item in messages):
            flat[prefix or "_schema"] = " ".join(messages)
        else:
            for item in messages:
                flat.update(flatten_messages(item, prefix))
    else:
        flat[prefix or "_schema"] = str(messages)
    return flat


def http_error_response(err):
    status = err.code or 500
    code = _CODES_BY_STATUS.get(status, "error")
    data = getattr(err, "data", None) or {}
    messages = data.get("messages")
    if messages:
        # webargs nests by location ("json", "query"); the location is noise for callers.
        if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "headers", "view_args", "path"}:
            merged = {}
            for location_messages in messages.values():
                merged.update(flatten_messages(location_messages))
            fields = merged
        else:
            fields = flatten_messages(messages)
        if fields == {"_schema": "Invalid JSON body."}:
            return error_response(400, "malformed_json", "The request body is not valid JSON.")
        summary = "; ".join(f"{name}: {text}" for name, text in sorted(fields.items()))
        return error_response(status if status != 400 else 422, "validation_error",
                              f"Invalid input ({summary})", fields)
    if status == 429:
        return error_response(429, "rate_limited", "Too many attempts; try again later.",
                              headers={"Retry-After": str(_limiter_retry_after())})
    if status == 413:
        return error_response(413, code, "The request body is larger than 1 MiB.")
    return error_response(status, code, err.description or err.name)


def _limiter_retry_after():
    """Seconds until the Flask-Limiter window that refused this request resets."""
    from .extensions import limiter
    try:
        current = limiter.current_limit
        if current is not None:
            return max(1, int(current.reset_at - time.time()) + 1)
    except Exception:  # storage trouble: a safe, plain answer
        log.warning("could not read the rate limit's reset time", exc_info=True)
    return 60


def init_app(app):
    @app.errorhandler(AppError)
    def _app_error(err):
        return error_response(err.status, err.code, err.message, err.fields, err.headers)

    @app.errorhandler(HTTPException)
    def _http(err):
        return http_error_response(err)

    @app.errorhandler(Exception)
    def _unexpected(err):
        # The traceback goes to the log (never the response): it may name internals.
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side.")
