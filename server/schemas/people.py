"""People, memberships and outreach events: what the API accepts.

The person schema is used both ways: its output is the person object every
people endpoint returns (id, created_at and updated_at are added on output).
"""
from marshmallow import ValidationError, fields, post_load, pre_load, validate, validates_schema

from server.exelare.fields import RECORD_TYPES
from server.settings import EVENT_TYPES, STAGES

from .common import MAX_ID, StrictSchema, UtcDateTime

STRING_LIMITS = {
    "first_name": 100, "middle_name": 100, "last_name": 100, "company": 200, "title": 200,
    "city": 100, "state": 100, "country": 100, "zip_code": 20, "skills": 1000,
}
URL_FIELDS = ("linkedin_url", "twitter_url", "facebook_url", "github_url")
LIST_FIELDS = ("emails", "phones")
PERSON_FIELDS = tuple(STRING_LIMITS) + LIST_FIELDS + URL_FIELDS


class HttpUrlOrBlank(validate.Validator):
    """An absolute http(s) URL, or "" for "none"."""

    _url = validate.URL(schemes={"http", "https"}, error="Not a valid http(s) URL.")

    def __call__(self, value):
        return value if value == "" else self._url(value)


def _text(limit):
    return fields.String(allow_none=True, validate=validate.Length(max=limit),
                         metadata={"description": f"At most {limit} characters; null means \"\"."})


def _url():
    return fields.String(allow_none=True, validate=[validate.Length(max=500), HttpUrlOrBlank()],
                         metadata={"description": "An http(s) URL of at most 500 characters, or \"\"."})


class PersonSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    first_name = _text(100)
    middle_name = _text(100)
    last_name = _text(100)
    company = _text(200)
    title = _text(200)
    city = _text(100)
    state = _text(100)
    country = _text(100)
    zip_code = _text(20)
    skills = _text(1000)
    emails = fields.List(fields.Email(validate=validate.Length(max=254)), allow_none=True,
                         validate=validate.Length(max=5), metadata={"description": "At most 5."})
    phones = fields.List(fields.String(validate=validate.Length(max=40)), allow_none=True,
                         validate=validate.Length(max=5), metadata={"description": "At most 5."})
    linkedin_url = _url()
    twitter_url = _url()
    facebook_url = _url()
    github_url = _url()
    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)

    @pre_load
    def _strip(self, data, **kwargs):
        # Lengths are checked on what will be stored, so surrounding blanks are dropped first.
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for key, value in data.items():
            if isinstance(value, str):
                out[key] = value.strip()
            elif key in LIST_FIELDS and isinstance(value, list):
                out[key] = [item.strip() if isinstance(item, str) else item for item in value]
        return out

    @post_load
    def _blanks(self, data, **kwargs):
        for key, value in list(data.items()):
            if key in LIST_FIELDS:
                seen, items = set(), []
                for item in value or []:
                    if item and item.lower() not in seen:
                        seen.add(item.lower())
                        items.append(item)
                data[key] = items
            elif value is None:
                data[key] = ""
        return data


class PersonEditSchema(PersonSchema):
    """PATCH /api/people/{id}: load with partial=True; given fields replace the stored ones."""


class AddPersonSchema(StrictSchema):
    person = fields.Nested(PersonSchema, required=True)
    sync_as = fields.String(allow_none=True, validate=validate.OneOf(RECORD_TYPES), metadata={
        "description": "The person's override: null clears it; leave the key out to keep it as it is."})
    status = fields.String(validate=validate.OneOf(STAGES),
                           metadata={"description": "Initial status; on a repeat it only moves forward."})

    @validates_schema
    def _identifiable(self, data, **kwargs):
        person = data.get("person") or {}
        if not person.get("linkedin_url") and not person.get("emails"):
            message = "Give a LinkedIn URL or an email: without one the person cannot be deduplicated."
            raise ValidationError({"person": {"linkedin_url": [message], "emails": [message]}})


class BulkAddSchema(StrictSchema):
    people = fields.List(fields.Nested(AddPersonSchema), required=True,
                         validate=validate.Length(min=1, max=500))


class MembershipPatchSchema(StrictSchema):
    sync_as = fields.String(allow_none=True, validate=validate.OneOf(RECORD_TYPES),
                            metadata={"description": "null clears the person's override."})
    status = fields.String(validate=validate.OneOf(STAGES))

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Give sync_as and/or status.", "sync_as")


class EventInSchema(StrictSchema):
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    subject = fields.String(load_default="", validate=validate.Length(max=500))
    body = fields.String(load_default="", validate=validate.Length(max=20000))
    occurred_at = fields.DateTime(load_default=None, metadata={
        "description": "ISO 8601; without a zone it is taken as UTC. Defaults to now."})
    external_id = fields.String(load_default=None, validate=validate.Length(min=1, max=200), metadata={
        "description": "Your id for the event: a repeat with the same id returns the stored event."})


class PeopleListQuerySchema(StrictSchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ID))


class PersonLookupQuerySchema(StrictSchema):
    linkedin_url = fields.String(validate=validate.Length(max=500))
    email = fields.Email(validate=validate.Length(max=254))

    @validates_schema
    def _one_of(self, data, **kwargs):
        if not (data.get("linkedin_url") or "").strip() and not data.get("email"):
            message = "Give linkedin_url or email."
            raise ValidationError({"linkedin_url": [message], "email": [message]})
