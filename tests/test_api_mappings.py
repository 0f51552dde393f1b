"""Field mappings over the API."""
import pytest

from api_helpers import assert_error
from server.exelare.fields import fields_for
from server.mapping import default_mapping


@pytest.mark.parametrize("record_type", ["candidate", "contact"])
def test_get_defaults(member, record_type):
    response = member.get(f"/api/field-mappings/{record_type}")
    assert response.status_code == 200
    assert response.json == {
        "record_type": record_type, "mapping": default_mapping(record_type),
        "fields": sorted(fields_for(record_type)),
        "variables": {"strings": ["first_name", "middle_name", "last_name", "company", "title", "city", "state",
                                  "zip_code", "country", "skills"],
                      "lists": ["emails", "phones"], "social": ["linkedin", "twitter", "facebook", "github"]},
    }


def test_admin_saves_partial_mapping_and_it_is_upserted(admin, member):
    first = admin.put("/api/field-mappings/contact", json={"mapping": {"strings": {"title": "UserField1"}}})
    assert first.status_code == 200, first.json
    assert first.json["mapping"]["strings"]["title"] == "UserField1"
    assert first.json["mapping"]["strings"]["first_name"] == "FirstName"
    second = admin.put("/api/field-mappings/contact", json={"mapping": {"social": {"github": "UserField2"}}})
    # A PUT stores the whole mapping: what it leaves out is back to the default.
    assert second.json["mapping"]["strings"]["title"] == "JobTitle"
    assert second.json["mapping"]["social"]["github"] == "UserField2"
    assert member.get("/api/field-mappings/contact").json["mapping"] == second.json["mapping"]
    assert member.get("/api/field-mappings/candidate").json["mapping"] == default_mapping("candidate")


def test_member_cannot_save(member):
    assert_error(member.put("/api/field-mappings/contact", json={"mapping": {}}), 403, "forbidden")


@pytest.mark.parametrize("body, field", [
    ({"mapping": {"strings": {"title": "NoSuchField"}}}, "strings.title"),
    ({"mapping": {"strings": {"title": "EMail1"}}}, "lists.emails.0"),
    ({"mapping": {"lists": {"emails": ["EMail1", 7]}}}, "lists.emails.1"),
    ({"mapping": {"strings": {"first_name": None}}}, "strings.first_name"),
    ({"mapping": {"extra": {}}}, "extra"),
    ({"mapping": "x"}, "mapping"),
    ({}, "mapping"),
])
def test_bad_mapping_is_422_keyed_by_path(admin, body, field):
    assert_error(admin.put("/api/field-mappings/contact", json=body), 422, "validation_error", field)


def test_skills_cannot_go_to_a_contact(admin):
    assert_error(admin.put("/api/field-mappings/contact", json={"mapping": {"strings": {"skills": "PrimarySkills"}}}),
                 422, "validation_error", "strings.skills")


@pytest.mark.parametrize("method", ["get", "put"])
def test_unknown_record_type_is_404(admin, method):
    call = getattr(admin, method)
    response = call("/api/field-mappings/lead", **({"json": {"mapping": {}}} if method == "put" else {}))
    assert_error(response, 404, "not_found")


def test_mappings_are_per_team(admin, other_team):
    admin.put("/api/field-mappings/candidate", json={"mapping": {"strings": {"title": "UserField3"}}})
    theirs = other_team["admin_api"].get("/api/field-mappings/candidate").json["mapping"]
    assert theirs == default_mapping("candidate")
