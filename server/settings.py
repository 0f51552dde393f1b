"""Effective sync settings: merge the layers, keep the provenance. PURE.

Layers, lowest first: system defaults < team < user < campaign; the person's
override only chooses the record type (``sync_as``). A settings *document* is
a partial nested dict ``{"general": {...}, "candidate": {...}, "contact":
{...}}`` holding only the keys that layer sets; ``None`` means "not set".

Every resolved value carries where it came from and whether its block is
locked, so the popup and the settings page can explain the answer ("Contact,
your override; campaign default: Candidate") instead of just stating it.
"""

import copy

from server.exelare.fields import RECORD_TYPES

EVENT_TYPES = (
    "email_sent", "email_opened", "link_clicked", "replied", "interested",
    "not_interested", "meeting_booked", "call_logged", "note",
)
SYNC_UPON = ("added", "replied", "interested", "never")
# Ordered: a later stage implies the earlier ones (interested implies replied).
STAGES = ("added", "replied", "interested")
UPDATE_MODES = ("always", "only_if_blank")

BLOCKS = ("general",) + RECORD_TYPES
DEFAULT_SYNC_AS = "candidate"


def _record_block_defaults():
    # A function, so candidate and contact never share one list object.
    return {
        "sync_upon": "added",
        "only_notes_to_synced": True,
        "protected_fields": [],
        "filterable_fields": ["EMail1", "uuLinkedInURL", "LastName", "CompanyName"],
        "locked": False,
    }


SYSTEM_DEFAULTS = {
    "general": {
        "sync_manual_updates": True,
        "create_notes_upon": ["replied", "interested", "meeting_booked", "note"],
        "update_mode": "always",
        "merge_duplicates": True,
        # Our extension of the design: an admin may lock the general block too.
        "locked": False,
    },
    **{record_type: _record_block_defaults() for record_type in RECORD_TYPES},
}


def _block_of(doc, block):
    """The block of a partial doc as a dict; a missing or None layer sets nothing."""
    if not isinstance(doc, dict):
        return {}
    value = doc.get(block)
    return value if isinstance(value, dict) else {}


def _lock_of(team_doc, block):
    """(locked, source) for a block. Only system and team may lock: a member
    or a campaign that could unlock a block would make the lock meaningless."""
    team_value = _block_of(team_doc, block).get("locked")
    if team_value is not None:
        return bool(team_value), "team"
    return bool(SYSTEM_DEFAULTS[block]["locked"]), "system"


def _resolve_block(block, team, user, campaign):
    locked, lock_source = _lock_of(team, block)
    layers = [("team", _block_of(team, block))]
    if not locked:
        layers += [("user", _block_of(user, block)), ("campaign", _block_of(campaign, block))]
    resolved = {}
    for key, system_value in SYSTEM_DEFAULTS[block].items():
        if key == "locked":
            resolved[key] = {"value": locked, "source": lock_source, "locked": locked}
            continue
        value, source = system_value, "system"
        for layer_name, layer in layers:
            # Keys absent from SYSTEM_DEFAULTS are never looked at: stored
            # docs from older versions may carry keys we no longer know.
            if layer.get(key) is not None:
                value, source = layer[key], layer_name
        # Deep copies: callers mutate answers; SYSTEM_DEFAULTS and the
        # stored layers must not change under them.
        resolved[key] = {"value": copy.deepcopy(value), "source": source, "locked": locked}
    return resolved


def _check_record_type(value, what):
    if value is not None and value not in RECORD_TYPES:
        raise ValueError(f"{what} must be one of {RECORD_TYPES} or None, not {value!r}")


def resolve_settings(team, user, campaign, campaign_sync_as=None, person_sync_as=None):
    """Merge system < team < user < campaign (< person for sync_as) into one answer.

    Returns ``{"sync_as": {...}, "general": {...}, "candidate": {...},
    "contact": {...}, "record": {...}}``: each block maps every known key to
    ``{"value", "source", "locked"}``; ``record`` is a copy of the block of
    the effective record type. ``sync_as`` is ``{"value", "source",
    "locked": False, "default": {"value", "source"}}`` where ``default`` is
    the answer without the person's override. Nothing locks the record-type
    choice itself; a lock only freezes the values inside a block.

    Raises ValueError for a sync_as that is not a record type: it comes
    from validated storage, so a bad one is a bug, not user input.
    """
    _check_record_type(campaign_sync_as, "campaign_sync_as")
    _check_record_type(person_sync_as, "person_sync_as")
    default = {"value": DEFAULT_SYNC_AS, "source": "system"}
    if campaign_sync_as is not None:
        default = {"value": campaign_sync_as, "source": "campaign"}
    effective = dict(default)
    if person_sync_as is not None:
        effective = {"value": person_sync_as, "source": "person"}
    result = {"sync_as": {**effective, "locked": False, "default": default}}
    for block in BLOCKS:
        result[block] = _resolve_block(block, team, user, campaign)
    result["record"] = copy.deepcopy(result[effective["value"]])
    return result


def locked_keys_in(doc, team_doc):
    """Dotted names of the keys in a user/campaign doc that it may not set.

    A key is refused when the team locked its block, and ``locked`` is
    refused everywhere (only admins set it, through the team doc). Setting a
    key to None counts too: it is still a change to a locked block. A whole
    block set to None in a locked block is reported by the block name.
    Order follows BLOCKS, then the doc's own key order, so the first name is
    the one a 403 message should mention.
    """
    if not isinstance(doc, dict):
        return []
    found = []
    for block in BLOCKS:
        if block not in doc:
            continue
        keys = doc[block]
        if _lock_of(team_doc, block)[0]:
            if isinstance(keys, dict):
                found.extend(f"{block}.{key}" for key in keys)
            else:
                found.append(block)
        elif isinstance(keys, dict) and "locked" in keys:
            found.append(f"{block}.locked")
    return found


def sync_stage_reached(sync_upon, stage):
    """Whether a person at ``stage`` should be synced under ``sync_upon``.

    Stages are cumulative: someone interested has replied and was added.
    """
    if sync_upon not in SYNC_UPON:
        raise ValueError(f"sync_upon must be one of {SYNC_UPON}, not {sync_upon!r}")
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, not {stage!r}")
    if sync_upon == "never":
        return False
    return STAGES.index(stage) >= STAGES.index(sync_upon)


def merge_docs(base, patch):
    """Deep-merge a partial doc into a stored layer; returns a new dict.

    Dicts merge key by key; any other value (lists included) replaces the
    stored one; None removes the key from the layer, so the next layer down
    shows through again. Blocks left empty are dropped, which keeps stored
    docs equal to "only the keys this layer sets". Inputs are not mutated.
    """
    merged = copy.deepcopy(base) if isinstance(base, dict) else {}
    if not isinstance(patch, dict):
        return merged
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict):
            sub = merge_docs(merged.get(key) if isinstance(merged.get(key), dict) else {}, value)
            if sub:
                merged[key] = sub
            else:
                merged.pop(key, None)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
