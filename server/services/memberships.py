"""People in campaigns: idempotent adds (one and bulk), override/status changes, removal, listing.

A membership change and the sync job it causes are written in one transaction.
"""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Membership, Person, utcnow
from ..settings import STAGES
from . import jobs
from .campaigns import delete_memberships
from .lookup import find_membership, get_campaign, get_membership
from .people import upsert_person
from .presenters import membership_result, people_items


def _set_override(membership, value, user):
    membership.sync_as_override = value
    membership.override_set_by_id = user.id if value is not None else None
    membership.override_set_at = utcnow() if value is not None else None


def _add_one(user, campaign, item, interactive):
    """(membership, created) for one {"person", "sync_as"?, "status"?} item; queues a sync if due."""
    person, _ = upsert_person(campaign.team_id, item["person"])
    membership = find_membership(campaign, person)
    created = membership is None
    trigger = None
    if created:
        membership = Membership(team_id=campaign.team_id, campaign_id=campaign.id, person_id=person.id,
                                status=item.get("status") or "added", added_by_id=user.id)
        membership.campaign, membership.person = campaign, person
        _set_override(membership, item.get("sync_as"), user)
        db.session.add(membership)
        db.session.flush()
        trigger = "added"
    else:
        if "sync_as" in item and item["sync_as"] != membership.sync_as_override:
            _set_override(membership, item["sync_as"], user)
            trigger = "override_changed"
        status = item.get("status")
        if status and STAGES.index(status) > STAGES.index(membership.status):
            membership.status = status  # a repeated add never moves a person back
            trigger = trigger or "status_changed"
    if trigger is not None:
        jobs.on_membership_changed(membership, trigger, interactive=interactive, fallback_user=user)
    return membership, created


def _with_retry(work):
    """Run ``work`` once more if a concurrent request created the same person or membership first."""
    try:
        return work()
    except IntegrityError:
        db.session.rollback()
        return work()


def add_person(user, campaign_id, item):
    """(answer, created): add or update one person in a campaign; a repeat changes nothing."""
    def work():
        campaign = get_campaign(user.team_id, campaign_id)
        membership, created = _add_one(user, campaign, item, interactive=True)
        db.session.commit()
        return membership, created
    membership, created = _with_retry(work)
    return membership_result(membership, user), created


def add_people(user, campaign_id, items):
    """Bulk add at bulk priority: {"results": [{"person_id", "membership_id", "created"}]}."""
    def work():
        campaign = get_campaign(user.team_id, campaign_id)
        results = []
        for item in items:
            membership, created = _add_one(user, campaign, item, interactive=False)
            results.append((membership, created))
        db.session.commit()
        return results
    results = _with_retry(work)
    return {"results": [{"person_id": m.person_id, "membership_id": m.id, "created": created}
                        for m, created in results]}


def change_membership(user, campaign_id, person_id, data):
    """Set or clear the person's "sync as" override, and/or set the status."""
    membership = get_membership(user.team_id, campaign_id, person_id)
    trigger = None
    if "status" in data and data["status"] != membership.status:
        membership.status = data["status"]
        trigger = "status_changed"
    if "sync_as" in data and data["sync_as"] != membership.sync_as_override:
        _set_override(membership, data["sync_as"], user)
        trigger = "override_changed"
    if trigger is not None:
        jobs.on_membership_changed(membership, trigger, interactive=True, fallback_user=user)
    db.session.commit()
    return membership_result(membership, user)


def remove_membership(user, campaign_id, person_id):
    membership = get_membership(user.team_id, campaign_id, person_id)
    delete_memberships([membership.id])
    db.session.commit()


def list_people(user, campaign_id, limit, offset):
    campaign = get_campaign(user.team_id, campaign_id)
    total = db.session.scalar(select(func.count(Membership.id)).where(Membership.campaign_id == campaign.id))
    rows = db.session.execute(
        select(Membership, Person).join(Person, Person.id == Membership.person_id)
        .where(Membership.campaign_id == campaign.id, Membership.team_id == campaign.team_id)
        .order_by(Membership.created_at.desc(), Membership.id.desc()).limit(limit).offset(offset)).all()
    return {"items": people_items([(m, p) for m, p in rows], campaign), "total": total or 0}
