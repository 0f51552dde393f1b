"""Listing sync jobs for the API, with ETAs for queued ones."""
from flask import current_app
from sqlalchemy import func, select

from ..errors import NotFound
from ..extensions import db
from ..models import Campaign, Person, SyncJob
from . import jobs
from .integrations import get_integration

PRIORITY_LABEL = {0: "interactive", 1: "bulk"}


def get_job(team_id, job_id):
    job = db.session.get(SyncJob, job_id)
    if job is None or job.team_id != team_id:
        raise NotFound("No such sync job.")
    return job


def list_jobs(team_id, status=None, campaign_id=None, person_id=None, limit=50, offset=0):
    query = select(SyncJob).where(SyncJob.team_id == team_id)
    if status:
        query = query.where(SyncJob.status == status)
    if campaign_id:
        query = query.where(SyncJob.campaign_id == campaign_id)
    if person_id:
        query = query.where(SyncJob.person_id == person_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(SyncJob.updated_at.desc(), SyncJob.id.desc())
                              .limit(limit).offset(offset)).all()
    return {"items": describe_many(team_id, rows), "total": total}


def describe_many(team_id, rows):
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_({j.person_id for j in rows})))}
    campaign_ids = {j.campaign_id for j in rows if j.campaign_id}
    campaigns = {c.id: c for c in db.session.scalars(select(Campaign).where(Campaign.id.in_(campaign_ids)))}
    positions = jobs.queue_positions(team_id) if any(j.status == "queued" for j in rows) else {}
    integration = get_integration(team_id)
    window = current_app.config["EXELARE_WINDOW_SECONDS"]
    return [describe(job, people.get(job.person_id), campaigns.get(job.campaign_id), positions, integration, window)
            for job in rows]


def describe(job, person, campaign, positions, integration, window):
    eta = None
    if job.status == "queued" and job.id in positions:
        eta = jobs.eta_seconds(job, positions[job.id], integration, window)
    paused = integration is None or integration.status != "connected"
    return {
        "id": job.id, "kind": job.kind, "record_type": job.record_type, "trigger": job.trigger,
        "priority": PRIORITY_LABEL.get(job.priority, "bulk"), "status": job.status, "attempts": job.attempts,
        "last_error": job.last_error, "waiting_reason": job.waiting_reason or (
            "Paused: Exelare is not connected." if paused and job.status == "queued" else None),
        "report": job.report, "exelare_id": job.exelare_id, "action": job.action, "diff": job.diff,
        "eta_seconds": eta, "next_attempt_at": job.next_attempt_at, "created_at": job.created_at,
        "updated_at": job.updated_at, "finished_at": job.finished_at, "event_id": job.event_id,
        "person": {"id": person.id, "name": f"{person.first_name} {person.last_name}".strip()} if person else None,
        "campaign": {"id": campaign.id, "name": campaign.name} if campaign else None,
    }


def describe_one(job):
    return describe_many(job.team_id, [job])[0]
