"""Reading and writing the settings layers: team defaults, my preferences, campaigns.

The merge and the lock rules are server.settings (pure); this module loads
the layers, refuses locked keys, and stores the merged documents.
"""
from marshmallow import ValidationError

from ..errors import Locked, ValidationFailed, flatten_messages
from ..extensions import db
from ..models import Team
from ..schemas.settings import validate_settings_doc
from ..settings import locked_keys_in, merge_docs
from ..exelare.fields import RECORD_TYPES
from . import jobs
from .effective import effective_for_membership, effective_settings
from .lookup import find_membership, get_campaign, get_person


def _team(user):
    return db.session.get(Team, user.team_id)


def load_doc(doc, prefix=""):
    """A validated partial settings doc, or 422 naming each bad key (dotted)."""
    try:
        return validate_settings_doc(doc if doc is not None else {})
    except ValidationError as err:
        fields = flatten_messages(err.messages, prefix)
        summary = "; ".join(f"{name}: {text}" for name, text in sorted(fields.items()))
        raise ValidationFailed(f"Invalid settings ({summary})", fields) from None


def _without_removals(doc):
    """Removing a value (null) is always allowed: it lets a stale key be cleaned after a lock."""
    kept = {}
    for block, values in (doc or {}).items():
        if isinstance(values, dict):
            values = {key: value for key, value in values.items() if value is not None or key == "locked"}
            if values:
                kept[block] = values
    return kept


def refuse_locked(doc, team_settings, prefix=""):
    """403 "locked" when a user or campaign doc touches what the team admin locked."""
    keys = locked_keys_in(_without_removals(doc), team_settings or {})
    if not keys:
        return

    def message(key):
        if key.endswith(".locked"):
            return f"{key} can only be set by a team admin, in the team settings"
        return f"{key} is locked by your team admin"

    name = (lambda key: f"{prefix}.{key}") if prefix else (lambda key: key)
    raise Locked(message(keys[0]), {name(key): message(key) + "." for key in keys})


def team_settings(user):
    team = _team(user)
    return {"settings": team.settings or {}, "effective": effective_settings(team)}


def update_team_settings(user, doc):
    """Admin only (checked by the view): merge a partial doc into the team defaults."""
    doc = load_doc(doc)
    team = _team(user)
    before = _triggers(effective_settings(team))
    team.settings = merge_docs(team.settings or {}, doc)
    if _triggers(effective_settings(team)) != before:
        # A trigger or a lock changed (say from never to added): people already in campaigns may be due now.
        jobs.on_team_settings_changed(team)
    db.session.commit()
    return team_settings(user)


def my_settings(user):
    return {"settings": user.preferences or {}, "effective": effective_settings(_team(user), user)}


def update_my_settings(user, doc):
    """Merge a partial doc into my preferences; keys the team locked are refused (403)."""
    doc = load_doc(doc)
    team = _team(user)
    refuse_locked(doc, team.settings)
    before = _triggers(effective_settings(team, user))
    user.preferences = merge_docs(user.preferences or {}, doc)
    if _triggers(effective_settings(team, user)) != before:
        jobs.on_user_settings_changed(user)
    db.session.commit()
    return my_settings(user)


def _triggers(effective):
    """What decides whether people are due: each record type's trigger, and its lock."""
    return {rt: (effective[rt]["sync_upon"]["value"], effective[rt]["locked"]["value"]) for rt in RECORD_TYPES}


def effective_for(user, campaign_id=None, person_id=None):
    """The resolver's answer for a campaign and/or person of my team (404 for another team's)."""
    team = _team(user)
    campaign = get_campaign(team.id, campaign_id) if campaign_id is not None else None
    person = get_person(team.id, person_id) if person_id is not None else None
    membership = find_membership(campaign, person) if campaign and person else None
    if membership is not None:
        return effective_for_membership(membership, user)
    return effective_settings(team, user, campaign)
