"""Settings layers over the API: team defaults, my preferences, the effective answer."""
import pytest

from api_helpers import add, assert_error, make_campaign


def test_team_settings_get_and_admin_put(admin, member):
    initial = member.get("/api/settings/team")
    assert initial.status_code == 200
    assert initial.json["settings"] == {}
    assert initial.json["effective"]["candidate"]["sync_upon"] == {"value": "added", "source": "system", "locked": False}

    put = admin.put("/api/settings/team", json={"candidate": {"sync_upon": "replied"},
                                                "contact": {"locked": True, "protected_fields": ["JobTitle"]}})
    assert put.status_code == 200, put.json
    assert put.json["settings"] == {"candidate": {"sync_upon": "replied"},
                                    "contact": {"locked": True, "protected_fields": ["JobTitle"]}}
    assert put.json["effective"]["contact"]["protected_fields"] == {"value": ["JobTitle"], "source": "team", "locked": True}

    # Merged, and None removes a key so the default shows through again.
    again = admin.put("/api/settings/team", json={"candidate": {"sync_upon": None}, "general": {"update_mode": "only_if_blank"}})
    assert again.json["settings"] == {"contact": {"locked": True, "protected_fields": ["JobTitle"]},
                                      "general": {"update_mode": "only_if_blank"}}
    assert member.get("/api/settings/team").json["effective"]["candidate"]["sync_upon"]["source"] == "system"


def test_member_cannot_put_team_settings(member):
    assert_error(member.put("/api/settings/team", json={"general": {"merge_duplicates": False}}), 403, "forbidden")


@pytest.mark.parametrize("body, field", [
    ({"candidate": {"sync_upon": "sometimes"}}, "candidate.sync_upon"),
    ({"contact": {"protected_fields": ["PrimarySkills"]}}, "contact.protected_fields"),
    ({"general": {"locked": "false"}}, "general.locked"),
    ({"generl": {}}, "generl"),
])
@pytest.mark.parametrize("path", ["/api/settings/team", "/api/settings/me"])
def test_bad_settings_docs_are_422_naming_the_field(admin, path, body, field):
    assert_error(admin.put(path, json=body), 422, "validation_error", field)


def test_my_preferences(member):
    put = member.put("/api/settings/me", json={"general": {"create_notes_upon": ["replied"]}})
    assert put.status_code == 200, put.json
    assert put.json["settings"] == {"general": {"create_notes_upon": ["replied"]}}
    assert put.json["effective"]["general"]["create_notes_upon"]["source"] == "user"
    got = member.get("/api/settings/me")
    assert got.json["settings"] == put.json["settings"]


def test_locked_keys_refused_for_members_and_admins(admin, member):
    admin.put("/api/settings/team", json={"contact": {"locked": True}})
    for api in (member, admin):
        error = assert_error(api.put("/api/settings/me", json={"contact": {"protected_fields": ["JobTitle"]}}),
                             403, "locked")
        assert error["message"] == "contact.protected_fields is locked by your team admin"
        error = assert_error(api.put("/api/settings/me", json={"candidate": {"sync_upon": "replied"},
                                                               "contact": {"protected_fields": [], "sync_upon": None}}),
                             403, "locked")
        # Removing a value (null) under a lock is allowed; setting one is not.
        assert set(error["fields"]) == {"contact.protected_fields"}
    # Nothing was stored, not even the unlocked part.
    assert member.get("/api/settings/me").json["settings"] == {}
    error = assert_error(member.put("/api/settings/me", json={"general": {"locked": True}}), 403, "locked")
    assert "general.locked" in error["fields"]


def test_effective_without_and_with_campaign_and_person(app, admin, member):
    member.put("/api/settings/me", json={"general": {"update_mode": "only_if_blank"}})
    campaign = make_campaign(admin, sync_as="contact", settings={"candidate": {"sync_upon": "interested"}})
    plain = member.get("/api/settings/effective")
    assert plain.status_code == 200
    assert plain.json["effective"]["general"]["update_mode"]["source"] == "user"
    assert plain.json["effective"]["sync_as"]["value"] == "candidate"

    with_campaign = member.get(f"/api/settings/effective?campaign_id={campaign['id']}").json["effective"]
    assert with_campaign["sync_as"]["value"] == "contact" and with_campaign["sync_as"]["source"] == "campaign"
    assert with_campaign["candidate"]["sync_upon"] == {"value": "interested", "source": "campaign", "locked": False}

    # The admin added the person with an override: the person layer applies, and the user
    # layer is the admin's (who added them), not the member asking.
    person = add(admin, campaign["id"], sync_as="candidate").json["person"]
    both = member.get(f"/api/settings/effective?campaign_id={campaign['id']}&person_id={person['id']}").json["effective"]
    assert both["sync_as"] == {"value": "candidate", "source": "person", "locked": False,
                               "default": {"value": "contact", "source": "campaign"}}
    assert both["general"]["update_mode"]["source"] == "system"


@pytest.mark.parametrize("query, field", [
    ("campaign_id=abc", "campaign_id"), ("person_id=0", "person_id")])
def test_effective_bad_query_is_422(member, query, field):
    assert_error(member.get(f"/api/settings/effective?{query}"), 422, "validation_error", field)


def test_effective_with_another_teams_ids_is_404(admin, other_team):
    theirs = make_campaign(other_team["admin_api"])
    person = add(other_team["admin_api"], theirs["id"]).json["person"]
    assert_error(admin.get(f"/api/settings/effective?campaign_id={theirs['id']}"), 404, "not_found")
    assert_error(admin.get(f"/api/settings/effective?person_id={person['id']}"), 404, "not_found")
    mine = make_campaign(admin)
    assert_error(admin.get(f"/api/settings/effective?campaign_id={mine['id']}&person_id={person['id']}"), 404)


def test_settings_need_a_token(client):
    for path in ("/api/settings/team", "/api/settings/me", "/api/settings/effective"):
        assert_error(client.get(path), 401, "unauthorized")


def test_settings_are_per_team(admin, other_team):
    admin.put("/api/settings/team", json={"general": {"merge_duplicates": False}})
    assert other_team["admin_api"].get("/api/settings/team").json["settings"] == {}
