"""Saving, verifying and reading a team's Exelare integration."""
import logging
import time

from flask import current_app
from sqlalchemy import delete, func, select

from .. import crypto
from ..errors import ExelareRefused, NotFound, ValidationFailed
from ..exelare import errors as exelare_errors
from ..exelare.client import ExelareClient
from ..extensions import db
from ..models import ExelareLink, ExelareRequest, Integration, SyncJob, utcnow
from ..ratelimit import RateLimiter

log = logging.getLogger(__name__)


def get_integration(team_id):
    return db.session.scalar(select(Integration).where(Integration.team_id == team_id))


def client_for(integration, **hooks):
    return ExelareClient(
        integration.base_url, integration.company_id, integration.username,
        crypto.decrypt(integration.password_encrypted), integration.api_source_id,
        timeout=current_app.config["EXELARE_TIMEOUT_SECONDS"], **hooks)


def describe(team_id):
    integration = get_integration(team_id)
    default_url = current_app.config.get("EXELARE_DEFAULT_BASE_URL") or None
    if integration is None:
        return {"status": "inactive", "password_set": False, "default_base_url": default_url,
                "paused_jobs": 0, "requests_per_minute": 20}
    paused = 0
    if integration.status != "connected":
        paused = db.session.scalar(select(func.count(SyncJob.id)).where(
            SyncJob.team_id == team_id, SyncJob.status == "queued")) or 0
    return {
        "status": integration.status, "username": integration.username,
        "company_id": integration.company_id, "api_source_id": integration.api_source_id,
        "base_url": integration.base_url, "requests_per_minute": integration.requests_per_minute,
        "password_set": bool(integration.password_encrypted), "last_error": integration.last_error,
        "last_verified_at": integration.last_verified_at, "default_base_url": default_url,
        "paused_jobs": paused,
    }


def save_and_verify(team_id, data):
    """Verify the credentials with one Exelare request; save only if Exelare accepts them."""
    existing = get_integration(team_id)
    password = data.get("password")
    if not password:
        if existing is None or not existing.password_encrypted:
            raise ValidationFailed("Enter the Exelare password.", {"password": "Required."})
        password = crypto.decrypt(existing.password_encrypted)
    # The check counts against Exelare's limit like any request: through the shared
    # limiter when the integration exists, recorded as a slot once it is created.
    hooks = {}
    if existing is not None:
        limiter = limiter_for(existing)
        hooks = {"before_request": lambda op: limiter.acquire(max_wait=10.0),
                 "after_request": lambda op: limiter.release()}
    client = ExelareClient(data["base_url"].rstrip("/"), data["company_id"], data["username"], password,
                           data["api_source_id"], timeout=current_app.config["EXELARE_TIMEOUT_SECONDS"], **hooks)
    try:
        with client:
            client.verify()
    except exelare_errors.AuthenticationError:
        raise ValidationFailed(
            "Exelare refused these credentials: check the username, password and Company ID.",
            {"password": "Exelare refused the username, password or Company ID."}) from None
    except exelare_errors.RateLimitError as err:
        raise ExelareRefused(f"Exelare is throttling this account; try again in "
                             f"{int(err.retry_after or 60)} seconds.") from None
    except (exelare_errors.APIConnectionError, exelare_errors.APIError) as err:
        raise ExelareRefused(f"Exelare could not be reached at {data['base_url']}: {err.message}") from None
    except exelare_errors.ExelareError as err:
        raise ValidationFailed(f"Exelare rejected the check: {err.message}", {"base_url": err.message}) from None
    except TimeoutError:
        raise ExelareRefused("Exelare's request budget is in use by the sync; try again in a minute.") from None
    verified_at = time.time()

    integration = existing or Integration(team_id=team_id)
    if existing is not None and (existing.company_id != data["company_id"]
                                 or existing.base_url != data["base_url"].rstrip("/")):
        # Another Exelare account: our record ids mean nothing there. Forget the links, so the
        # next push searches that account instead of writing into an unrelated record.
        db.session.execute(delete(ExelareLink).where(ExelareLink.team_id == team_id))
    integration.base_url = data["base_url"].rstrip("/")
    integration.username = data["username"]
    integration.password_encrypted = crypto.encrypt(password)
    integration.company_id = data["company_id"]
    integration.api_source_id = data["api_source_id"]
    integration.requests_per_minute = data.get("requests_per_minute") or 20
    integration.status = "connected"
    integration.last_error = None
    integration.last_verified_at = utcnow()
    db.session.add(integration)
    db.session.flush()
    if existing is None:
        db.session.add(ExelareRequest(integration_id=integration.id, at=verified_at))
    db.session.commit()
    log.info("exelare integration connected for team %s (company %s)", team_id, integration.company_id)
    # Jobs paused by an earlier 401 resume now.
    from . import jobs
    jobs.wake(integration)
    return integration


def deactivate(team_id):
    integration = get_integration(team_id)
    if integration is None:
        raise NotFound("Exelare is not connected.")
    integration.status = "inactive"
    integration.password_encrypted = ""
    integration.last_error = None
    db.session.commit()


def limiter_for(integration):
    """The integration's share of Exelare's limit, common to every process that calls Exelare."""
    return RateLimiter(db.engine, integration.id, integration.requests_per_minute,
                       current_app.config["EXELARE_WINDOW_SECONDS"])


def mark_error(integration, message):
    integration.status = "error"
    integration.last_error = message
    db.session.commit()
