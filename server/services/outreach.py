"""Outreach events (stage moves, notes) and "sync now"."""
from datetime import timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import sync
from ..errors import ValidationFailed
from ..extensions import db
from ..models import OutreachEvent, SyncJob, utcnow
from . import jobs
from .lookup import get_membership
from .presenters import membership_out
from .sync_state import sync_state


def _naive_utc(value):
    if value is None:
        return utcnow()
    if value.tzinfo is not None:
        try:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:  # e.g. 9999-12-31T23:59-14:00 is past the year 9999 in UTC
            raise ValidationFailed("occurred_at is out of range.", {"occurred_at": "Out of range."}) from None
    return value


def _existing(membership, external_id):
    if not external_id:
        return None
    return db.session.scalar(select(OutreachEvent).where(
        OutreachEvent.membership_id == membership.id, OutreachEvent.external_id == external_id))


def _answer(event, membership, job_list):
    return {"event": event, "membership": membership_out(membership), "jobs": job_list}


def _replay(event, membership):
    job_list = db.session.scalars(select(SyncJob).where(SyncJob.event_id == event.id).order_by(SyncJob.id)).all()
    return _answer(event, membership, job_list)


def record_event(user, campaign_id, person_id, data):
    """(answer, created). Stores the event, moves the status forward, queues what the settings say."""
    membership = get_membership(user.team_id, campaign_id, person_id)
    existing = _existing(membership, data.get("external_id"))
    if existing is not None:
        return _replay(existing, membership), False
    event = OutreachEvent(team_id=membership.team_id, membership_id=membership.id,
                          person_id=membership.person_id, type=data["type"],
                          subject=data.get("subject") or "", body=data.get("body") or "",
                          occurred_at=_naive_utc(data.get("occurred_at")), created_by_id=user.id,
                          external_id=data.get("external_id"))
    db.session.add(event)
    try:
        db.session.flush()
    except IntegrityError:  # the same external_id arrived concurrently
        db.session.rollback()
        membership = get_membership(user.team_id, campaign_id, person_id)
        return _replay(_existing(membership, data["external_id"]), membership), False
    new_status = sync.stage_after(membership.status, event.type)
    stage_moved = new_status != membership.status
    if stage_moved:
        membership.status = new_status
    job_list = jobs.on_event(event, membership, fallback_user=user, stage_moved=stage_moved)
    db.session.commit()
    return _answer(event, membership, job_list), True


def sync_now(user, campaign_id, person_id):
    membership = get_membership(user.team_id, campaign_id, person_id)
    job = jobs.sync_now(membership, user)
    db.session.commit()
    return {"job": job, "sync": sync_state(membership.person_id, membership.team_id)}
