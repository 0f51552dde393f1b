"""Field mapping: which person variable lands in which Exelare field. PURE.

A mapping doc has three sections::

    {"strings": {var: field or None},            # one field per variable
     "lists":   {"emails": [fields], "phones": [fields]},  # element i -> field i
     "social":  {var: field or None}}            # person key is "<var>_url"

None (or an empty list) means "not sent to Exelare". No Exelare field may be
the target of two variables: Exelare keeps one value per field, so a second
variable would silently overwrite the first.
"""

from server.exelare.fields import REQUIRED_ON_CREATE, RECORD_TYPES, fields_for

STRING_VARIABLES = (
    "first_name", "middle_name", "last_name", "company", "title",
    "city", "state", "zip_code", "country", "skills",
)
LIST_VARIABLES = ("emails", "phones")
SOCIAL_VARIABLES = ("linkedin", "twitter", "facebook", "github")
SECTIONS = {"strings": STRING_VARIABLES, "lists": LIST_VARIABLES, "social": SOCIAL_VARIABLES}

# Exelare's own field names (EXELARE.md). A default the record type does not
# accept (PrimarySkills on a Contact) is left unmapped rather than refused.
_DEFAULTS = {
    "strings": {
        "first_name": "FirstName", "middle_name": "MiddleName", "last_name": "LastName",
        "company": "CompanyName", "title": "JobTitle", "city": "City", "state": "State",
        "zip_code": "ZipCode", "country": "Country", "skills": "PrimarySkills",
    },
    "lists": {"emails": ["EMail1", "EMail2"], "phones": ["MobilePhone", "WorkPhone", "HomePhone"]},
    "social": {
        "linkedin": "uuLinkedInURL", "twitter": "uuTwitterURL",
        "facebook": "uuFaceBookURL", "github": None,
    },
}
# Where "FirstName must stay mapped" is reported: the variable that holds it by default.
_HOME_OF_REQUIRED = {"FirstName": "strings.first_name", "LastName": "strings.last_name"}


def _check_record_type(record_type):
    if record_type not in RECORD_TYPES:
        raise ValueError(f"record_type must be one of {RECORD_TYPES}, not {record_type!r}")


def default_mapping(record_type):
    """The full default mapping for 'candidate' or 'contact' (fresh lists)."""
    _check_record_type(record_type)
    accepted = fields_for(record_type)
    return {
        "strings": {v: f if f in accepted else None for v, f in _DEFAULTS["strings"].items()},
        "lists": {v: [f for f in fs if f in accepted] for v, fs in _DEFAULTS["lists"].items()},
        "social": {v: f if f in accepted else None for v, f in _DEFAULTS["social"].items()},
    }


def normalise_mapping(doc, record_type):
    """A full mapping: variables the doc leaves out keep their default.

    An explicit None stays None (the admin unmapped it on purpose). Unknown
    sections and variables are dropped; validate first to refuse them.
    """
    full = default_mapping(record_type)
    if not isinstance(doc, dict):
        return full
    for section, variables in SECTIONS.items():
        given = doc.get(section)
        if not isinstance(given, dict):
            continue
        for var in variables:
            if var in given:
                value = given[var]
                full[section][var] = list(value) if isinstance(value, list) else value
    return full


def _targets_and_type_errors(doc, record_type, errors):
    """(path, field) for every target of the effective mapping, in canonical
    order; wrong types and unknown fields go to ``errors`` instead."""
    accepted = fields_for(record_type)
    defaults = default_mapping(record_type)
    targets = []

    def check_field(path, field, type_message):
        if not isinstance(field, str):
            errors[path] = type_message
        elif field not in accepted:
            errors[path] = f"{field!r} is not an Exelare {record_type} field."
        else:
            targets.append((path, field))

    for section, variables in SECTIONS.items():
        given = doc.get(section)
        given = given if isinstance(given, dict) else {}
        for var in variables:
            path = f"{section}.{var}"
            value = given[var] if var in given else defaults[section][var]
            if section == "lists":
                if not isinstance(value, list):
                    errors[path] = "Must be a list of Exelare field names ([] maps none)."
                    continue
                for i, field in enumerate(value):
                    check_field(f"{path}.{i}", field, "Must be an Exelare field name.")
            elif value is not None:
                check_field(path, value, "Must be an Exelare field name or null.")
    return targets


def validate_mapping(doc, record_type):
    """Errors keyed by dotted path ("strings.title", "lists.emails.1"); {} if valid.

    Checks run on the doc as it would be stored, i.e. with defaults filled
    in, because a partial PUT can collide with a default it did not send.
    One message per path: the first problem found there.
    """
    _check_record_type(record_type)
    if not isinstance(doc, dict):
        return {"_schema": "A field mapping must be an object with strings, lists and social."}
    errors = {}
    for section, given in doc.items():
        if section not in SECTIONS:
            errors[str(section)] = "Unknown section; expected strings, lists or social."
        elif not isinstance(given, dict):
            errors[section] = "Must be an object of variable -> Exelare field."
        else:
            for var in given:
                if var not in SECTIONS[section]:
                    errors[f"{section}.{var}"] = (
                        f"Unknown variable; expected one of: {', '.join(SECTIONS[section])}.")

    seen = {}
    for path, field in _targets_and_type_errors(doc, record_type, errors):
        if field in seen:
            errors.setdefault(path, f"{field} is already the target of {seen[field]}; "
                                    "an Exelare field takes one variable.")
        else:
            seen[field] = path
    for field in REQUIRED_ON_CREATE:
        if field not in seen:
            errors.setdefault(_HOME_OF_REQUIRED.get(field, "_schema"),
                              f"{field} must stay mapped: Exelare refuses to create a record without it.")
    return errors


def _text(value):
    """A value as stripped text; "" for anything that is not worth sending."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a zip code or phone stored as a number
    if isinstance(value, (list, tuple)):
        return ", ".join(_compact(value))  # skills given as a list
    return ""


def _compact(values):
    """Stripped, non-blank, first-occurrence-only items of a list value.

    Blanks are dropped *before* assigning fields, so ["", "a@x"] fills
    EMail1 rather than leaving it empty and pushing the address to EMail2.
    A repeated value would only waste a field, so it is dropped too.
    """
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        values = [values]
    out = []
    for value in values:
        text = _text(value) if not isinstance(value, (list, tuple)) else ""
        if text and text not in out:
            out.append(text)
    return out


def map_person(person, mapping):
    """The Exelare field dict for a person: every mapped, non-empty value.

    ``mapping`` should be full (normalise_mapping); missing parts map
    nothing. List values beyond the available fields are dropped: Exelare
    has no field for a third email unless the admin maps one.
    """
    person = person or {}
    strings = mapping.get("strings") or {}
    lists = mapping.get("lists") or {}
    social = mapping.get("social") or {}
    fields = {}
    for var in STRING_VARIABLES:
        text = _text(person.get(var))
        if strings.get(var) and text:
            fields[strings[var]] = text
    for var in LIST_VARIABLES:
        for field, value in zip(lists.get(var) or [], _compact(person.get(var))):
            fields[field] = value
    for var in SOCIAL_VARIABLES:
        text = _text(person.get(f"{var}_url"))
        if social.get(var) and text:
            fields[social[var]] = text
    return fields


def mapped_fields(mapping):
    """Every Exelare field the mapping writes, in canonical order, once each."""
    out = []
    for section, variables in SECTIONS.items():
        given = mapping.get(section) or {}
        for var in variables:
            value = given.get(var)
            for field in (value if isinstance(value, list) else [value]):
                if field and field not in out:
                    out.append(field)
    return out
