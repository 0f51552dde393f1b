"""Sync jobs: created in the same transaction as the change that causes them.

Services call the ``on_*`` functions before committing; after the commit an
SQLAlchemy listener wakes a worker for each team touched. If that wake-up is
lost (a crash between commit and enqueue), the sweeper finds the job:
nothing depends on the wake-up arriving.
"""
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, func, or_, select, update
from sqlalchemy.orm import Session

from .. import sync
from ..extensions import db
from ..models import ExelareLink, Integration, Membership, SyncJob, utcnow
from ..settings import sync_stage_reached
from .effective import effective_for_membership, effective_for_person

log = logging.getLogger(__name__)
INTERACTIVE, BULK = 0, 1
RECORD_LABEL = {"candidate": "Candidate", "contact": "Contact"}


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session):
    teams = session.info.pop("wake_teams", None)
    if not teams:
        return
    try:
        with db.engine.connect() as conn:  # the committed session must not start a transaction here
            ids = conn.execute(select(Integration.id).where(
                Integration.team_id.in_(sorted(teams)), Integration.status == "connected")).scalars().all()
        for integration_id in ids:
            current_app.extensions["queue"].enqueue_drain(integration_id)
    except Exception:  # the sweeper re-enqueues: a failed wake-up loses nothing
        log.warning("could not wake the sync worker; the sweeper will", exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget_wake(session):
    session.info.pop("wake_teams", None)


def _wake(team_id):
    db.session.info.setdefault("wake_teams", set()).add(team_id)


def enqueue_record(person, record_type, trigger, priority=BULK, membership=None):
    """Queue a push of the person's record, coalescing into a queued job if one exists."""
    job = db.session.scalar(select(SyncJob).where(
        SyncJob.person_id == person.id, SyncJob.record_type == record_type,
        SyncJob.kind == "record", SyncJob.status == "queued"))
    if job is None:
        job = SyncJob(team_id=person.team_id, kind="record", person_id=person.id,
                      record_type=record_type, trigger=trigger, priority=priority,
                      membership_id=membership.id if membership else None,
                      campaign_id=membership.campaign_id if membership else None,
                      status="queued", attempts=0, next_attempt_at=utcnow(), order_at=utcnow())
        db.session.add(job)
    else:
        job.priority = min(job.priority, priority)
        if trigger == "manual":
            job.trigger = "manual"   # "sync now" pushes whatever the trigger, also when merged
        if priority == INTERACTIVE:
            job.next_attempt_at = min(job.next_attempt_at, utcnow())
    _wake(person.team_id)
    return job


def _decision(membership, fallback_user=None):
    eff = effective_for_membership(membership, fallback_user)
    record_type = eff["sync_as"]["value"]
    return eff, record_type


def on_membership_changed(membership, trigger, interactive=False, fallback_user=None):
    """A person joined a campaign, moved stage, or had "sync as" changed: sync if the trigger says so."""
    eff, record_type = _decision(membership, fallback_user)
    _supersede_other_type(membership, record_type, fallback_user)
    sync_upon = eff[record_type]["sync_upon"]["value"]
    if sync_stage_reached(sync_upon, membership.status):
        return enqueue_record(membership.person, record_type, trigger,
                              INTERACTIVE if interactive else BULK, membership)
    return None


def _supersede_other_type(membership, record_type, fallback_user):
    """"Sync as" now says ``record_type``: a queued push as the other type is dropped (with
    the reason), unless another campaign of the person still wants that type, and this
    membership's queued notes follow the person to the new record type."""
    other = "contact" if record_type == "candidate" else "candidate"
    wanted_elsewhere = any(
        _decision(m, fallback_user)[1] == other
        for m in db.session.scalars(select(Membership).where(
            Membership.person_id == membership.person_id, Membership.id != membership.id)))
    if not wanted_elsewhere:
        for job in db.session.scalars(select(SyncJob).where(
                SyncJob.person_id == membership.person_id, SyncJob.kind == "record",
                SyncJob.record_type == other, SyncJob.status == "queued")):
            job.status, job.finished_at = "skipped", utcnow()
            job.last_error = f"Superseded: sync as is now {RECORD_LABEL[record_type]}."
    notes = db.session.scalars(select(SyncJob).where(
        SyncJob.membership_id == membership.id, SyncJob.kind == "note",
        SyncJob.status == "queued", SyncJob.record_type == other)).all()
    if notes:
        eff, _ = _decision(membership, fallback_user)
        for note in notes:
            note.record_type = record_type
            _hold_or_skip_note(note, eff, membership.person_id)


def on_user_settings_changed(user):
    """Re-decide the memberships whose settings are this user's (the people they added)."""
    return _redecide(Membership.added_by_id == user.id)


def on_team_settings_changed(team):
    """Re-decide every membership of the team (bulk): a changed trigger may make people due."""
    return _redecide(Membership.team_id == team.id)


def _redecide(which):
    return [job for membership in db.session.scalars(select(Membership).where(which))
            if (job := on_membership_changed(membership, "settings_changed")) is not None]


def sync_now(membership, fallback_user=None):
    """Push now, whatever the trigger (the popup's and the campaign page's "Sync now")."""
    _, record_type = _decision(membership, fallback_user)
    return enqueue_record(membership.person, record_type, "manual", INTERACTIVE, membership)


def on_event(outreach_event, membership, fallback_user=None, stage_moved=True):
    """An outreach event: a record push if it moved the stage to the trigger, and maybe a note."""
    jobs = []
    if stage_moved:
        record_job = on_membership_changed(membership, outreach_event.type, fallback_user=fallback_user)
        if record_job is not None:
            jobs.append(record_job)
    eff, record_type = _decision(membership, fallback_user)
    if outreach_event.type not in eff["general"]["create_notes_upon"]["value"]:
        return jobs
    note = SyncJob(team_id=membership.team_id, kind="note", person_id=membership.person_id,
                   membership_id=membership.id, campaign_id=membership.campaign_id,
                   event_id=outreach_event.id, record_type=record_type, trigger=outreach_event.type,
                   priority=BULK, status="queued", attempts=0, next_attempt_at=utcnow(),
                   order_at=outreach_event.occurred_at)
    _hold_or_skip_note(note, eff, membership.person_id)
    db.session.add(note)
    _wake(membership.team_id)
    jobs.append(note)
    return jobs


def _hold_or_skip_note(note, eff, person_id):
    """The same rule wherever a note gets its record type: skipped with the reason when that
    type never syncs; held when only synced records take notes and this one is not synced yet."""
    record_type, label = note.record_type, RECORD_LABEL[note.record_type]
    note.waiting_reason = None
    if eff[record_type]["sync_upon"]["value"] == "never":
        note.status, note.finished_at = "skipped", utcnow()
        note.last_error = f"{label}s never sync to Exelare (sync upon: never), so the note has no record."
    elif eff[record_type]["only_notes_to_synced"]["value"] and link_for(person_id, record_type) is None:
        note.waiting_reason = f"Held until the {label} record syncs (only notes to synced records)."


def on_person_edited(person, memberships, fallback_user=None):
    """A manual edit. Records already in Exelare are pushed when sync_manual_updates is on;
    a push already wanted but not done (running, or failed, e.g. for a missing name) is
    pushed again in any case, so the edit is not lost."""
    latest = max(memberships, key=lambda m: m.updated_at, default=None)
    types = set()
    links = db.session.scalars(select(ExelareLink).where(ExelareLink.person_id == person.id)).all()
    if links and effective_for_person(person, latest, fallback_user)["general"]["sync_manual_updates"]["value"]:
        types.update(link.record_type for link in links)
    unfinished = db.session.scalars(select(SyncJob.record_type).where(
        SyncJob.person_id == person.id, SyncJob.kind == "record",
        SyncJob.status.in_(("running", "failed")), SyncJob.exelare_id.is_(None))).all()
    types.update(rt for rt in unfinished if link_for(person.id, rt) is None)
    return [enqueue_record(person, rt, "manual_update", INTERACTIVE, latest) for rt in sorted(types)]


def link_for(person_id, record_type):
    """The person's Exelare record of this type, if we hold one."""
    return db.session.scalar(select(ExelareLink).where(
        ExelareLink.person_id == person_id, ExelareLink.record_type == record_type))


def release_held_notes(person_id, record_type):
    """The record is in Exelare now: held notes may go, oldest first (the pick order)."""
    db.session.execute(update(SyncJob).where(
        SyncJob.person_id == person_id, SyncJob.record_type == record_type, SyncJob.kind == "note",
        SyncJob.status == "queued", SyncJob.waiting_reason.is_not(None)).values(waiting_reason=None))


def requeue(job, next_attempt_at=None, last_error=None, refund_attempt=False):
    """Put a job back in the queue. A record job whose person already has a newer queued
    push (made while this one ran) gives way to it: that one reads the newer data, and
    inherits what makes a retry safe (a create that may have reached Exelare)."""
    if refund_attempt:
        job.attempts -= 1
    if job.kind == "record":
        twin = db.session.scalar(select(SyncJob).where(
            SyncJob.person_id == job.person_id, SyncJob.record_type == job.record_type,
            SyncJob.kind == "record", SyncJob.status == "queued", SyncJob.id != job.id))
        if twin is not None:
            twin.priority = min(twin.priority, job.priority)
            twin.create_sent_at = twin.create_sent_at or job.create_sent_at
            job.status, job.finished_at = "skipped", utcnow()
            job.last_error = f"Superseded by job #{twin.id}, which pushes the newer data."
            _wake(job.team_id)
            return twin
    job.status = "queued"
    job.next_attempt_at = next_attempt_at or utcnow()
    if last_error is not None:
        job.last_error = last_error
    return job


def retry(job):
    """Put a failed job back in the queue with a fresh set of attempts."""
    from ..errors import Conflict
    if job.status != "failed":
        raise Conflict(f"Only failed jobs can be retried; this one is {job.status}.")
    if job.kind == "record":
        queued = db.session.scalar(select(SyncJob).where(
            SyncJob.person_id == job.person_id, SyncJob.record_type == job.record_type,
            SyncJob.kind == "record", SyncJob.status == "queued"))
        if queued is not None:
            # A newer push is already waiting and will send the current data.
            queued.priority = INTERACTIVE
            job.status, job.last_error = "skipped", f"Superseded by job #{queued.id}."
            _wake(job.team_id)
            db.session.commit()
            return queued
    job.status, job.attempts, job.priority = "queued", 0, INTERACTIVE
    job.next_attempt_at, job.finished_at = utcnow(), None
    _wake(job.team_id)
    db.session.commit()
    return job


def wake(integration):
    try:
        current_app.extensions["queue"].enqueue_drain(integration.id)
    except Exception:
        log.warning("could not wake the sync worker; the sweeper will", exc_info=True)


def sweep(queue):
    """Recover from crashes: stale running jobs go back to queued; idle backlogs get a worker."""
    now = utcnow()
    timeout = timedelta(seconds=current_app.config["SYNC_JOB_TIMEOUT_SECONDS"])
    stale = db.session.scalars(select(SyncJob).join(Integration, Integration.team_id == SyncJob.team_id).where(
        SyncJob.status == "running", SyncJob.started_at < now - timeout,
        or_(Integration.lease_until.is_(None), Integration.lease_until < now))).all()
    for job in stale:
        if job.attempts >= current_app.config["SYNC_MAX_ATTEMPTS"]:
            job.status, job.finished_at = "failed", now
            job.last_error = f"The worker stopped while pushing, {job.attempts} times; giving up (retry to try again)."
            continue
        log.warning("job %s was running on a worker that stopped; re-queued", job.id)
        requeue(job, last_error="The worker stopped while pushing; retrying (a retried create searches first).")
    # A note held while its record was being linked at the same moment is released here.
    linked = select(ExelareLink.id).where(ExelareLink.person_id == SyncJob.person_id,
                                          ExelareLink.record_type == SyncJob.record_type).exists()
    db.session.execute(update(SyncJob).where(
        SyncJob.kind == "note", SyncJob.status == "queued", SyncJob.waiting_reason.is_not(None), linked
    ).values(waiting_reason=None).execution_options(synchronize_session=False))
    db.session.commit()
    due = db.session.scalars(select(Integration.id).where(
        Integration.status == "connected",
        or_(Integration.lease_until.is_(None), Integration.lease_until < now),
        select(SyncJob.id).where(SyncJob.team_id == Integration.team_id, SyncJob.status == "queued",
                                 SyncJob.next_attempt_at <= now, SyncJob.waiting_reason.is_(None)).exists(),
    )).all()
    for integration_id in due:
        queue.enqueue_drain(integration_id)
    return len(due)


def queue_positions(team_id):
    """{job id: number of due jobs ahead of it} in the order the worker picks them."""
    rows = db.session.execute(select(SyncJob.id).where(
        SyncJob.team_id == team_id, SyncJob.status == "queued", SyncJob.waiting_reason.is_(None)
    ).order_by(*pick_order())).scalars().all()
    return {job_id: index for index, job_id in enumerate(rows)}


def pick_order():
    # Interactive before bulk; a record before its notes; notes in event order.
    return (SyncJob.priority, SyncJob.kind.desc(), SyncJob.order_at, SyncJob.id)


def eta_seconds(job, position, integration, window_seconds):
    if integration is None or integration.status != "connected":
        return None
    wait = max(0.0, (job.next_attempt_at - utcnow()).total_seconds())
    return round(sync.estimate_eta(position, integration.requests_per_minute, window_seconds,
                                   not_before=wait), 1)


def count_queued(team_id):
    return db.session.scalar(select(func.count(SyncJob.id)).where(
        SyncJob.team_id == team_id, SyncJob.status == "queued")) or 0

