"""PURE planning of one sync: what to search, create, update or skip.

Plain data in, plain data out. The runner (sync_runner.py) asks these
functions what to do, performs the Exelare calls, and feeds the answers back.
"""
import random

from .person_keys import email_keys, linkedin_key
from .settings import STAGES

STATUS_BY_EVENT = {"replied": "replied", "interested": "interested"}


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def same_value(a, b):
    """Exelare compares text case-sensitively but callers edit whitespace freely."""
    norm = lambda v: "" if is_blank(v) else str(v).strip()
    return norm(a) == norm(b)


def stage_after(current, event_type):
    """The membership status after an event: stages only move forward."""
    target = STATUS_BY_EVENT.get(event_type)
    if target is None or STAGES.index(target) <= STAGES.index(current):
        return current
    return target


def search_criteria(payload, email_fields=("EMail1", "EMail2"), linkedin_field="uuLinkedInURL"):
    """One search, Match 'any': each email in each email field, and the LinkedIn URL."""
    criteria = []
    emails = [payload[f] for f in email_fields if not is_blank(payload.get(f))]
    for email in emails:
        for field in email_fields:
            criteria.append((field, "equals", email))
    if linkedin_field and not is_blank(payload.get(linkedin_field)):
        criteria.append((linkedin_field, "equals", payload[linkedin_field]))
    return criteria


def choose_match(records, payload, email_fields=("EMail1", "EMail2"), linkedin_field="uuLinkedInURL"):
    """The best existing record for this person: an email match first, then LinkedIn.

    Every record the search returned is checked again here, so a loose match
    on the Exelare side never links the wrong person.
    """
    emails = set(email_keys(payload.get(f) for f in email_fields))
    by_email = [r for r in records if emails & set(email_keys(r.get(f) for f in email_fields))]
    if by_email:
        return by_email[0]
    linkedin = linkedin_key(payload.get(linkedin_field)) if linkedin_field else None
    if linkedin:
        for record in records:
            if linkedin_key(record.get(linkedin_field)) == linkedin:
                return record
    return None


def needs_current_record(payload, protected_fields, update_mode):
    """An update must read the record first only if some field may have to be kept."""
    if update_mode == "only_if_blank":
        return bool(payload)
    return any(field in payload for field in protected_fields)


def plan_update(payload, current, protected_fields, update_mode, last_payload=None):
    """Fields to send on an update, and the field-by-field diff.

    ``current`` is Exelare's record (None when not read: nothing is kept then).
    A protected field, or any field under only_if_blank, keeps a non-empty
    Exelare value. Fields equal to Exelare's value are not sent.
    Returns {"send": {...}, "diff": [{field, exelare, ours, action}]} where
    action is set | kept | same.
    """
    guard_all = update_mode == "only_if_blank"
    send, diff = {}, []
    for field in sorted(payload):
        ours = payload[field]
        known = current is not None and field in current
        theirs = current.get(field) if current is not None else None
        if known and same_value(theirs, ours):
            diff.append({"field": field, "exelare": theirs, "ours": ours, "action": "same"})
        elif (guard_all or field in protected_fields) and known and not is_blank(theirs):
            diff.append({"field": field, "exelare": theirs, "ours": ours, "action": "kept"})
        elif current is None and last_payload is not None and same_value(last_payload.get(field), ours):
            # Not read from Exelare, but unchanged since our last push: no need to send.
            diff.append({"field": field, "exelare": None, "ours": ours, "action": "same"})
        else:
            send[field] = ours
            diff.append({"field": field, "exelare": theirs if known else None, "ours": ours, "action": "set"})
    return {"send": send, "diff": diff}


def plan_create(payload):
    return {"send": dict(payload),
            "diff": [{"field": f, "exelare": None, "ours": payload[f], "action": "set"} for f in sorted(payload)]}


def missing_required(payload, required=("FirstName", "LastName")):
    return [field for field in required if is_blank(payload.get(field))]


def backoff_seconds(attempt, base, cap=3600.0, rand=random.random):
    """Exponential backoff with 'equal jitter': half fixed, half random, so retries spread out."""
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay / 2 + rand() * delay / 2


def estimate_eta(position, rpm, window_seconds=60.0, calls_per_job=2.0, not_before=0.0):
    """Seconds until a queued job runs: the jobs ahead of it at the integration's rate."""
    per_call = window_seconds / max(1, rpm)
    return max(not_before, position * calls_per_job * per_call)


def note_payload(event, campaign_name):
    """Exelare note fields for an outreach event."""
    label = event["type"].replace("_", " ").capitalize()
    subject = event.get("subject") or (f"{label} ({campaign_name})" if campaign_name else label)
    return {"subject": subject[:200], "body": event.get("body") or label,
            "note_type": label, "date": event["occurred_at"]}
