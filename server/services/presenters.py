"""Answer documents shared by the people, membership and event endpoints.

They return plain dicts of model objects and computed values; the view's
response schema turns them into JSON. Users are loaded in one query per
answer, not one per row.
"""
from sqlalchemy import select

from ..extensions import db
from ..models import Campaign, Membership, User
from ..settings import resolve_settings
from .effective import effective_for_membership
from .sync_state import sync_state, sync_states


def users_by_id(ids):
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def membership_out(membership, users=None):
    users = users if users is not None else users_by_id([membership.override_set_by_id])
    return {
        "id": membership.id, "campaign_id": membership.campaign_id, "person_id": membership.person_id,
        "status": membership.status, "sync_as_override": membership.sync_as_override,
        "override_set_by": users.get(membership.override_set_by_id),
        "override_set_at": membership.override_set_at,
        "created_at": membership.created_at, "updated_at": membership.updated_at,
    }


def effective_sync_as(campaign_sync_as, override):
    """{"value", "source", "default": {"value", "source"}}: the resolver's rule, settings aside."""
    answer = resolve_settings({}, {}, {}, campaign_sync_as=campaign_sync_as, person_sync_as=override)["sync_as"]
    return {"value": answer["value"], "source": answer["source"], "default": answer["default"]}


def membership_result(membership, user):
    """The answer of every single-membership endpoint (the extension reads it)."""
    effective = effective_for_membership(membership, user)
    sync_as = effective["sync_as"]
    return {
        "membership": membership_out(membership),
        "person": membership.person,
        "effective_sync_as": {"value": sync_as["value"], "source": sync_as["source"],
                              "default": sync_as["default"]},
        "effective": effective,
        "sync": sync_state(membership.person_id, membership.team_id),
    }


def person_memberships(person):
    """[{"membership", "campaign": {id, name, sync_as}, "effective_sync_as"}], newest first."""
    rows = db.session.execute(
        select(Membership, Campaign).join(Campaign, Campaign.id == Membership.campaign_id)
        .where(Membership.person_id == person.id, Membership.team_id == person.team_id)
        .order_by(Membership.created_at.desc(), Membership.id.desc())).all()
    users = users_by_id(m.override_set_by_id for m, _ in rows)
    return [{"membership": membership_out(m, users),
             "campaign": {"id": c.id, "name": c.name, "sync_as": c.sync_as},
             "effective_sync_as": effective_sync_as(c.sync_as, m.sync_as_override)} for m, c in rows]


def people_items(rows, campaign):
    """List items for (membership, person) rows of one campaign."""
    users = users_by_id(m.override_set_by_id for m, _ in rows)
    states = sync_states([p.id for _, p in rows], campaign.team_id)
    return [{"membership": membership_out(m, users), "person": p,
             "effective_sync_as": effective_sync_as(campaign.sync_as, m.sync_as_override),
             "sync": states[p.id]} for m, p in rows]
