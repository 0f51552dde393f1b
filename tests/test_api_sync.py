"""Previews, CRM search and the sync-jobs listing through the API."""
import pytest

from sync_support import add_person, edit_person, make_campaign, run_worker, set_team_settings


def writes(account):
    counts = account.counts()["counts"]
    return counts.get("create", 0) + counts.get("update", 0) + counts.get("addnote", 0)


def test_preview_of_a_new_person_is_a_create_with_every_field(app, team, connected, member):
    campaign = make_campaign(app, team["team_id"])
    person, _ = add_person(app, team["team_id"], campaign, sync_as="contact")
    response = member.get(f"/api/campaigns/{campaign}/people/{person}/preview")
    assert response.status_code == 200
    body = response.json
    assert body["action"] == "create" and body["record_type"] == "contact" and body["entity"] == "Contacts"
    assert {d["field"] for d in body["diff"]} >= {"FirstName", "LastName", "EMail1", "uuLinkedInURL"}
    assert all(d["action"] == "set" for d in body["diff"]) and body["kept"] == []
    assert writes(connected) == 0


def test_preview_of_an_update_shows_protected_fields_kept_and_writes_nothing(app, team, connected, member):
    from server.exelare.client import ExelareClient
    set_team_settings(app, team["team_id"], {"candidate": {"protected_fields": ["JobTitle"]}})
    campaign = make_campaign(app, team["team_id"])
    person, _ = add_person(app, team["team_id"], campaign)
    run_worker(app, team["team_id"])
    record = connected.records()[0]
    with ExelareClient(connected.server.api_url, connected.company_id, connected.username, connected.password,
                       "x") as client:
        client.update("candidate", record["RecordID"], {"JobTitle": "CTO"})
    set_team_settings(app, team["team_id"], {"candidate": {"protected_fields": ["JobTitle"]},
                                              "general": {"sync_manual_updates": False}})
    edit_person(app, person, title="Engineer II", company="New Co")
    before = writes(connected)
    body = member.get(f"/api/campaigns/{campaign}/people/{person}/preview").json
    assert body["action"] == "update" and body["exelare_id"] == record["RecordID"]
    assert body["kept"] == ["JobTitle"]
    assert {d["field"]: d["action"] for d in body["diff"]}["CompanyName"] == "set"
    assert writes(connected) == before


def test_preview_of_an_unchanged_person_makes_no_call(app, team, connected, member):
    campaign = make_campaign(app, team["team_id"])
    person, _ = add_person(app, team["team_id"], campaign)
    run_worker(app, team["team_id"])
    total = connected.counts()["total"]
    assert member.get(f"/api/campaigns/{campaign}/people/{person}/preview").json["action"] == "none"
    assert connected.counts()["total"] == total


def test_preview_for_another_team_or_unknown_membership_is_404(app, team, other_team, connected):
    campaign = make_campaign(app, team["team_id"])
    person, _ = add_person(app, team["team_id"], campaign)
    assert other_team["admin_api"].get(f"/api/campaigns/{campaign}/people/{person}/preview").status_code == 404
    assert team["admin_api"].get(f"/api/campaigns/{campaign}/people/999999/preview").status_code == 404


def test_preview_without_integration_is_409(app, team, member):
    campaign = make_campaign(app, team["team_id"])
    person, _ = add_person(app, team["team_id"], campaign)
    response = member.get(f"/api/campaigns/{campaign}/people/{person}/preview")
    assert response.status_code == 409 and "not connected" in response.json["error"]["message"]


def test_crm_search_on_filterable_fields(app, team, connected, member):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    response = member.get("/api/crm/search?record_type=candidate&LastName=hopp")
    assert response.status_code == 200 and response.json["count"] == 1
    assert response.json["records"][0]["EMail1"] == "grace@navy.test"
    exact = member.get("/api/crm/search?EMail1=grace@navy")   # emails match exactly, not by substring
    assert exact.status_code == 200 and exact.json["count"] == 0


@pytest.mark.parametrize("query,field", [
    ("record_type=candidate&JobTitle=x", "JobTitle"),        # a real field, but not filterable
    ("record_type=robot&LastName=x", "record_type"),
    ("LastName=", "LastName"),
    ("", "_query"),
    ("LastName=x&match=some", "match"),
])
def test_crm_search_refuses_what_is_not_filterable(connected, member, query, field):
    response = member.get(f"/api/crm/search?{query}")
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_crm_search_follows_the_filterable_setting(app, team, connected, member):
    set_team_settings(app, team["team_id"], {"contact": {"filterable_fields": ["CompanyName"]}})
    assert member.get("/api/crm/search?record_type=contact&LastName=x").status_code == 422
    assert member.get("/api/crm/search?record_type=contact&CompanyName=x").status_code == 200


def test_crm_search_when_exelare_throttles_is_429_with_retry_after(connected, member):
    connected.fault(count=1, status=429, retry_after=9)
    response = member.get("/api/crm/search?LastName=x")
    assert response.status_code == 429 and response.headers["Retry-After"] == "9"


@pytest.mark.parametrize("query,field", [("status=done", "status"), ("limit=0", "limit"), ("person_id=x", "person_id")])
def test_sync_jobs_query_is_validated(member, query, field):
    response = member.get(f"/api/sync-jobs?{query}")
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_sync_jobs_filter_by_person_and_campaign(app, team, member):
    campaign = make_campaign(app, team["team_id"])
    first, _ = add_person(app, team["team_id"], campaign)
    add_person(app, team["team_id"], campaign, first_name="Ada", emails=["ada@x.test"], linkedin_url="")
    assert member.get(f"/api/sync-jobs?campaign_id={campaign}").json["total"] == 2
    items = member.get(f"/api/sync-jobs?person_id={first}").json["items"]
    assert [i["person"]["name"] for i in items] == ["Grace Hopper"]
    assert items[0]["waiting_reason"] == "Paused: Exelare is not connected." and items[0]["eta_seconds"] is None
