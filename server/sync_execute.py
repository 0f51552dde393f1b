"""Execute one sync job against Exelare. Called by the drainer with a rate-limited client.

State is written only after Exelare confirmed a write, and the record id is
committed the moment Exelare returns it, so a worker killed at any point
leaves a job that is safe to run again.
"""
from sqlalchemy import select

from . import sync
from .exelare import errors as xe
from .extensions import db
from .mapping import map_person, normalise_mapping
from .models import ExelareLink, FieldMapping, Membership, OutreachEvent, Person, SyncJob, utcnow
from .settings import sync_stage_reached
from .services.effective import effective_for_membership, effective_for_person
from .services.jobs import INTERACTIVE, RECORD_LABEL, link_for, release_held_notes

OTHER = {"candidate": "contact", "contact": "candidate"}
PERSON_FIELDS = ("first_name", "middle_name", "last_name", "company", "title", "city", "state",
                 "zip_code", "country", "skills", "emails", "phones", "linkedin_url", "twitter_url",
                 "facebook_url", "github_url")


class JobFailed(Exception):
    """A push that no retry can fix (bad data, a rule); ``skip`` marks it skipped rather than failed."""

    def __init__(self, message, skip=False):
        super().__init__(message)
        self.message, self.skip = message, skip


def person_data(person):
    return {name: getattr(person, name) for name in PERSON_FIELDS}


def field_mapping(team_id, record_type):
    row = db.session.scalar(select(FieldMapping).where(
        FieldMapping.team_id == team_id, FieldMapping.record_type == record_type))
    return normalise_mapping(row.mapping if row else {}, record_type)


def search_keys(mapping):
    return tuple(f for f in mapping["lists"].get("emails", []) if f), mapping["social"].get("linkedin")


def build_plan_inputs(person_id, record_type, membership_id=None):
    """Everything the pure planner needs for one record push (also used by the preview)."""
    person = db.session.get(Person, person_id)
    eff = effective_for_person(person, db.session.get(Membership, membership_id) if membership_id else None)
    mapping = field_mapping(person.team_id, record_type)
    payload = map_person(person_data(person), mapping)
    block = eff[record_type]
    return {
        "person": person, "payload": payload, "mapping": mapping,
        "protected": list(block["protected_fields"]["value"]),
        "update_mode": eff["general"]["update_mode"]["value"],
        "merge": eff["general"]["merge_duplicates"]["value"],
        "sync_upon": block["sync_upon"]["value"],
        "only_notes_to_synced": block["only_notes_to_synced"]["value"],
        "link": link_for(person.id, record_type),
    }


def execute_job(job, client):
    if job.kind == "note":
        return _push_note(job, client)
    return _push_record(job, client)


def _push_record(job, client):
    inputs = build_plan_inputs(job.person_id, job.record_type, job.membership_id)
    payload, link, rt = inputs["payload"], inputs["link"], job.record_type
    if job.trigger not in ANY_TRIGGER and not still_wanted(job.person_id, rt):
        # Queued earlier, but the person left the campaign, or "sync as" or a trigger changed since.
        raise JobFailed(f"No campaign wants this person in Exelare as a {RECORD_LABEL[rt]} any more "
                        "(removed from the campaign, or its settings changed).", skip=True)
    if link is not None:
        if link.last_payload == payload:
            return _done(job, "none", link.record_id, diff=[], note="Unchanged since the last push: nothing sent.")
        return _update(job, client, link, inputs, current=None)
    missing = sync.missing_required(payload)
    if missing:
        raise JobFailed(f"Exelare needs {' and '.join(missing)} to create a record; fill in the person's name.")
    email_fields, linkedin_field = search_keys(inputs["mapping"])
    criteria = sync.search_criteria(payload, email_fields, linkedin_field)
    match = None
    if criteria:
        match = sync.choose_match(client.search(rt, criteria), payload, email_fields, linkedin_field)
    reports = _local_other_link_report(inputs["person"].id, rt)
    if match is not None and (inputs["merge"] or _create_may_have_reached_exelare(job)):
        # A retried create adopts the match whatever merge_duplicates says: it is
        # almost surely the record our interrupted attempt created.
        link = _savelink_for(job, inputs["person"], rt, match["RecordID"], {}, linked_by="matched")
        return _update(job, client, link, inputs, current=match, action="link", reports=reports)
    if match is not None:
        reports.append(f"A matching {RECORD_LABEL[rt]} already exists in Exelare (#{match['RecordID']}); "
                       "merge duplicates is off, so a new record was created.")
    elif inputs["merge"] and criteria and not reports and job.priority == INTERACTIVE:
        # The other-entity check costs one of the account's 20 requests a minute, so it
        # is made for interactive pushes (the recruiter reads the answer in the popup)
        # and skipped for bulk ones, which then cost 2 calls a new record.
        other = OTHER[rt]
        found = sync.choose_match(client.search(other, criteria), payload, email_fields, linkedin_field)
        if found is not None:
            reports.append(f"Also a {RECORD_LABEL[other]} in Exelare: #{found['RecordID']}.")
    # create_sent_at is committed by the runner just before the request leaves (after its
    # rate-limit slot is taken), so it never marks a create that was not sent.
    record_id = client.create(rt, payload)
    _savelink_for(job, inputs["person"], rt, record_id, payload, linked_by="created")
    plan = sync.plan_create(payload)
    return _done(job, "create", record_id, plan["diff"], reports=reports)


# Triggers that push whatever the campaign triggers say: "sync now", and edits of a synced record.
ANY_TRIGGER = ("manual", "manual_update")


def still_wanted(person_id, record_type):
    """Does any campaign of the person, as things stand now, want this record type pushed?"""
    for membership in db.session.scalars(select(Membership).where(Membership.person_id == person_id)):
        eff = effective_for_membership(membership)
        if eff["sync_as"]["value"] == record_type and sync_stage_reached(
                eff[record_type]["sync_upon"]["value"], membership.status):
            return True
    return False


def _create_may_have_reached_exelare(job):
    """This job, or an earlier push of the same record it replaced, sent a create and never
    heard back: a match found now is almost surely that record."""
    if job.create_sent_at is not None:
        return True
    return db.session.scalar(select(SyncJob.id).where(
        SyncJob.person_id == job.person_id, SyncJob.record_type == job.record_type, SyncJob.kind == "record",
        SyncJob.create_sent_at.is_not(None), SyncJob.exelare_id.is_(None), SyncJob.id != job.id).limit(1)) is not None


def _local_other_link_report(person_id, record_type):
    other = link_for(person_id, OTHER[record_type])
    if other is None:
        return []
    return [f"Also a {RECORD_LABEL[OTHER[record_type]]} in Exelare: #{other.record_id}."]


def _savelink_for(job, person, record_type, record_id, payload, linked_by):
    link = ExelareLink(team_id=person.team_id, person_id=person.id, record_type=record_type,
                       record_id=record_id, last_payload=payload, linked_by=linked_by, synced_at=utcnow())
    db.session.add(link)
    job.exelare_id = record_id
    release_held_notes(person.id, record_type)
    db.session.commit()  # the id is safe before anything else can fail
    return link


def _update(job, client, link, inputs, current, action="update", reports=()):
    payload, rt = inputs["payload"], job.record_type
    try:
        if current is None and sync.needs_current_record(payload, inputs["protected"], inputs["update_mode"]):
            current = client.view(rt, link.record_id)
        plan = sync.plan_update(payload, current, inputs["protected"], inputs["update_mode"],
                                last_payload=link.last_payload if current is None else None)
        if plan["send"]:
            client.update(rt, link.record_id, plan["send"])
    except xe.NotFoundError:
        record_id = link.record_id
        db.session.delete(link)
        db.session.commit()
        raise JobFailed(f"The linked {RECORD_LABEL[rt]} #{record_id} no longer exists in Exelare; "
                        "retry to create it again.") from None
    link.last_payload, link.synced_at = payload, utcnow()
    if not plan["send"] and action == "update":
        action = "none"
    return _done(job, action, link.record_id, plan["diff"], reports=list(reports))


def _done(job, action, record_id, diff, reports=(), note=None):
    job.status, job.finished_at = "synced", utcnow()
    job.action, job.exelare_id, job.diff = action, record_id, diff
    job.report = " ".join(list(reports) + ([note] if note else [])) or None
    job.last_error = None
    db.session.commit()


def _push_note(job, client):
    event = db.session.get(OutreachEvent, job.event_id)
    membership = db.session.get(Membership, job.membership_id) if job.membership_id else None
    rt, label = job.record_type, RECORD_LABEL[job.record_type]
    link = link_for(job.person_id, rt)
    record_id = link.record_id if link else None
    if record_id is None:
        inputs = build_plan_inputs(job.person_id, job.record_type, job.membership_id)
        if not inputs["only_notes_to_synced"]:
            email_fields, linkedin_field = search_keys(inputs["mapping"])
            criteria = sync.search_criteria(inputs["payload"], email_fields, linkedin_field)
            match = sync.choose_match(client.search(rt, criteria), inputs["payload"], email_fields,
                                      linkedin_field) if criteria else None
            record_id = match["RecordID"] if match else None
        if record_id is None:
            job.status, job.attempts = "queued", job.attempts - 1
            job.waiting_reason = f"Held until the {label} record syncs."
            db.session.commit()
            return
    campaign_name = membership.campaign.name if membership else ""
    note = sync.note_payload({"type": event.type, "subject": event.subject, "body": event.body,
                              "occurred_at": event.occurred_at.isoformat()}, campaign_name)
    client.add_note(rt, record_id, note["subject"], note["body"], note["note_type"], note["date"])
    _done(job, "note", record_id, diff=None)
