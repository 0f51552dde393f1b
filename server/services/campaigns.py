"""Campaigns: CRUD, the creator-or-admin rule, and re-deciding members when "sync as" changes."""
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from ..errors import Forbidden
from ..extensions import db
from ..models import Campaign, Membership, OutreachEvent, SyncJob, Team
from ..settings import merge_docs
from . import jobs
from .effective import effective_settings
from .lookup import get_campaign
from .presenters import users_by_id
from .settings_service import refuse_locked


def _counts(campaign_ids):
    if not campaign_ids:
        return {}
    rows = db.session.execute(select(Membership.campaign_id, func.count(Membership.id))
                              .where(Membership.campaign_id.in_(campaign_ids))
                              .group_by(Membership.campaign_id)).all()
    return dict(rows)


def _present(campaigns, user):
    team = db.session.get(Team, user.team_id)
    counts = _counts([c.id for c in campaigns])
    users = users_by_id(c.created_by_id for c in campaigns)
    return [{
        "id": c.id, "name": c.name, "type": c.type, "sync_as": c.sync_as, "settings": c.settings or {},
        "created_by": users.get(c.created_by_id), "created_at": c.created_at, "updated_at": c.updated_at,
        "people_count": counts.get(c.id, 0), "effective": effective_settings(team, user, c),
    } for c in campaigns]


def team_campaigns(team_id):
    """Every campaign of the team, newest first."""
    return db.session.scalars(select(Campaign).where(Campaign.team_id == team_id)
                              .order_by(Campaign.created_at.desc(), Campaign.id.desc())).all()


def list_campaigns(user):
    return {"items": _present(team_campaigns(user.team_id), user)}


def get(user, campaign_id):
    return _present([get_campaign(user.team_id, campaign_id)], user)[0]


def create(user, data):
    team = db.session.get(Team, user.team_id)
    refuse_locked(data.get("settings"), team.settings, "settings")
    campaign = Campaign(team_id=team.id, created_by_id=user.id, name=data["name"],
                        type=data.get("type", "email"), sync_as=data.get("sync_as", "candidate"),
                        settings=merge_docs({}, data.get("settings") or {}))
    db.session.add(campaign)
    db.session.commit()
    return _present([campaign], user)[0]


def _editable(user, campaign_id):
    campaign = get_campaign(user.team_id, campaign_id)
    if not user.is_admin and campaign.created_by_id != user.id:
        raise Forbidden("Only the campaign's creator or a team admin can change or delete it.")
    return campaign


def update_campaign(user, campaign_id, data):
    """Change what was given; when "sync as" or settings change, every member is decided again."""
    campaign = _editable(user, campaign_id)
    team = db.session.get(Team, user.team_id)
    if "settings" in data:
        refuse_locked(data["settings"], team.settings, "settings")
    decision_changed = False
    for key in ("name", "type", "sync_as"):
        if key in data and getattr(campaign, key) != data[key]:
            setattr(campaign, key, data[key])
            decision_changed |= key == "sync_as"
    if "settings" in data:
        merged = merge_docs(campaign.settings or {}, data["settings"])
        if merged != (campaign.settings or {}):
            campaign.settings = merged
            decision_changed = True
    if decision_changed:
        db.session.flush()
        members = db.session.scalars(select(Membership).where(Membership.campaign_id == campaign.id)
                                     .options(selectinload(Membership.person))).all()
        for membership in members:
            jobs.on_membership_changed(membership, "campaign_changed")
    db.session.commit()
    return _present([campaign], user)[0]


def delete_memberships(membership_ids):
    """Delete memberships as the foreign keys say (events cascade, jobs keep their history).

    Spelled out because SQLite does not enforce foreign keys unless asked.
    """
    if not membership_ids:
        return
    event_ids = select(OutreachEvent.id).where(OutreachEvent.membership_id.in_(membership_ids))
    db.session.execute(delete(SyncJob).where(SyncJob.event_id.in_(event_ids)))
    db.session.execute(update(SyncJob).where(SyncJob.membership_id.in_(membership_ids)).values(membership_id=None))
    db.session.execute(delete(OutreachEvent).where(OutreachEvent.membership_id.in_(membership_ids)))
    db.session.execute(delete(Membership).where(Membership.id.in_(membership_ids)))


def delete_campaign(user, campaign_id):
    campaign = _editable(user, campaign_id)
    ids = db.session.scalars(select(Membership.id).where(Membership.campaign_id == campaign.id)).all()
    delete_memberships(ids)
    db.session.execute(update(SyncJob).where(SyncJob.campaign_id == campaign.id).values(campaign_id=None))
    db.session.delete(campaign)
    db.session.commit()
