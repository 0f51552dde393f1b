"""The settings-doc schema: what a layer may store, and how refusals are named."""
import pytest
from marshmallow import ValidationError

from server.schemas.settings import SettingsDocSchema, validate_settings_doc
from server.settings import SYSTEM_DEFAULTS

P = pytest.param
BOOL_ERROR = ["Not a valid boolean; use true or false."]


def errors_of(data):
    with pytest.raises(ValidationError) as info:
        validate_settings_doc(data)
    return info.value.messages


def test_schema_keys_match_system_defaults():
    """A key added to SYSTEM_DEFAULTS without a schema entry could never be set."""
    schema = SettingsDocSchema()
    assert set(schema.fields) == set(SYSTEM_DEFAULTS)
    for block, nested in schema.fields.items():
        assert set(nested.schema.fields) == set(SYSTEM_DEFAULTS[block])


def test_system_defaults_are_a_valid_doc():
    assert validate_settings_doc(SYSTEM_DEFAULTS) == SYSTEM_DEFAULTS


VALID = [
    P({}, id="empty-doc"),
    P({"general": {}}, id="empty-block"),
    P({"general": {"sync_manual_updates": False, "create_notes_upon": [], "update_mode": "only_if_blank",
                   "merge_duplicates": False, "locked": True}}, id="every-general-key"),
    P({"candidate": {"sync_upon": "never", "protected_fields": ["PrimarySkills", "JobTitle"],
                     "filterable_fields": ["EMail1"], "only_notes_to_synced": False, "locked": False}},
      id="candidate-may-protect-primary-skills"),
    P({"contact": {"sync_upon": "interested", "protected_fields": ["UserField10"]}}, id="contact-userfield"),
    P({"general": {"create_notes_upon": ["email_sent", "email_opened", "link_clicked", "replied", "interested",
                                         "not_interested", "meeting_booked", "call_logged", "note"]}},
      id="every-event-type"),
    P({"general": None, "candidate": None}, id="none-blocks-remove"),
    P({"candidate": {"sync_upon": None, "protected_fields": None, "locked": None}}, id="none-keys-remove"),
]


@pytest.mark.parametrize("data", VALID)
def test_valid_docs_load_unchanged(data):
    assert validate_settings_doc(data) == data


INVALID = [
    P({"generl": {}}, {"generl": ["Unknown field."]}, id="unknown-block"),
    P({"candidate": {"sync_as": "contact"}}, {"candidate": {"sync_as": ["Unknown field."]}},
      id="unknown-key-names-block-and-key"),
    P({"general": {"sync_upon": "added"}}, {"general": {"sync_upon": ["Unknown field."]}},
      id="record-key-in-general"),
    P({"contact": {"update_mode": "always"}}, {"contact": {"update_mode": ["Unknown field."]}},
      id="general-key-in-record-block"),
    P({"candidate": {"sync_upon": "sometimes"}},
      {"candidate": {"sync_upon": ["Must be one of: added, replied, interested, never."]}}, id="bad-sync-upon"),
    P({"contact": {"sync_upon": "Added"}},
      {"contact": {"sync_upon": ["Must be one of: added, replied, interested, never."]}},
      id="sync-upon-case-sensitive"),
    P({"general": {"update_mode": "sometimes"}},
      {"general": {"update_mode": ["Must be one of: always, only_if_blank."]}}, id="bad-update-mode"),
    P({"general": {"create_notes_upon": ["replied", "bounced"]}}, {"general": {"create_notes_upon": [
        "Unknown event type(s): 'bounced'. Allowed: call_logged, email_opened, email_sent, interested, "
        "link_clicked, meeting_booked, not_interested, note, replied."]}}, id="bad-event-type"),
    P({"general": {"create_notes_upon": "replied"}}, {"general": {"create_notes_upon": ["Not a valid list."]}},
      id="event-types-not-a-list"),
    P({"general": {"create_notes_upon": [None]}},
      {"general": {"create_notes_upon": {0: ["Field may not be null."]}}}, id="none-event-type"),
    P({"contact": {"protected_fields": ["JobTitle", "PrimarySkills"]}},
      {"contact": {"protected_fields": ["Unknown Contacts field(s): 'PrimarySkills'."]}},
      id="contact-protects-candidate-only-field"),
    P({"candidate": {"filterable_fields": ["Email1", "Phone"]}},
      {"candidate": {"filterable_fields": ["Unknown Consultants field(s): 'Email1', 'Phone'."]}},
      id="candidate-filterable-unknown-fields"),
    P({"candidate": {"protected_fields": [3]}}, {"candidate": {"protected_fields": {0: ["Not a valid string."]}}},
      id="field-not-a-string"),
    P({"general": {"sync_manual_updates": "false"}}, {"general": {"sync_manual_updates": BOOL_ERROR}},
      id="string-false-not-a-bool"),
    P({"general": {"merge_duplicates": 1}}, {"general": {"merge_duplicates": BOOL_ERROR}}, id="one-not-a-bool"),
    P({"candidate": {"locked": 0}}, {"candidate": {"locked": BOOL_ERROR}}, id="zero-not-a-bool-for-lock"),
    P({"contact": {"only_notes_to_synced": "yes"}}, {"contact": {"only_notes_to_synced": BOOL_ERROR}},
      id="yes-not-a-bool"),
    P({"candidate": ["locked"]}, {"candidate": {"_schema": ["Invalid input type."]}}, id="block-not-an-object"),
    P(["general"], {"_schema": ["Invalid input type."]}, id="doc-not-an-object"),
    P(None, {"_schema": ["Invalid input type."]}, id="doc-none"),
    P({"general": {"locked": "true"}, "contact": {"sync_upon": "x", "bogus": 1}}, {
        "general": {"locked": BOOL_ERROR},
        "contact": {"sync_upon": ["Must be one of: added, replied, interested, never."], "bogus": ["Unknown field."]},
    }, id="all-errors-reported-at-once"),
]


@pytest.mark.parametrize("data,messages", INVALID)
def test_invalid_docs_name_block_and_key(data, messages):
    assert errors_of(data) == messages
