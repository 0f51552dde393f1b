"""The imperative shell of a sync: drain one integration's jobs against Exelare.

One drainer per integration at a time (a lease row, so a dead worker's lease
expires); it picks due jobs in priority order, runs each, and writes state
only after Exelare confirmed the write. Failures are classified once, in
``classify``: the only place that decides retry, pause, or fail.
"""
import logging
import os
import socket
import time
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from . import sync
from .exelare import errors as xe
from .extensions import db
from .models import Integration, SyncJob, utcnow
from .services import integrations as integration_service
from .services import jobs as job_service
from .sync_execute import JobFailed, execute_job

log = logging.getLogger(__name__)
OWNER = f"{socket.gethostname()}:{os.getpid()}"
# Waits for a rate-limit slot shorter than this happen in place; longer ones yield the thread.
YIELD_AFTER_SECONDS = 1.0
# search + other-entity search + create, or view + update: a job starts only when it can finish.
MAX_CALLS_PER_RECORD_JOB = 3


class _Pause(Exception):
    """Stop draining this integration for ``delay`` seconds (throttled, or credentials refused)."""

    def __init__(self, delay=None):
        super().__init__()
        self.delay = delay


def classify(err):
    """-> 'throttled' | 'auth' | 'retry' | 'fatal' for one Exelare failure."""
    if isinstance(err, xe.RateLimitError):
        return "throttled"
    if isinstance(err, xe.AuthenticationError):
        return "auth"
    if getattr(err, "retriable", False):
        return "retry"
    return "fatal"


def _take_lease(integration_id, owner, seconds):
    now = utcnow()
    result = db.session.execute(update(Integration).where(
        Integration.id == integration_id,
        or_(Integration.lease_until.is_(None), Integration.lease_until < now, Integration.lease_owner == owner),
    ).values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds)))
    db.session.commit()
    return result.rowcount == 1


def _drop_lease(integration_id, owner):
    db.session.execute(update(Integration).where(
        Integration.id == integration_id, Integration.lease_owner == owner).values(lease_until=None, lease_owner=None))
    db.session.commit()


def _next_job(team_id):
    return db.session.scalar(select(SyncJob).where(
        SyncJob.team_id == team_id, SyncJob.status == "queued",
        SyncJob.next_attempt_at <= utcnow(), SyncJob.waiting_reason.is_(None),
    ).order_by(*job_service.pick_order()).limit(1))


def drain(integration_id, owner=None, slice_seconds=None):
    """Run due jobs for one integration until none is due or the time slice ends.

    Returns the number of jobs run. Re-enqueues itself when work remains, so
    a big backlog yields its worker thread to other teams between slices.
    """
    config = current_app.config
    # Unique per call: two threads of one process must not share a lease.
    owner = f"{owner or OWNER}:{uuid.uuid4().hex[:8]}"
    slice_seconds = config["SYNC_SLICE_SECONDS"] if slice_seconds is None else slice_seconds
    lease_seconds = config["SYNC_JOB_TIMEOUT_SECONDS"]
    if not _take_lease(integration_id, owner, lease_seconds):
        return 0
    ran, reschedule = 0, None
    try:
        integration = db.session.get(Integration, integration_id)
        if integration is None or integration.status != "connected":
            return 0
        limiter = integration_service.limiter_for(integration)
        current = {}

        def before_request(operation):
            limiter.acquire(max_wait=limiter.window * 2, on_wait=_yield_if_others_wait, step=YIELD_AFTER_SECONDS)
            if operation == "create" and current.get("job") is not None:
                # From here on the create may reach Exelare: a retry must search before creating.
                current["job"].create_sent_at = utcnow()
                db.session.commit()

        client = integration_service.client_for(
            integration, before_request=before_request, after_request=lambda op: limiter.release())
        started = time.monotonic()
        with client:
            while time.monotonic() - started < slice_seconds:
                db.session.refresh(integration)
                if integration.status != "connected":
                    break   # deactivated, or credentials refused, while this drain ran
                job = _next_job(integration.team_id)
                if job is None:
                    break
                current["job"] = job
                wait = _wait_for_budget(limiter, job, slice_end=started + slice_seconds)
                if wait:
                    # Someone else needs this worker thread: give it up and come
                    # back when the window has room.
                    reschedule = wait
                    break
                try:
                    _run_one(job, client, integration)
                except _Pause as pause:
                    reschedule = pause.delay
                    break
                ran += 1
                _take_lease(integration_id, owner, lease_seconds)
            else:
                reschedule = 0
    finally:
        db.session.rollback()
        _drop_lease(integration_id, owner)
    _schedule_next(integration_id, reschedule)
    return ran


class _Yield(Exception):
    """Raised before a request when the window is full and another task needs the thread."""

    def __init__(self, wait):
        super().__init__()
        self.wait = wait


def _yield_if_others_wait(wait):
    """Called by the limiter before it sleeps: a long wait while another team waits is a yield."""
    if wait > YIELD_AFTER_SECONDS and _others_waiting():
        raise _Yield(wait)


def _others_waiting():
    """True when another task (another team's drain) is waiting for a worker thread."""
    try:
        return current_app.extensions["queue"].huey.pending_count() > 0
    except Exception:
        return True


def _wait_for_budget(limiter, job, slice_end):
    """Wait in place until the job's requests fit in the window; or return the wait to yield.

    Waiting in place keeps the integration at full pace (a reschedule costs up to
    a second of the scheduler's granularity); yielding keeps one team's backlog
    from holding a thread another team's work is waiting for.
    """
    needed = 1 if job.kind == "note" else MAX_CALLS_PER_RECORD_JOB
    while True:
        others = _others_waiting()
        # Alone, start as soon as one slot is free (later calls wait in place and use
        # every slot as it frees); with others waiting, start only a job that can finish.
        wait = limiter.wait_time(slots=needed if others else 1)
        if wait <= 0:
            return 0.0
        if wait > YIELD_AFTER_SECONDS and (others or time.monotonic() + wait > slice_end + 60):
            return wait
        time.sleep(min(wait, YIELD_AFTER_SECONDS))


def _schedule_next(integration_id, delay):
    integration = db.session.get(Integration, integration_id)
    if integration is None or integration.status != "connected":
        return
    if delay is None:
        nxt = db.session.scalar(select(SyncJob.next_attempt_at).where(
            SyncJob.team_id == integration.team_id, SyncJob.status == "queued",
            SyncJob.waiting_reason.is_(None)).order_by(SyncJob.next_attempt_at).limit(1))
        if nxt is None:
            return
        delay = max(0.0, (nxt - utcnow()).total_seconds())
    current_app.extensions["queue"].enqueue_drain(integration_id, delay=delay or None)


def _run_one(job, client, integration):
    config = current_app.config
    job.status, job.started_at = "running", utcnow()
    job.attempts += 1
    db.session.commit()
    try:
        execute_job(job, client)
    except _Yield as yielded:
        # Nothing was written for this step: the job simply waits its turn again.
        db.session.rollback()
        job_service.requeue(job, refund_attempt=True)
        db.session.commit()
        raise _Pause(yielded.wait) from None
    except JobFailed as failure:  # a business rule refused the push: no retry helps
        _finish(job, "failed" if not failure.skip else "skipped", error=failure.message)
    except TimeoutError as err:  # our own limiter could not give a slot (clock trouble)
        _retry_later(job, str(err), config)
    except xe.ExelareError as err:
        kind = classify(err)
        db.session.rollback()
        if kind == "throttled":
            delay = err.retry_after or 60.0
            job_service.requeue(  # not the job's fault: the attempt is given back
                job, next_attempt_at=utcnow() + timedelta(seconds=delay), refund_attempt=True,
                last_error=f"Exelare throttled the account (someone else is using it); waiting {delay:.0f}s.")
            db.session.commit()
            raise _Pause(delay) from None
        if kind == "auth":
            job_service.requeue(job, refund_attempt=True,
                                last_error="Paused: Exelare refused the saved credentials.")
            db.session.commit()
            integration_service.mark_error(
                integration, "Exelare refused the saved credentials (401). Save them again to resume syncing.")
            raise _Pause(None) from None
        if kind == "retry":
            _retry_later(job, f"Exelare trouble: {err.message}", config)
        else:
            _finish(job, "failed", error=f"Exelare refused the push: {err.message}")


def _retry_later(job, message, config):
    db.session.rollback()
    if job.attempts >= config["SYNC_MAX_ATTEMPTS"]:
        _finish(job, "failed", error=f"{message} (gave up after {job.attempts} attempts; retry when Exelare is back)")
        return
    delay = sync.backoff_seconds(job.attempts, config["SYNC_BACKOFF_BASE_SECONDS"])
    job_service.requeue(job, next_attempt_at=utcnow() + timedelta(seconds=delay),
                        last_error=f"{message} (attempt {job.attempts}; retrying in {delay:.0f}s)")
    db.session.commit()


def _finish(job, status, error=None):
    job.status, job.finished_at = status, utcnow()
    if error:
        job.last_error = error
    db.session.commit()
    log.info("job %s %s: %s", job.id, status, error or "")
