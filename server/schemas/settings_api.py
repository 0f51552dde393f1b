"""Bodies and answers of the settings and field-mapping endpoints.

The settings document itself is server.schemas.settings.SettingsDocSchema;
the mapping rules are server.schemas.mapping.load_mapping.
"""
from marshmallow import Schema, fields, validate

from .common import MAX_ID, StrictSchema


class SettingsLayerSchema(Schema):
    settings = fields.Dict(metadata={"description": "The keys this layer sets (a partial settings doc)."})
    effective = fields.Dict(metadata={"description": "Every setting with its value, source and lock."})


class EffectiveQuerySchema(StrictSchema):
    campaign_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    person_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


class EffectiveSchema(Schema):
    effective = fields.Dict()


class MappingBodySchema(StrictSchema):
    mapping = fields.Dict(required=True, metadata={
        "description": "{strings: {var: field|null}, lists: {emails|phones: [fields]}, "
                       "social: {var: field|null}}; left-out variables keep their default."})


class MappingVariablesSchema(Schema):
    strings = fields.List(fields.String())
    lists = fields.List(fields.String())
    social = fields.List(fields.String())


class FieldMappingSchema(Schema):
    record_type = fields.String()
    mapping = fields.Dict()
    exelare_fields = fields.List(fields.String(), attribute="fields", data_key="fields",
                                 metadata={"description": "Exelare fields this record type accepts, sorted."})
    variables = fields.Nested(MappingVariablesSchema)
