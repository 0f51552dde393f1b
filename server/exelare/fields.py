"""What Exelare accepts: entity names and the field list agreed per entity.

The field list mirrors what EXELARE.md records from real Exelare accounts.
A customer's account may agree a different list with Exelare support; this
module is the one place to change it.
"""

ENTITY_BY_RECORD_TYPE = {"candidate": "Consultants", "contact": "Contacts"}
RECORD_TYPE_BY_ENTITY = {v: k for k, v in ENTITY_BY_RECORD_TYPE.items()}
RECORD_TYPES = tuple(ENTITY_BY_RECORD_TYPE)

_COMMON_FIELDS = (
    "FirstName", "MiddleName", "LastName", "CompanyName", "JobTitle",
    "EMail1", "EMail2", "MobilePhone", "HomePhone", "WorkPhone",
    "City", "State", "ZipCode", "Country",
    "uuLinkedInURL", "uuFaceBookURL", "uuTwitterURL",
    "Status", "OptOut",
) + tuple(f"UserField{i}" for i in range(1, 11))

FIELDS_BY_ENTITY = {
    "Consultants": frozenset(_COMMON_FIELDS + ("PrimarySkills",)),
    "Contacts": frozenset(_COMMON_FIELDS),
}

# Fields Exelare refuses to create a record without.
REQUIRED_ON_CREATE = ("FirstName", "LastName")


def fields_for(record_type):
    """The Exelare field names accepted for a record type ('candidate'/'contact')."""
    return FIELDS_BY_ENTITY[ENTITY_BY_RECORD_TYPE[record_type]]
