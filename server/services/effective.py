"""Loads the layers from the database and hands them to the pure resolver."""
from ..extensions import db
from ..models import User
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
    return effective_settings(campaign_team(campaign), owner, campaign, membership)


def campaign_team(campaign):
    from ..models import Team
    return db.session.get(Team, campaign.team_id)


def values(block):
    """{key: {value, source, locked}} -> {key: value}"""
    return {key: entry["value"] for key, entry in block.items()}
