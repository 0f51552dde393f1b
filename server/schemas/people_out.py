"""People, memberships, events and sync state: what the API answers.

These shapes are read by the Chrome extension; change them only together.
"""
from marshmallow import Schema, fields

from .common import UtcDateTime
from .people import PersonSchema


class UserRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()


class MembershipSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    person_id = fields.Integer()
    status = fields.String()
    sync_as_override = fields.String(allow_none=True)
    override_set_by = fields.Nested(UserRefSchema, allow_none=True)
    override_set_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class SyncAsDefaultSchema(Schema):
    value = fields.String()
    source = fields.String()


class EffectiveSyncAsSchema(Schema):
    value = fields.String(metadata={"description": "candidate or contact"})
    source = fields.String(metadata={"description": "person, campaign or system"})
    default = fields.Nested(SyncAsDefaultSchema, metadata={"description": "The answer without the person's override."})


class RecordSyncStateSchema(Schema):
    status = fields.String(metadata={"description": "not_synced, queued, running, synced, failed or skipped"})
    exelare_id = fields.String(allow_none=True)
    job_id = fields.Integer(allow_none=True)
    eta_seconds = fields.Float(allow_none=True)
    last_error = fields.String(allow_none=True)
    report = fields.String(allow_none=True)
    synced_at = fields.String(allow_none=True, metadata={"description": "ISO 8601, UTC"})
    paused = fields.Boolean(metadata={"description": "True while Exelare is not connected."})


class SyncStateSchema(Schema):
    candidate = fields.Nested(RecordSyncStateSchema)
    contact = fields.Nested(RecordSyncStateSchema)


class MembershipResultSchema(Schema):
    membership = fields.Nested(MembershipSchema)
    person = fields.Nested(PersonSchema)
    effective_sync_as = fields.Nested(EffectiveSyncAsSchema)
    effective = fields.Dict(metadata={"description": "Every effective setting with its source and lock."})
    sync = fields.Nested(SyncStateSchema)


class BulkResultItemSchema(Schema):
    person_id = fields.Integer()
    membership_id = fields.Integer()
    created = fields.Boolean()


class BulkResultSchema(Schema):
    results = fields.List(fields.Nested(BulkResultItemSchema))


class PeopleListItemSchema(Schema):
    membership = fields.Nested(MembershipSchema)
    person = fields.Nested(PersonSchema)
    effective_sync_as = fields.Nested(EffectiveSyncAsSchema)
    sync = fields.Nested(SyncStateSchema)


class PeopleListSchema(Schema):
    items = fields.List(fields.Nested(PeopleListItemSchema))
    total = fields.Integer()


class CampaignRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    sync_as = fields.String()


class CampaignChoiceSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    sync_as = fields.String()
    type = fields.String()


class PersonMembershipSchema(Schema):
    membership = fields.Nested(MembershipSchema)
    campaign = fields.Nested(CampaignRefSchema)
    effective_sync_as = fields.Nested(EffectiveSyncAsSchema)


class IntegrationStateSchema(Schema):
    status = fields.String()
    last_error = fields.String(allow_none=True)


class PersonLookupSchema(Schema):
    person = fields.Nested(PersonSchema, allow_none=True)
    memberships = fields.List(fields.Nested(PersonMembershipSchema))
    sync = fields.Nested(SyncStateSchema, allow_none=True)
    campaigns = fields.List(fields.Nested(CampaignChoiceSchema), metadata={"description": "Newest first."})
    integration = fields.Nested(IntegrationStateSchema)


class PersonDetailSchema(Schema):
    person = fields.Nested(PersonSchema)
    memberships = fields.List(fields.Nested(PersonMembershipSchema))
    sync = fields.Nested(SyncStateSchema)


class EventSchema(Schema):
    id = fields.Integer()
    membership_id = fields.Integer()
    person_id = fields.Integer()
    type = fields.String()
    subject = fields.String()
    body = fields.String()
    occurred_at = UtcDateTime()
    external_id = fields.String(allow_none=True)
    created_by_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime()


class JobRefSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    record_type = fields.String()
    waiting_reason = fields.String(allow_none=True)
    last_error = fields.String(allow_none=True)


class EventResultSchema(Schema):
    event = fields.Nested(EventSchema)
    membership = fields.Nested(MembershipSchema)
    jobs = fields.List(fields.Nested(JobRefSchema))


class SyncNowResultSchema(Schema):
    job = fields.Nested(JobRefSchema)
    sync = fields.Nested(SyncStateSchema)
