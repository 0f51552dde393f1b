"""Validation of a partial settings document (team, user or campaign layer).

Every key is optional and may be None, which means "remove it from this
layer" (see server.settings.merge_docs). Unknown blocks and keys are refused
by name rather than dropped, so a typo never looks like a saved setting.
Whether the caller may set a key (locks) is not checked here: that depends
on who asks, see server.settings.locked_keys_in.
"""

from marshmallow import ValidationError, fields, validate

from server.exelare.fields import ENTITY_BY_RECORD_TYPE, RECORD_TYPES, fields_for
from server.settings import EVENT_TYPES, SYNC_UPON, UPDATE_MODES

from .common import StrictSchema


class StrictBoolean(fields.Boolean):
    """Only JSON true/false. marshmallow's Boolean takes "yes", 1 and "off";
    a lock set by a stray "false" string must not quietly become True."""

    default_error_messages = {"invalid": "Not a valid boolean; use true or false."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        raise self.make_error("invalid")


class AllIn(validate.Validator):
    """Every item of a list is one of ``allowed``; the message names the bad ones."""

    def __init__(self, allowed, what):
        self.allowed = frozenset(allowed)
        self.what = what

    def _repr_args(self):
        return f"what={self.what!r}"

    def __call__(self, value):
        bad = [item for item in value if item not in self.allowed]
        if bad:
            message = f"Unknown {self.what}: {', '.join(map(repr, bad))}."
            if len(self.allowed) <= 12:  # a list of 30 Exelare fields is noise, not help
                message += f" Allowed: {', '.join(sorted(self.allowed))}."
            raise ValidationError(message)
        return value


class GeneralSettingsSchema(StrictSchema):
    sync_manual_updates = StrictBoolean(allow_none=True)
    create_notes_upon = fields.List(fields.String(), allow_none=True,
                                    validate=AllIn(EVENT_TYPES, "event type(s)"))
    update_mode = fields.String(allow_none=True, validate=validate.OneOf(UPDATE_MODES))
    merge_duplicates = StrictBoolean(allow_none=True)
    locked = StrictBoolean(allow_none=True, metadata={"description": "Admin only."})


def _record_block_schema(record_type):
    """The candidate/contact block: same keys, field lists checked against
    what that Exelare entity accepts (a Contact has no PrimarySkills)."""
    entity = ENTITY_BY_RECORD_TYPE[record_type]
    exelare_fields = fields_for(record_type)

    class RecordSettingsSchema(StrictSchema):
        sync_upon = fields.String(allow_none=True, validate=validate.OneOf(SYNC_UPON))
        only_notes_to_synced = StrictBoolean(allow_none=True)
        protected_fields = fields.List(fields.String(), allow_none=True,
                                       validate=AllIn(exelare_fields, f"{entity} field(s)"))
        filterable_fields = fields.List(fields.String(), allow_none=True,
                                        validate=AllIn(exelare_fields, f"{entity} field(s)"))
        locked = StrictBoolean(allow_none=True, metadata={"description": "Admin only."})

    RecordSettingsSchema.__name__ = f"{record_type.title()}SettingsSchema"
    return RecordSettingsSchema


CandidateSettingsSchema = _record_block_schema("candidate")
ContactSettingsSchema = _record_block_schema("contact")
_BLOCK_SCHEMAS = {"candidate": CandidateSettingsSchema, "contact": ContactSettingsSchema}
assert set(_BLOCK_SCHEMAS) == set(RECORD_TYPES), "a record type has no settings schema"


class SettingsDocSchema(StrictSchema):
    """A partial settings doc: {"general": {...}, "candidate": {...}, "contact": {...}}."""

    general = fields.Nested(GeneralSettingsSchema, allow_none=True)
    candidate = fields.Nested(CandidateSettingsSchema, allow_none=True)
    contact = fields.Nested(ContactSettingsSchema, allow_none=True)


_settings_doc_schema = SettingsDocSchema()


def validate_settings_doc(data):
    """The loaded doc, or ValidationError with messages nested by block/key."""
    return _settings_doc_schema.load(data)


__all__ = ["SettingsDocSchema", "GeneralSettingsSchema", "CandidateSettingsSchema",
           "ContactSettingsSchema", "StrictBoolean", "validate_settings_doc"]
