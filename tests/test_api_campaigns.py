"""Campaigns over the API: CRUD, the creator-or-admin rule, locks, re-deciding members."""
import pytest

from api_helpers import ADA, add, assert_error, jobs_of, make_campaign
from server.extensions import db
from server.models import Team
from server.services import accounts
from support import login

KEYS = {"id", "name", "type", "sync_as", "settings", "created_by", "created_at", "updated_at",
        "people_count", "effective"}


def test_create_with_defaults_and_list_newest_first(member, team):
    first = make_campaign(member)
    assert set(first) == KEYS
    assert (first["type"], first["sync_as"], first["settings"], first["people_count"]) == ("email", "candidate", {}, 0)
    assert first["created_by"]["email"] == team["member"] and set(first["created_by"]) == {"id", "name", "email"}
    assert first["effective"]["sync_as"] == {"value": "candidate", "source": "campaign", "locked": False,
                                             "default": {"value": "candidate", "source": "campaign"}}
    second = make_campaign(member, name="  Contacts  ", type="linkedin", sync_as="contact",
                           settings={"contact": {"sync_upon": "replied"}})
    assert second["name"] == "Contacts"
    assert second["effective"]["contact"]["sync_upon"] == {"value": "replied", "source": "campaign", "locked": False}
    listed = member.get("/api/campaigns")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json["items"]] == [second["id"], first["id"]]
    assert member.get(f"/api/campaigns/{first['id']}").json == first


@pytest.mark.parametrize("body, field", [
    ({}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "ok", "type": "fax"}, "type"),
    ({"name": "ok", "sync_as": "lead"}, "sync_as"),
    ({"name": "ok", "settings": {"candidate": {"sync_upon": "soon"}}}, "settings.candidate.sync_upon"),
    ({"name": "ok", "colour": "red"}, "colour"),
])
def test_create_bad_input_is_422(member, body, field):
    assert_error(member.post("/api/campaigns", json=body), 422, "validation_error", field)


@pytest.mark.parametrize("body, field", [
    ({"type": "fax"}, "type"), ({"name": ""}, "name"), ({"sync_as": None}, "sync_as"),
    ({"settings": {"general": {"update_mode": "never"}}}, "settings.general.update_mode"),
])
def test_patch_bad_input_is_422(member, body, field):
    campaign = make_campaign(member)
    assert_error(member.patch(f"/api/campaigns/{campaign['id']}", json=body), 422, "validation_error", field)


def test_locked_settings_refused_on_create_and_patch(admin, member):
    admin.put("/api/settings/team", json={"contact": {"locked": True}})
    error = assert_error(member.post("/api/campaigns", json={"name": "x", "settings": {"contact": {"sync_upon": "never"}}}),
                         403, "locked")
    assert error["message"] == "contact.sync_upon is locked by your team admin"
    assert "settings.contact.sync_upon" in error["fields"]
    campaign = make_campaign(admin)
    assert_error(admin.patch(f"/api/campaigns/{campaign['id']}", json={"settings": {"candidate": {"locked": True}}}),
                 403, "locked", "settings.candidate.locked")


def test_patch_merges_settings_and_only_creator_or_admin(admin, member, client, app, team):
    campaign = make_campaign(member, settings={"candidate": {"sync_upon": "replied"}})
    patched = member.patch(f"/api/campaigns/{campaign['id']}",
                           json={"name": "Renamed", "settings": {"general": {"merge_duplicates": False},
                                                                 "candidate": {"sync_upon": None}}})
    assert patched.status_code == 200, patched.json
    assert patched.json["name"] == "Renamed"
    assert patched.json["settings"] == {"general": {"merge_duplicates": False}}
    assert admin.patch(f"/api/campaigns/{campaign['id']}", json={"type": "call"}).json["type"] == "call"
    with app.app_context():
        accounts.add_user(db.session.get(Team, team["team_id"]), "third@acme.test", "long enough pw", "member")
        db.session.commit()
    other_member = login(client, "third@acme.test", "long enough pw")
    assert_error(other_member.patch(f"/api/campaigns/{campaign['id']}", json={"name": "Mine"}), 403, "forbidden")
    assert_error(other_member.delete(f"/api/campaigns/{campaign['id']}"), 403, "forbidden")
    assert other_member.get(f"/api/campaigns/{campaign['id']}").status_code == 200


def test_sync_as_change_requeues_every_member(app, member):
    campaign = make_campaign(member)
    add(member, campaign["id"])
    add(member, campaign["id"], {**ADA, "linkedin_url": "", "emails": ["grace@navy.test"], "first_name": "Grace"})
    assert [j["record_type"] for j in jobs_of(app)] == ["candidate", "candidate"]
    member.patch(f"/api/campaigns/{campaign['id']}", json={"name": "only the name"})
    assert len(jobs_of(app)) == 2
    patched = member.patch(f"/api/campaigns/{campaign['id']}", json={"sync_as": "contact"})
    assert patched.json["people_count"] == 2
    contact_jobs = jobs_of(app, record_type="contact")
    assert [(j["trigger"], j["priority"]) for j in contact_jobs] == [("campaign_changed", 1)] * 2
    # Same settings again: nothing to re-decide.
    member.patch(f"/api/campaigns/{campaign['id']}", json={"sync_as": "contact", "settings": {}})
    assert len(jobs_of(app)) == 4


def test_delete_removes_memberships(app, member):
    campaign = make_campaign(member)
    person = add(member, campaign["id"]).json["person"]
    member.post(f"/api/campaigns/{campaign['id']}/people/{person['id']}/events", json={"type": "replied"})
    assert member.delete(f"/api/campaigns/{campaign['id']}").status_code == 204
    assert_error(member.get(f"/api/campaigns/{campaign['id']}"), 404, "not_found")
    looked_up = member.get(f"/api/people/{person['id']}").json
    assert looked_up["memberships"] == []
    assert all(j["kind"] == "record" for j in jobs_of(app))


@pytest.mark.parametrize("method, body", [("get", None), ("patch", {"name": "x"}), ("delete", None)])
def test_another_teams_campaign_is_404(admin, other_team, method, body):
    theirs = make_campaign(other_team["admin_api"])
    call = getattr(admin, method)
    response = call(f"/api/campaigns/{theirs['id']}", **({"json": body} if body else {}))
    assert_error(response, 404, "not_found")
    assert [c["id"] for c in admin.get("/api/campaigns").json["items"]] == []


def test_unknown_campaign_is_404(member):
    assert_error(member.get("/api/campaigns/999999"), 404, "not_found")
