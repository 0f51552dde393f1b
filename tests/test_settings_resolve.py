"""resolve_settings and friends: precedence, locks, provenance, copies."""
import copy

import pytest

from server.settings import (
    BLOCKS, EVENT_TYPES, SYNC_UPON, SYSTEM_DEFAULTS, locked_keys_in, merge_docs,
    resolve_settings, sync_stage_reached,
)

P = pytest.param
G, C, K = "general", "candidate", "contact"


def entry(resolved, block, key):
    e = resolved[block][key]
    return e["value"], e["source"], e["locked"]


def test_system_defaults_shape():
    assert SYSTEM_DEFAULTS["general"] == {
        "sync_manual_updates": True, "create_notes_upon": ["replied", "interested", "meeting_booked", "note"],
        "update_mode": "always", "merge_duplicates": True, "locked": False}
    record = {"sync_upon": "added", "only_notes_to_synced": True, "protected_fields": [],
              "filterable_fields": ["EMail1", "uuLinkedInURL", "LastName", "CompanyName"], "locked": False}
    assert SYSTEM_DEFAULTS["candidate"] == record and SYSTEM_DEFAULTS["contact"] == record
    assert SYSTEM_DEFAULTS["candidate"]["protected_fields"] is not SYSTEM_DEFAULTS["contact"]["protected_fields"]
    assert EVENT_TYPES[0] == "email_sent" and len(EVENT_TYPES) == 9
    assert SYNC_UPON == ("added", "replied", "interested", "never")


@pytest.mark.parametrize("block,key", [(b, k) for b in BLOCKS for k in SYSTEM_DEFAULTS[b]],
                         ids=lambda v: str(v))
def test_no_layers_gives_every_system_default(block, key):
    resolved = resolve_settings(None, None, None)
    assert entry(resolved, block, key) == (SYSTEM_DEFAULTS[block][key], "system", False)


# (team, user, campaign, block, key, expected value, expected source)
PRECEDENCE = [
    P({G: {"update_mode": "only_if_blank"}}, None, None, G, "update_mode", "only_if_blank", "team",
      id="system<team"),
    P(None, {C: {"sync_upon": "replied"}}, None, C, "sync_upon", "replied", "user", id="system<user"),
    P(None, None, {K: {"sync_upon": "never"}}, K, "sync_upon", "never", "campaign", id="system<campaign"),
    P({C: {"sync_upon": "replied"}}, {C: {"sync_upon": "interested"}}, None, C, "sync_upon",
      "interested", "user", id="team<user"),
    P({C: {"sync_upon": "replied"}}, None, {C: {"sync_upon": "never"}}, C, "sync_upon",
      "never", "campaign", id="team<campaign"),
    P(None, {G: {"merge_duplicates": False}}, {G: {"merge_duplicates": True}}, G, "merge_duplicates",
      True, "campaign", id="user<campaign"),
    P({K: {"protected_fields": ["JobTitle"]}}, {K: {"protected_fields": ["City"]}},
      {K: {"protected_fields": ["Country"]}}, K, "protected_fields", ["Country"], "campaign",
      id="team<user<campaign"),
    P({G: {"sync_manual_updates": False}}, {G: {"update_mode": "only_if_blank"}}, None, G,
      "sync_manual_updates", False, "team", id="user-sets-other-key-team-shows-through"),
    P({G: {"create_notes_upon": ["note"]}}, {G: {"create_notes_upon": []}}, None, G,
      "create_notes_upon", [], "user", id="empty-list-is-a-value-not-unset"),
    P({G: {"merge_duplicates": False}}, None, None, G, "merge_duplicates", False, "team",
      id="false-is-a-value-not-unset"),
    P({C: {"sync_upon": "never"}}, {C: {"sync_upon": None}}, None, C, "sync_upon", "never", "team",
      id="none-value-falls-through"),
    P({}, {}, {}, C, "sync_upon", "added", "system", id="empty-docs"),
    P({C: None}, {C: None}, {C: None}, C, "sync_upon", "added", "system", id="none-blocks"),
    P({C: {"sync_upon": "replied"}}, None, {K: {"sync_upon": "never"}}, C, "sync_upon", "replied", "team",
      id="campaign-other-block-does-not-leak"),
    P(None, {C: {"sync_upon": "interested"}}, None, K, "sync_upon", "added", "system",
      id="user-candidate-does-not-touch-contact"),
    P({C: {"nonsense": 1}, "bogus": {"x": 1}}, {G: {"unknown": True}}, None, C, "sync_upon", "added",
      "system", id="unknown-keys-ignored"),
    P("not a doc", ["nor", "this"], 42, G, "update_mode", "always", "system", id="non-dict-layers"),
]


@pytest.mark.parametrize("team,user,campaign,block,key,value,source", PRECEDENCE)
def test_precedence(team, user, campaign, block, key, value, source):
    assert entry(resolve_settings(team, user, campaign), block, key) == (value, source, False)


def test_unknown_keys_and_blocks_do_not_appear_in_output():
    resolved = resolve_settings({C: {"nonsense": 1}, "bogus": {}}, {G: {"x": 1}}, None)
    assert set(resolved) == {"sync_as", G, C, K, "record"}
    for block in BLOCKS:
        assert set(resolved[block]) == set(SYSTEM_DEFAULTS[block])


# (team, user, campaign, block, key, expected (value, source, locked))
LOCKS = [
    P({C: {"locked": True}}, {C: {"sync_upon": "replied"}}, None, C, "sync_upon",
      ("added", "system", True), id="team-locks-candidate-ignores-user"),
    P({C: {"locked": True}}, None, {C: {"sync_upon": "never"}}, C, "sync_upon",
      ("added", "system", True), id="team-locks-candidate-ignores-campaign"),
    P({C: {"locked": True, "sync_upon": "interested"}}, {C: {"sync_upon": "replied"}},
      {C: {"sync_upon": "never"}}, C, "sync_upon", ("interested", "team", True),
      id="team-locks-candidate-team-value-wins"),
    P({K: {"locked": True, "protected_fields": ["JobTitle"]}}, {K: {"protected_fields": []}}, None, K,
      "protected_fields", (["JobTitle"], "team", True), id="team-locks-contact"),
    P({G: {"locked": True}}, {G: {"update_mode": "only_if_blank"}}, {G: {"merge_duplicates": False}}, G,
      "update_mode", ("always", "system", True), id="team-locks-general"),
    P({G: {"locked": True}}, None, {G: {"merge_duplicates": False}}, G, "merge_duplicates",
      (True, "system", True), id="team-locks-general-ignores-campaign"),
    P({C: {"locked": True}}, {K: {"sync_upon": "replied"}}, None, K, "sync_upon",
      ("replied", "user", False), id="candidate-lock-leaves-contact-open"),
    P({K: {"locked": True}}, None, {C: {"sync_upon": "never"}}, C, "sync_upon",
      ("never", "campaign", False), id="contact-lock-leaves-candidate-open"),
    P({G: {"locked": True}}, {C: {"sync_upon": "replied"}}, None, C, "sync_upon",
      ("replied", "user", False), id="general-lock-leaves-records-open"),
    P(None, {C: {"locked": True, "sync_upon": "replied"}}, None, C, "sync_upon",
      ("replied", "user", False), id="user-cannot-lock"),
    P(None, None, {K: {"locked": True, "sync_upon": "never"}}, K, "sync_upon",
      ("never", "campaign", False), id="campaign-cannot-lock"),
    P({C: {"locked": True}}, {C: {"locked": False, "sync_upon": "replied"}}, None, C, "sync_upon",
      ("added", "system", True), id="user-cannot-unlock"),
    P({C: {"locked": True}}, None, {C: {"locked": False, "sync_upon": "never"}}, C, "sync_upon",
      ("added", "system", True), id="campaign-cannot-unlock"),
    P({C: {"locked": False}}, {C: {"sync_upon": "replied"}}, None, C, "sync_upon",
      ("replied", "user", False), id="team-explicit-unlock"),
    P({C: {"locked": None}}, {C: {"sync_upon": "replied"}}, None, C, "sync_upon",
      ("replied", "user", False), id="team-lock-none-is-unset"),
    P({C: {"locked": True}}, None, None, C, "locked", (True, "team", True), id="locked-entry-from-team"),
    P(None, {C: {"locked": True}}, {C: {"locked": True}}, C, "locked", (False, "system", False),
      id="locked-entry-ignores-user-and-campaign"),
    P({G: {"locked": True}}, None, None, C, "locked", (False, "system", False),
      id="general-lock-not-on-candidate-entry"),
]


@pytest.mark.parametrize("team,user,campaign,block,key,expected", LOCKS)
def test_locks(team, user, campaign, block, key, expected):
    assert entry(resolve_settings(team, user, campaign), block, key) == expected


def test_lock_flag_is_on_every_key_of_the_locked_block_only():
    resolved = resolve_settings({K: {"locked": True}}, None, None)
    assert {e["locked"] for e in resolved[K].values()} == {True}
    assert {e["locked"] for e in resolved[C].values()} == {False}
    assert {e["locked"] for e in resolved[G].values()} == {False}


# (campaign_sync_as, person_sync_as, effective (value, source), default (value, source))
SYNC_AS = [
    P(None, None, ("candidate", "system"), ("candidate", "system"), id="system-default"),
    P("contact", None, ("contact", "campaign"), ("contact", "campaign"), id="system<campaign"),
    P("candidate", None, ("candidate", "campaign"), ("candidate", "campaign"), id="campaign-same-as-system"),
    P(None, "contact", ("contact", "person"), ("candidate", "system"), id="system<person"),
    P("contact", "candidate", ("candidate", "person"), ("contact", "campaign"), id="campaign<person"),
    P("contact", "contact", ("contact", "person"), ("contact", "campaign"), id="person-agrees-with-campaign"),
]


@pytest.mark.parametrize("campaign_sync_as,person_sync_as,effective,default", SYNC_AS)
def test_sync_as(campaign_sync_as, person_sync_as, effective, default):
    resolved = resolve_settings(None, None, None, campaign_sync_as, person_sync_as)
    assert resolved["sync_as"] == {"value": effective[0], "source": effective[1], "locked": False,
                                   "default": {"value": default[0], "source": default[1]}}


@pytest.mark.parametrize("campaign_sync_as,person_sync_as", [
    P("job", None, id="bad-campaign"), P(None, "Contacts", id="entity-name-not-record-type"),
    P(None, "", id="empty-person")])
def test_bad_sync_as_is_a_bug(campaign_sync_as, person_sync_as):
    with pytest.raises(ValueError):
        resolve_settings(None, None, None, campaign_sync_as, person_sync_as)


# The user prefers "replied" for both blocks; the record block is whichever sync_as picks.
@pytest.mark.parametrize("team,campaign_sync_as,person_sync_as,expected", [
    P({K: {"sync_upon": "never"}}, None, None, ("replied", "user", False), id="default-candidate-block"),
    P({K: {"sync_upon": "never"}}, "contact", None, ("replied", "user", False), id="campaign-picks-contact"),
    P({K: {"sync_upon": "never", "locked": True}}, "candidate", "contact", ("never", "team", True),
      id="person-picks-locked-block"),
    P({C: {"sync_upon": "interested", "locked": True}}, "candidate", "contact", ("replied", "user", False),
      id="person-leaves-locked-block"),
    P({C: {"locked": True}}, None, None, ("added", "system", True), id="default-block-locked"),
])
def test_record_block_follows_effective_sync_as(team, campaign_sync_as, person_sync_as, expected):
    user = {K: {"sync_upon": "replied"}, C: {"sync_upon": "replied"}}
    resolved = resolve_settings(team, user, None, campaign_sync_as, person_sync_as)
    assert resolved["record"] == resolved[resolved["sync_as"]["value"]]
    assert entry(resolved, "record", "sync_upon") == expected


def test_person_override_into_locked_block_ignores_user_values():
    team = {K: {"locked": True, "only_notes_to_synced": False}}
    user = {K: {"only_notes_to_synced": True, "sync_upon": "never"}}
    record = resolve_settings(team, user, None, "candidate", "contact")["record"]
    assert entry({"r": record}, "r", "only_notes_to_synced") == (False, "team", True)
    assert entry({"r": record}, "r", "sync_upon") == ("added", "system", True)


def test_output_lists_are_fresh_copies():
    team = {C: {"protected_fields": ["JobTitle"]}}
    before = copy.deepcopy(team)
    first = resolve_settings(team, None, None)
    first[C]["protected_fields"]["value"].append("City")
    first["record"]["filterable_fields"]["value"].clear()
    first[G]["create_notes_upon"]["value"].append("email_sent")
    assert team == before
    assert SYSTEM_DEFAULTS[C]["filterable_fields"] == ["EMail1", "uuLinkedInURL", "LastName", "CompanyName"]
    assert SYSTEM_DEFAULTS[G]["create_notes_upon"] == ["replied", "interested", "meeting_booked", "note"]
    second = resolve_settings(team, None, None)
    assert second[C]["protected_fields"]["value"] == ["JobTitle"]
    assert second["record"]["protected_fields"]["value"] is not second[C]["protected_fields"]["value"]
    assert second[C]["filterable_fields"]["value"] is not second[K]["filterable_fields"]["value"]


# (doc, team_doc, expected)
LOCKED_KEYS = [
    P({C: {"sync_upon": "replied"}}, None, [], id="nothing-locked"),
    P({C: {"sync_upon": "replied", "protected_fields": []}}, {C: {"locked": True}},
      ["candidate.sync_upon", "candidate.protected_fields"], id="candidate-locked"),
    P({K: {"protected_fields": ["City"]}}, {C: {"locked": True}}, [], id="other-block-locked"),
    P({K: {"protected_fields": ["City"]}, G: {"update_mode": "always"}}, {K: {"locked": True}},
      ["contact.protected_fields"], id="contact-locked"),
    P({G: {"merge_duplicates": False}}, {G: {"locked": True}}, ["general.merge_duplicates"],
      id="general-locked"),
    P({C: {"locked": False}}, None, ["candidate.locked"], id="member-sets-locked-false"),
    P({G: {"locked": True}, K: {"locked": None}}, {}, ["general.locked", "contact.locked"],
      id="member-sets-locked-anywhere"),
    P({C: {"sync_upon": None}}, {C: {"locked": True}}, ["candidate.sync_upon"], id="removal-counts"),
    P({C: None}, {C: {"locked": True}}, ["candidate"], id="whole-block-removal"),
    P({C: {}}, {C: {"locked": True}}, [], id="empty-block-changes-nothing"),
    P({C: {"sync_upon": "added"}}, {C: {"locked": False}}, [], id="team-unlocked-explicitly"),
    P({}, {C: {"locked": True}}, [], id="empty-doc"),
    P(None, {C: {"locked": True}}, [], id="none-doc"),
]


@pytest.mark.parametrize("doc,team_doc,expected", LOCKED_KEYS)
def test_locked_keys_in(doc, team_doc, expected):
    assert locked_keys_in(doc, team_doc) == expected


@pytest.mark.parametrize("sync_upon,stage,expected", [
    P(u, s, e, id=f"{u}-at-{s}") for u, row in {
        "added": (True, True, True), "replied": (False, True, True),
        "interested": (False, False, True), "never": (False, False, False),
    }.items() for s, e in zip(("added", "replied", "interested"), row)])
def test_sync_stage_reached(sync_upon, stage, expected):
    assert sync_stage_reached(sync_upon, stage) is expected


@pytest.mark.parametrize("sync_upon,stage", [P("sometimes", "added", id="bad-trigger"),
                                             P("added", "never", id="bad-stage"),
                                             P(None, "added", id="none-trigger")])
def test_sync_stage_reached_rejects_unknown_values(sync_upon, stage):
    with pytest.raises(ValueError):
        sync_stage_reached(sync_upon, stage)


# (base, patch, expected)
MERGES = [
    P({}, {C: {"sync_upon": "never"}}, {C: {"sync_upon": "never"}}, id="into-empty"),
    P(None, None, {}, id="none-none"),
    P({C: {"sync_upon": "never"}}, {C: {"locked": True}}, {C: {"sync_upon": "never", "locked": True}},
      id="keys-merge-within-block"),
    P({C: {"sync_upon": "never"}, K: {"sync_upon": "replied"}}, {C: {"sync_upon": None}},
      {K: {"sync_upon": "replied"}}, id="none-removes-and-drops-empty-block"),
    P({C: {"sync_upon": "never"}}, {C: None}, {}, id="none-removes-block"),
    P({C: {"protected_fields": ["City", "State"]}}, {C: {"protected_fields": ["JobTitle"]}},
      {C: {"protected_fields": ["JobTitle"]}}, id="lists-replace-not-append"),
    P({G: {"update_mode": "always"}}, {G: {}}, {G: {"update_mode": "always"}}, id="empty-patch-block"),
    P({}, {K: {}}, {}, id="empty-patch-block-not-stored"),
    P({G: {"update_mode": "always"}}, {G: {"missing": None}}, {G: {"update_mode": "always"}},
      id="removing-absent-key"),
]


@pytest.mark.parametrize("base,patch,expected", MERGES)
def test_merge_docs(base, patch, expected):
    base_before, patch_before = copy.deepcopy(base), copy.deepcopy(patch)
    assert merge_docs(base, patch) == expected
    assert (base, patch) == (base_before, patch_before)


def test_merge_docs_result_shares_no_lists():
    patch = {C: {"protected_fields": ["City"]}}
    merged = merge_docs({}, patch)
    merged[C]["protected_fields"].append("State")
    assert patch == {C: {"protected_fields": ["City"]}}
