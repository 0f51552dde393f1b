"""Campaigns: name, type, "sync as", and setting overrides."""
from marshmallow import Schema, fields, pre_load, validate

from server.exelare.fields import RECORD_TYPES

from .common import StrictSchema, UtcDateTime
from .people_out import UserRefSchema
from .settings import SettingsDocSchema

CAMPAIGN_TYPES = ("email", "linkedin", "call", "mixed")


class _CampaignInSchema(StrictSchema):
    @pre_load
    def _strip_name(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            data = {**data, "name": data["name"].strip()}
        return data


class CampaignCreateSchema(_CampaignInSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    type = fields.String(load_default="email", validate=validate.OneOf(CAMPAIGN_TYPES))
    sync_as = fields.String(load_default="candidate", validate=validate.OneOf(RECORD_TYPES))
    settings = fields.Nested(SettingsDocSchema, load_default=dict, metadata={
        "description": "Setting overrides; keys in blocks the team locked are refused (403)."})


class CampaignPatchSchema(_CampaignInSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    type = fields.String(validate=validate.OneOf(CAMPAIGN_TYPES))
    sync_as = fields.String(validate=validate.OneOf(RECORD_TYPES))
    settings = fields.Nested(SettingsDocSchema, metadata={
        "description": "Merged into the stored overrides; null for a key removes it."})


class CampaignSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    type = fields.String()
    sync_as = fields.String()
    settings = fields.Dict()
    created_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    people_count = fields.Integer()
    effective = fields.Dict(metadata={"description": "Team < you < this campaign, with provenance."})


class CampaignListSchema(Schema):
    items = fields.List(fields.Nested(CampaignSchema))
