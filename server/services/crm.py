"""Search Exelare, on the fields the team marked filterable only."""
from ..errors import ValidationFailed
from ..exelare.fields import RECORD_TYPES
from .effective import effective_settings
from .exelare_reads import reading_client

# Exact-match fields: a "contains" search on them would match the wrong people.
EXACT_FIELDS = ("EMail1", "EMail2", "uuLinkedInURL", "uuTwitterURL", "uuFaceBookURL")
RESERVED = {"record_type", "match", "limit"}


def search(team, user, args):
    record_type = args.get("record_type", "candidate")
    if record_type not in RECORD_TYPES:
        raise ValidationFailed("record_type must be candidate or contact.", {"record_type": "Unknown record type."})
    allowed = effective_settings(team, user)[record_type]["filterable_fields"]["value"]
    criteria, errors = [], {}
    for name, value in args.items():
        if name in RESERVED:
            continue
        if name not in allowed:
            errors[name] = f"Not a filterable field for {record_type}s (filterable: {', '.join(allowed) or 'none'})."
        elif not value.strip():
            errors[name] = "Give a value to search for."
        else:
            criteria.append((name, "equals" if name in EXACT_FIELDS else "contains", value.strip()))
    if errors:
        raise ValidationFailed("Search only on filterable fields.", errors)
    if not criteria:
        raise ValidationFailed("Give at least one filterable field to search on.",
                               {"_query": f"Filterable: {', '.join(allowed)}"})
    match = args.get("match", "all")
    if match not in ("all", "any"):
        raise ValidationFailed("match must be all or any.", {"match": "all or any."})
    with reading_client(team.id) as client:
        records = client.search(record_type, criteria, match=match, page_size=50)
    return {"record_type": record_type, "records": records, "count": len(records)}
