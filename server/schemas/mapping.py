"""Loading a field-mapping doc for one record type.

The rules live in server.mapping.validate_mapping (pure, shared with the
sync planner); this module only adapts them to marshmallow so views and the
OpenAPI document treat a mapping like any other body. Messages are keyed by
dotted path ("lists.emails.1") because the interesting errors span
sections (one Exelare field targeted from two places).
"""

from marshmallow import INCLUDE, Schema, ValidationError, fields, post_load, pre_load

from server.mapping import normalise_mapping, validate_mapping


class MappingSchema(Schema):
    """A (possibly partial) mapping in; the full normalised mapping out.

    ``MappingSchema("contact").load(data)``. Unknown sections are let
    through marshmallow (INCLUDE) only so that validate_mapping can report
    them with the same dotted-path messages as every other mapping error.
    """

    class Meta:
        unknown = INCLUDE

    strings = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True),
                          metadata={"description": "variable -> Exelare field or null"})
    lists = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                        metadata={"description": "emails/phones -> ordered Exelare fields"})
    social = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True),
                         metadata={"description": "linkedin/twitter/facebook/github -> field or null"})

    def __init__(self, record_type, **kwargs):
        super().__init__(**kwargs)
        self.record_type = record_type

    @pre_load
    def _check_rules(self, data, **kwargs):
        errors = validate_mapping(data, self.record_type)
        if errors:
            raise ValidationError({path: [message] for path, message in errors.items()})
        return data

    @post_load
    def _fill_defaults(self, data, **kwargs):
        return normalise_mapping(data, self.record_type)


def load_mapping(data, record_type):
    """The full mapping for ``record_type``, or ValidationError keyed by dotted path."""
    return MappingSchema(record_type).load(data)
