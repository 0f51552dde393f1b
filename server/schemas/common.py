"""Schemas shared by several resources."""
from marshmallow import RAISE, Schema, fields


class StrictSchema(Schema):
    """Unknown keys are an error that names them, never silently dropped."""
    class Meta:
        unknown = RAISE


class ErrorBodySchema(Schema):
    code = fields.String()
    message = fields.String()
    fields = fields.Dict()


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema)
