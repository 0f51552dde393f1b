"""What follows a settings change: re-deciding members, and cleaning keys under a lock."""
from sync_support import add_person, all_jobs, make_campaign, set_team_settings


def test_switching_a_trigger_from_never_to_added_queues_people_already_added(app, team, admin):
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "never"}})
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    assert all_jobs(app, team["team_id"]) == []
    assert admin.put("/api/settings/team", json={"candidate": {"sync_upon": "added"}}).status_code == 200
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "queued" and job["trigger"] == "settings_changed" and job["priority"] == 1


def test_other_setting_changes_do_not_touch_jobs(app, team, admin):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    before = all_jobs(app, team["team_id"])
    assert admin.put("/api/settings/team", json={"candidate": {"protected_fields": ["JobTitle"]}}).status_code == 200
    assert all_jobs(app, team["team_id"]) == before


def test_a_value_set_before_the_lock_can_still_be_removed(admin, member):
    assert member.put("/api/settings/me", json={"contact": {"sync_upon": "replied"}}).status_code == 200
    assert admin.put("/api/settings/team", json={"contact": {"locked": True}}).status_code == 200
    assert member.put("/api/settings/me", json={"contact": {"sync_upon": "interested"}}).status_code == 403
    cleaned = member.put("/api/settings/me", json={"contact": {"sync_upon": None}})
    assert cleaned.status_code == 200 and cleaned.json["settings"] == {}


def test_a_member_still_cannot_set_locked_even_to_null(member):
    response = member.put("/api/settings/me", json={"contact": {"locked": None}})
    assert response.status_code == 403 and "contact.locked" in response.json["error"]["fields"]
