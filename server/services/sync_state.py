"""Where a person stands with Exelare, per record type, for the popup and the lists.

    {"candidate": S, "contact": S}
    S = {"status": not_synced|queued|running|synced|failed|skipped, "exelare_id", "job_id",
         "eta_seconds", "last_error", "report", "synced_at", "paused"}

Built from the ExelareLink (what is in Exelare) and the latest *record* job
(what is happening now): a queued or running job, or a failure newer than
the link, is the state; otherwise the link says synced.
"""
from flask import current_app
from sqlalchemy import func, select

from ..exelare.fields import RECORD_TYPES
from ..extensions import db
from ..models import ExelareLink, SyncJob
from . import jobs
from .integrations import get_integration


def _iso(value):
    # Stored as naive UTC: say so.
    return value.isoformat() + "Z" if value is not None else None


def _failure_is_newer(job, link):
    if link is None:
        return True
    failed_at = job.finished_at or job.updated_at
    return failed_at is None or link.synced_at is None or failed_at >= link.synced_at


def _record_state(link, job, integration, positions, window):
    state = {
        "status": "not_synced", "exelare_id": link.record_id if link else None,
        "job_id": job.id if job else None, "eta_seconds": None, "last_error": None,
        "report": job.report if job else None, "synced_at": _iso(link.synced_at) if link else None,
        "paused": integration is None or integration.status != "connected",
    }
    if job is not None and (job.status in ("queued", "running")
                            or (job.status == "failed" and _failure_is_newer(job, link))):
        state["status"], state["last_error"] = job.status, job.last_error
        if job.status == "queued" and job.id in positions:
            state["eta_seconds"] = jobs.eta_seconds(job, positions[job.id], integration, window)
    elif link is not None:
        state["status"] = "synced"
    elif job is not None:
        state["status"] = job.status  # skipped, or synced without a link (should not happen)
        state["exelare_id"] = job.exelare_id
        state["last_error"] = job.last_error
    return state


def sync_states(person_ids, team_id):
    """{person_id: {"candidate": S, "contact": S}} in a fixed number of queries."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    links = db.session.scalars(select(ExelareLink).where(
        ExelareLink.team_id == team_id, ExelareLink.person_id.in_(ids))).all()
    latest_ids = select(func.max(SyncJob.id)).where(
        SyncJob.team_id == team_id, SyncJob.kind == "record", SyncJob.person_id.in_(ids),
    ).group_by(SyncJob.person_id, SyncJob.record_type)
    latest = db.session.scalars(select(SyncJob).where(SyncJob.id.in_(latest_ids))).all()
    integration = get_integration(team_id)
    positions = {}
    if any(job.status == "queued" for job in latest) and integration is not None \
            and integration.status == "connected":
        positions = jobs.queue_positions(team_id)
    window = current_app.config["EXELARE_WINDOW_SECONDS"]
    link_by = {(link.person_id, link.record_type): link for link in links}
    job_by = {(job.person_id, job.record_type): job for job in latest}
    return {
        person_id: {rt: _record_state(link_by.get((person_id, rt)), job_by.get((person_id, rt)),
                                      integration, positions, window) for rt in RECORD_TYPES}
        for person_id in ids
    }


def sync_state(person_id, team_id):
    """The sync state of one person (see the module docstring)."""
    return sync_states([person_id], team_id)[person_id]
