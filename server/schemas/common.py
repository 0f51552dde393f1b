"""Schemas shared by several resources."""
from datetime import timezone

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


class UtcDateTime(fields.DateTime):
    """Times are stored as naive UTC; say so on the way out ("...Z"), so clients never guess."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        text = super()._serialize(value, attr, obj, **kwargs)
        return text.replace("+00:00", "Z") if isinstance(text, str) else text


# The largest id a database integer column holds (INTEGER is 32 bits on PostgreSQL):
# bigger numbers are refused as input, not a 500.
MAX_ID = 2**31 - 1
