from marshmallow import fields, validate

from .common import StrictSchema, UtcDateTime

ROLES = ("admin", "member")


class LoginSchema(StrictSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TeamSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)


class UserSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    team_id = fields.Integer(dump_only=True)
    created_at = UtcDateTime(dump_only=True)


class LoginResultSchema(StrictSchema):
    token = fields.String()
    expires_in = fields.Integer()
    user = fields.Nested(UserSchema)


class MeSchema(StrictSchema):
    user = fields.Nested(UserSchema)
    team = fields.Nested(TeamSchema)


class NewMemberSchema(StrictSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(load_default="", validate=validate.Length(max=120))
    password = fields.String(required=True, validate=validate.Length(min=8, max=200))
    role = fields.String(load_default="member", validate=validate.OneOf(ROLES))


class PasswordChangeSchema(StrictSchema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, validate=validate.Length(min=8, max=200))
