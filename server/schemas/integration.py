from marshmallow import fields, validate

from .common import StrictSchema, UtcDateTime


class IntegrationInSchema(StrictSchema):
    # Lengths are Exelare's own limits (EXELARE.md).
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(load_default=None, validate=validate.Length(min=1, max=80),
                             metadata={"description": "Leave out to keep the saved password."})
    company_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    api_source_id = fields.String(required=True, validate=validate.Length(min=1, max=80))
    base_url = fields.Url(required=True, require_tld=False, schemes={"http", "https"},
                          validate=validate.Length(max=500))
    requests_per_minute = fields.Integer(load_default=20, validate=validate.Range(min=1, max=600))


class IntegrationOutSchema(StrictSchema):
    status = fields.String()
    username = fields.String(allow_none=True)
    company_id = fields.String(allow_none=True)
    api_source_id = fields.String(allow_none=True)
    base_url = fields.String(allow_none=True)
    requests_per_minute = fields.Integer(allow_none=True)
    password_set = fields.Boolean()
    last_error = fields.String(allow_none=True)
    last_verified_at = UtcDateTime(allow_none=True)
    default_base_url = fields.String(allow_none=True)
    paused_jobs = fields.Integer()
