from marshmallow import Schema, fields, validate

from .common import MAX_ID, StrictSchema, UtcDateTime

JOB_STATUSES = ("queued", "running", "synced", "failed", "skipped")


class JobQuerySchema(StrictSchema):
    status = fields.String(validate=validate.OneOf(JOB_STATUSES))
    campaign_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    person_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ID))


class NamedRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class JobSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    record_type = fields.String()
    trigger = fields.String()
    priority = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    waiting_reason = fields.String(allow_none=True)
    report = fields.String(allow_none=True)
    exelare_id = fields.String(allow_none=True)
    action = fields.String(allow_none=True)
    diff = fields.List(fields.Dict(), allow_none=True)
    eta_seconds = fields.Float(allow_none=True)
    next_attempt_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    finished_at = UtcDateTime(allow_none=True)
    event_id = fields.Integer(allow_none=True)
    person = fields.Nested(NamedRefSchema, allow_none=True)
    campaign = fields.Nested(NamedRefSchema, allow_none=True)


class JobListSchema(Schema):
    items = fields.List(fields.Nested(JobSchema))
    total = fields.Integer()


class JobEnvelopeSchema(Schema):
    job = fields.Nested(JobSchema)


class PreviewSchema(Schema):
    action = fields.String(metadata={"description": "create | update | link | none"})
    record_type = fields.String()
    entity = fields.String()
    exelare_id = fields.String(allow_none=True)
    diff = fields.List(fields.Dict())
    kept = fields.List(fields.String())
    match = fields.Dict(allow_none=True)
    report = fields.String(allow_none=True)
    payload = fields.Dict()


class CrmResultSchema(Schema):
    record_type = fields.String()
    records = fields.List(fields.Dict())
    count = fields.Integer()
