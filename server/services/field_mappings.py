"""A team's field mapping per record type (stored full, normalised)."""
from marshmallow import ValidationError
from sqlalchemy import select

from ..errors import NotFound, ValidationFailed, flatten_messages
from ..exelare.fields import RECORD_TYPES, fields_for
from ..extensions import db
from ..mapping import LIST_VARIABLES, SOCIAL_VARIABLES, STRING_VARIABLES, normalise_mapping
from ..models import FieldMapping
from ..schemas.mapping import load_mapping


def _check(record_type):
    if record_type not in RECORD_TYPES:
        raise NotFound(f"No field mapping for {record_type!r}; use one of: {', '.join(RECORD_TYPES)}.")


def _stored(team_id, record_type):
    return db.session.scalar(select(FieldMapping).where(
        FieldMapping.team_id == team_id, FieldMapping.record_type == record_type))


def describe(team_id, record_type):
    _check(record_type)
    row = _stored(team_id, record_type)
    return {
        "record_type": record_type,
        "mapping": normalise_mapping(row.mapping if row else {}, record_type),
        "fields": sorted(fields_for(record_type)),
        "variables": {"strings": list(STRING_VARIABLES), "lists": list(LIST_VARIABLES),
                      "social": list(SOCIAL_VARIABLES)},
    }


def save(team_id, record_type, mapping):
    """Validate (422 keyed by dotted path, e.g. "strings.title") and store the full mapping."""
    _check(record_type)
    try:
        full = load_mapping(mapping, record_type)
    except ValidationError as err:
        fields = flatten_messages(err.messages)
        summary = "; ".join(f"{name}: {text}" for name, text in sorted(fields.items()))
        raise ValidationFailed(f"Invalid field mapping ({summary})", fields) from None
    row = _stored(team_id, record_type)
    if row is None:
        db.session.add(FieldMapping(team_id=team_id, record_type=record_type, mapping=full))
    elif row.mapping != full:
        row.mapping = full
    db.session.commit()
    return describe(team_id, record_type)
