"""Field mapping: defaults, normalising, validation and the person -> fields function."""
import copy

import pytest
from marshmallow import ValidationError

from server.exelare.fields import fields_for
from server.mapping import (
    default_mapping, map_person, mapped_fields, normalise_mapping, validate_mapping,
)
from server.schemas.mapping import MappingSchema, load_mapping

P = pytest.param

CANDIDATE_DEFAULT = {
    "strings": {"first_name": "FirstName", "middle_name": "MiddleName", "last_name": "LastName",
                "company": "CompanyName", "title": "JobTitle", "city": "City", "state": "State",
                "zip_code": "ZipCode", "country": "Country", "skills": "PrimarySkills"},
    "lists": {"emails": ["EMail1", "EMail2"], "phones": ["MobilePhone", "WorkPhone", "HomePhone"]},
    "social": {"linkedin": "uuLinkedInURL", "twitter": "uuTwitterURL", "facebook": "uuFaceBookURL",
               "github": None},
}
CONTACT_DEFAULT = copy.deepcopy(CANDIDATE_DEFAULT)
CONTACT_DEFAULT["strings"]["skills"] = None


@pytest.mark.parametrize("record_type,expected", [P("candidate", CANDIDATE_DEFAULT, id="candidate"),
                                                  P("contact", CONTACT_DEFAULT, id="contact")])
def test_default_mapping(record_type, expected):
    assert default_mapping(record_type) == expected
    assert validate_mapping(expected, record_type) == {}
    assert set(mapped_fields(expected)) <= fields_for(record_type)


def test_default_mapping_hands_out_fresh_lists():
    first = default_mapping("candidate")
    first["lists"]["emails"].append("UserField1")
    assert default_mapping("candidate")["lists"]["emails"] == ["EMail1", "EMail2"]


def test_unknown_record_type_is_refused():
    with pytest.raises(ValueError):
        default_mapping("Consultants")
    with pytest.raises(ValueError):
        validate_mapping({}, "job")


# (doc, record_type, {section: {var: expected}} that differs from the default)
NORMALISE = [
    P(None, "candidate", {}, id="none-is-default"),
    P({}, "contact", {}, id="empty-is-default"),
    P({"strings": {"title": "UserField1"}}, "candidate", {"strings": {"title": "UserField1"}}, id="one-string"),
    P({"strings": {"middle_name": None}}, "candidate", {"strings": {"middle_name": None}},
      id="explicit-none-kept"),
    P({"lists": {"phones": ["WorkPhone"]}}, "contact", {"lists": {"phones": ["WorkPhone"]}}, id="one-list"),
    P({"lists": {"emails": []}}, "contact", {"lists": {"emails": []}}, id="empty-list-kept"),
    P({"social": {"github": "UserField2"}}, "contact", {"social": {"github": "UserField2"}}, id="social"),
    P({"strings": {"bogus": "City"}, "extra": {}}, "candidate", {}, id="unknowns-dropped"),
    P({"strings": "not a dict"}, "candidate", {}, id="bad-section-ignored"),
]


@pytest.mark.parametrize("doc,record_type,changes", NORMALISE)
def test_normalise_mapping(doc, record_type, changes):
    expected = default_mapping(record_type)
    for section, values in changes.items():
        expected[section].update(values)
    assert normalise_mapping(doc, record_type) == expected


def test_normalise_copies_given_lists():
    doc = {"lists": {"emails": ["EMail2"]}}
    normalise_mapping(doc, "candidate")["lists"]["emails"].append("EMail1")
    assert doc == {"lists": {"emails": ["EMail2"]}}


# (doc, record_type, exact error dict)
INVALID = [
    P({"stringz": {}}, "candidate", {"stringz": "Unknown section; expected strings, lists or social."},
      id="unknown-section"),
    P({"strings": {"nickname": "UserField1"}}, "candidate", {
        "strings.nickname": "Unknown variable; expected one of: first_name, middle_name, last_name, company, "
                            "title, city, state, zip_code, country, skills."}, id="unknown-variable"),
    P({"social": {"linkedin_url": "uuLinkedInURL"}}, "candidate", {
        "social.linkedin_url": "Unknown variable; expected one of: linkedin, twitter, facebook, github."},
      id="social-person-key-is-not-the-variable"),
    P({"strings": ["FirstName"]}, "candidate", {"strings": "Must be an object of variable -> Exelare field."},
      id="section-not-object"),
    P({"strings": {"title": 7}}, "candidate", {"strings.title": "Must be an Exelare field name or null."},
      id="string-var-wrong-type"),
    P({"strings": {"title": ["JobTitle"]}}, "candidate", {"strings.title": "Must be an Exelare field name or null."},
      id="string-var-given-a-list"),
    P({"lists": {"emails": "EMail1"}}, "candidate", {
        "lists.emails": "Must be a list of Exelare field names ([] maps none)."}, id="list-var-given-a-string"),
    P({"lists": {"phones": None}}, "candidate", {
        "lists.phones": "Must be a list of Exelare field names ([] maps none)."}, id="list-var-none"),
    P({"lists": {"emails": ["EMail1", None]}}, "candidate", {"lists.emails.1": "Must be an Exelare field name."},
      id="list-element-wrong-type"),
    P({"lists": {"emails": ["EMail1", "EMail3"]}}, "contact", {
        "lists.emails.1": "'EMail3' is not an Exelare contact field."}, id="list-element-unknown-field"),
    P({"strings": {"skills": "PrimarySkills"}}, "contact", {
        "strings.skills": "'PrimarySkills' is not an Exelare contact field."}, id="candidate-only-field-on-contact"),
    P({"social": {"github": "uuGitHubURL"}}, "candidate", {
        "social.github": "'uuGitHubURL' is not an Exelare candidate field."}, id="social-unknown-field"),
    P({"strings": {"title": "jobtitle"}}, "candidate", {
        "strings.title": "'jobtitle' is not an Exelare candidate field."}, id="field-names-are-case-sensitive"),
    P({"strings": {"title": "FirstName"}}, "candidate", {
        "strings.title": "FirstName is already the target of strings.first_name; "
                         "an Exelare field takes one variable."}, id="duplicate-with-default"),
    P({"strings": {"city": "UserField1"}, "social": {"github": "UserField1"}}, "candidate", {
        "social.github": "UserField1 is already the target of strings.city; "
                         "an Exelare field takes one variable."}, id="duplicate-across-sections"),
    P({"lists": {"emails": ["EMail1", "EMail1"]}}, "contact", {
        "lists.emails.1": "EMail1 is already the target of lists.emails.0; "
                          "an Exelare field takes one variable."}, id="duplicate-within-list"),
    P({"lists": {"phones": ["EMail2"]}}, "contact", {
        "lists.phones.0": "EMail2 is already the target of lists.emails.1; "
                          "an Exelare field takes one variable."}, id="duplicate-across-lists"),
    P({"strings": {"first_name": None}}, "candidate", {
        "strings.first_name": "FirstName must stay mapped: Exelare refuses to create a record without it."},
      id="first-name-unmapped"),
    P({"strings": {"last_name": "UserField3"}}, "contact", {
        "strings.last_name": "LastName must stay mapped: Exelare refuses to create a record without it."},
      id="last-name-moved-away"),
    P({"strings": {"first_name": "LastName"}}, "candidate", {
        "strings.last_name": "LastName is already the target of strings.first_name; "
                             "an Exelare field takes one variable.",
        "strings.first_name": "FirstName must stay mapped: Exelare refuses to create a record without it."},
      id="first-name-swapped-onto-last-name"),
    P({"strings": {"first_name": "Nom"}}, "candidate", {
        "strings.first_name": "'Nom' is not an Exelare candidate field."}, id="one-message-per-path"),
    P(["not", "a", "mapping"], "candidate", {
        "_schema": "A field mapping must be an object with strings, lists and social."}, id="not-an-object"),
]


@pytest.mark.parametrize("doc,record_type,errors", INVALID)
def test_validate_mapping_errors(doc, record_type, errors):
    assert validate_mapping(doc, record_type) == errors


@pytest.mark.parametrize("doc,record_type", [
    P({}, "candidate", id="empty"),
    P({"strings": {}, "lists": {}, "social": {}}, "contact", id="empty-sections"),
    P({"lists": {"emails": []}}, "candidate", id="no-email-fields"),
    P({"strings": {"first_name": "LastName", "last_name": "FirstName"}}, "candidate", id="swap-is-fine"),
    P({"strings": {"title": None}, "social": {"github": "UserField9"}}, "contact", id="unmap-and-add"),
    P({"strings": {"company": "JobTitle", "title": "CompanyName"}}, "contact", id="swap-two-defaults"),
    P({"lists": {"emails": ["EMail1", "EMail2", "UserField1"]}}, "candidate", id="three-email-fields"),
])
def test_validate_mapping_accepts(doc, record_type):
    assert validate_mapping(doc, record_type) == {}


FULL_PERSON = {
    "first_name": "  Zoë ", "middle_name": "", "last_name": "Ångström-Núñez", "company": "Acme",
    "title": "   ", "city": "São Paulo", "state": None, "zip_code": 1234, "country": "BR",
    "skills": ["Python", " ", "Go"], "emails": ["", " zoe@example.com ", "zoe@example.com", "z2@ex.com", "z3@ex.com"],
    "phones": "+55 11 5555", "linkedin_url": "https://www.linkedin.com/in/zoe", "github_url": "https://github.com/z",
    "twitter_url": "\u00a0", "unknown": "ignored",
}

# (person, record_type, mapping doc, exact expected fields)
MAP_PERSON = [
    P(FULL_PERSON, "candidate", {}, {
        "FirstName": "Zoë", "LastName": "Ångström-Núñez", "CompanyName": "Acme", "City": "São Paulo",
        "ZipCode": "1234", "Country": "BR", "PrimarySkills": "Python, Go", "EMail1": "zoe@example.com",
        "EMail2": "z2@ex.com", "MobilePhone": "+55 11 5555", "uuLinkedInURL": "https://www.linkedin.com/in/zoe",
    }, id="ugly-person-default-candidate"),
    P(FULL_PERSON, "contact", {"social": {"github": "UserField1"}, "lists": {"phones": []}}, {
        "FirstName": "Zoë", "LastName": "Ångström-Núñez", "CompanyName": "Acme", "City": "São Paulo",
        "ZipCode": "1234", "Country": "BR", "EMail1": "zoe@example.com", "EMail2": "z2@ex.com",
        "uuLinkedInURL": "https://www.linkedin.com/in/zoe", "UserField1": "https://github.com/z",
    }, id="contact-no-skills-github-mapped-phones-unmapped"),
    P({"first_name": "A", "last_name": "B", "emails": ["a@x", "b@x", "c@x"]}, "contact",
      {"lists": {"emails": ["EMail2", "UserField4", "EMail1"]}},
      {"FirstName": "A", "LastName": "B", "EMail2": "a@x", "UserField4": "b@x", "EMail1": "c@x"},
      id="list-order-follows-mapping"),
    P({"first_name": "A", "emails": ["a@x", "b@x", "c@x", "d@x"]}, "candidate", {},
      {"FirstName": "A", "EMail1": "a@x", "EMail2": "b@x"}, id="more-emails-than-fields-dropped"),
    P({"emails": [" ", None, "a@x"], "phones": [5551234, "", "555-9"]}, "candidate", {},
      {"EMail1": "a@x", "MobilePhone": "5551234", "WorkPhone": "555-9"}, id="blanks-compacted-not-shifted"),
    P({"first_name": "\t\n ", "last_name": "\u00a0", "title": None}, "candidate", {}, {},
      id="whitespace-only-skipped"),
    P({"first_name": "Ann", "title": "CTO"}, "candidate", {"strings": {"title": None}}, {"FirstName": "Ann"},
      id="unmapped-variable-not-sent"),
    P({"first_name": "李", "last_name": "小龍", "company": "Ünïcode GmbH"}, "contact", {},
      {"FirstName": "李", "LastName": "小龍", "CompanyName": "Ünïcode GmbH"}, id="unicode-names"),
    P({}, "candidate", {}, {}, id="empty-person"),
    P(None, "candidate", {}, {}, id="none-person"),
    P({"first_name": True, "city": {"name": "x"}, "emails": [["nested"]]}, "candidate", {}, {},
      id="non-text-values-skipped"),
]


@pytest.mark.parametrize("person,record_type,doc,expected", MAP_PERSON)
def test_map_person(person, record_type, doc, expected):
    before = copy.deepcopy(person)
    assert map_person(person, normalise_mapping(doc, record_type)) == expected
    assert person == before


@pytest.mark.parametrize("mapping,expected", [
    P({}, {}, id="empty-mapping"),
    P({"strings": {"first_name": "FirstName"}}, {"FirstName": "Zoë"}, id="missing-sections"),
    P({"lists": {"emails": ["EMail1"]}, "social": None}, {"EMail1": "zoe@example.com"}, id="none-section"),
])
def test_map_person_tolerates_partial_mappings(mapping, expected):
    assert map_person(FULL_PERSON, mapping) == expected


@pytest.mark.parametrize("mapping,expected", [
    P(CANDIDATE_DEFAULT, ["FirstName", "MiddleName", "LastName", "CompanyName", "JobTitle", "City", "State",
                          "ZipCode", "Country", "PrimarySkills", "EMail1", "EMail2", "MobilePhone", "WorkPhone",
                          "HomePhone", "uuLinkedInURL", "uuTwitterURL", "uuFaceBookURL"], id="candidate-default"),
    P({"strings": {"first_name": "FirstName", "title": None}, "lists": {"emails": []},
       "social": {"github": "UserField1"}}, ["FirstName", "UserField1"], id="partial"),
    P({}, [], id="empty"),
])
def test_mapped_fields(mapping, expected):
    assert mapped_fields(mapping) == expected


def test_load_mapping_returns_full_mapping():
    loaded = load_mapping({"social": {"github": "UserField5"}}, "contact")
    expected = copy.deepcopy(CONTACT_DEFAULT)
    expected["social"]["github"] = "UserField5"
    assert loaded == expected


@pytest.mark.parametrize("data,messages", [
    P({"strings": {"title": "FirstName"}, "other": 1}, {
        "other": ["Unknown section; expected strings, lists or social."],
        "strings.title": ["FirstName is already the target of strings.first_name; "
                          "an Exelare field takes one variable."]}, id="dotted-paths"),
    P({"lists": {"emails": ["EMail1", 3]}}, {"lists.emails.1": ["Must be an Exelare field name."]},
      id="list-index-path"),
    P(None, {"_schema": ["A field mapping must be an object with strings, lists and social."]}, id="none-body"),
])
def test_load_mapping_errors(data, messages):
    with pytest.raises(ValidationError) as info:
        load_mapping(data, "candidate")
    assert info.value.messages == messages


def test_mapping_schema_is_per_record_type():
    assert MappingSchema("candidate").load({"strings": {"skills": "PrimarySkills"}})["strings"]["skills"] == \
        "PrimarySkills"
    with pytest.raises(ValidationError):
        MappingSchema("contact").load({"strings": {"skills": "PrimarySkills"}})
