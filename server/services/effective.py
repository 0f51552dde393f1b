"""Loads the layers from the database and hands them to the pure resolver."""
from sqlalchemy import select

from ..extensions import db
from ..models import Membership, Team, User
from ..settings import resolve_settings


def settings_owner(membership, fallback_user=None):
    """Whose preferences apply to a membership: who added the person, else the campaign's creator."""
    for user_id in (membership.added_by_id if membership else None,
                    membership.campaign.created_by_id if membership else None):
        if user_id:
            user = db.session.get(User, user_id)
            if user is not None:
                return user
    return fallback_user


def effective_settings(team, user=None, campaign=None, membership=None):
    return resolve_settings(
        team.settings or {},
        (user.preferences if user else None) or {},
        (campaign.settings if campaign else None) or {},
        campaign_sync_as=campaign.sync_as if campaign else None,
        person_sync_as=membership.sync_as_override if membership else None,
    )


def effective_for_membership(membership, fallback_user=None):
    campaign = membership.campaign
    owner = settings_owner(membership, fallback_user)
    return effective_settings(team_of(campaign), owner, campaign, membership)


def effective_for_person(person, membership=None, fallback_user=None):
    """Settings for a push of this person: the given membership's; else those of the person's
    most recently changed membership; else, in no campaign at all, the team's defaults."""
    membership = membership or latest_membership(person.id)
    if membership is not None:
        return effective_for_membership(membership, fallback_user)
    return effective_settings(team_of(person), fallback_user)


def latest_membership(person_id):
    return db.session.scalar(select(Membership).where(Membership.person_id == person_id)
                             .order_by(Membership.updated_at.desc()).limit(1))


def team_of(row):
    """The team a row belongs to."""
    return db.session.get(Team, row.team_id)


def values(block):
    """{key: {value, source, locked}} -> {key: value}"""
    return {key: entry["value"] for key, entry in block.items()}
