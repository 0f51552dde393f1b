"""The sync engine against the sandbox over real HTTP: triggers, writes, duplicates, notes."""
import pytest

from sync_support import (add_event, add_person, all_jobs, edit_person, make_campaign, run_worker,
                          set_team_settings)


class Calls:
    """Exelare requests made since the last look, by operation."""

    def __init__(self, account):
        self.account = account
        self.base = account.counts()["counts"]

    def since(self):
        now = self.account.counts()["counts"]
        delta = {op: now.get(op, 0) - self.base.get(op, 0) for op in now}
        self.base = now
        return {op: n for op, n in delta.items() if n}


def test_added_trigger_creates_one_candidate_with_mapped_fields(app, team, connected):
    campaign = make_campaign(app, team["team_id"])
    person_id, _ = add_person(app, team["team_id"], campaign)
    calls = Calls(connected)
    assert run_worker(app, team["team_id"]) == 1
    [record] = connected.records("Consultants")
    assert connected.records("Contacts") == []
    assert {k: record[k] for k in ("FirstName", "LastName", "JobTitle", "CompanyName", "City", "Country",
                                   "EMail1", "uuLinkedInURL", "Source")} == {
        "FirstName": "Grace", "LastName": "Hopper", "JobTitle": "Staff Engineer", "CompanyName": "Navy Labs",
        "City": "Arlington", "Country": "USA", "EMail1": "grace@navy.test",
        "uuLinkedInURL": "https://www.linkedin.com/in/grace-hopper", "Source": "outreach-tests"}
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "synced" and job["action"] == "create" and job["exelare_id"] == record["RecordID"]
    # search in the target entity, the other-entity check (interactive, merge_duplicates on), create
    assert calls.since() == {"search": 2, "create": 1}


def test_bulk_new_record_costs_two_calls(app, team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]), interactive=False)
    calls = Calls(connected)
    run_worker(app, team["team_id"])
    assert calls.since() == {"search": 1, "create": 1}


def test_new_record_costs_two_calls_with_merge_duplicates_off(app, team, connected):
    set_team_settings(app, team["team_id"], {"general": {"merge_duplicates": False}})
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    calls = Calls(connected)
    run_worker(app, team["team_id"])
    assert calls.since() == {"search": 1, "create": 1}


def test_person_override_contact_creates_a_contact(app, team, connected):
    campaign = make_campaign(app, team["team_id"], sync_as="candidate")
    add_person(app, team["team_id"], campaign, sync_as="contact")
    run_worker(app, team["team_id"])
    assert connected.records("Consultants") == []
    [contact] = connected.records("Contacts")
    assert contact["LastName"] == "Hopper" and "PrimarySkills" not in contact


@pytest.mark.parametrize("sync_upon,events,expect_records", [
    ("added", [], 1),
    ("replied", [], 0),
    ("replied", ["email_sent"], 0),
    ("replied", ["replied"], 1),
    ("replied", ["interested"], 1),          # a later stage implies the earlier ones
    ("interested", ["replied"], 0),
    ("interested", ["replied", "interested"], 1),
    ("never", ["replied", "interested"], 0),
])
def test_triggers(app, team, connected, sync_upon, events, expect_records):
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": sync_upon}})
    campaign = make_campaign(app, team["team_id"])
    _, membership = add_person(app, team["team_id"], campaign)
    for event in events:
        add_event(app, membership, event)
    run_worker(app, team["team_id"])
    assert len(connected.records("Consultants")) == expect_records
    record_jobs = [j for j in all_jobs(app, team["team_id"]) if j["kind"] == "record"]
    assert len(record_jobs) == expect_records  # no job at all when the trigger did not fire


def test_sync_now_pushes_whatever_the_trigger(app, team, connected):
    from server.extensions import db
    from server.models import Membership
    from server.services import jobs
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "never"}})
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    with app.app_context():
        jobs.sync_now(db.session.get(Membership, membership_id))
        db.session.commit()
    run_worker(app, team["team_id"])
    assert len(connected.records("Consultants")) == 1


def test_unchanged_resync_makes_no_call(app, team, connected):
    from server.extensions import db
    from server.models import Membership
    from server.services import jobs
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    calls = Calls(connected)
    with app.app_context():
        jobs.sync_now(db.session.get(Membership, membership_id))
        db.session.commit()
    run_worker(app, team["team_id"])
    assert calls.since() == {}
    assert all_jobs(app, team["team_id"])[-1]["action"] == "none"


def test_manual_edit_updates_with_one_call_when_nothing_is_protected(app, team, connected):
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    calls = Calls(connected)
    assert edit_person(app, person_id, title="Rear Admiral")
    run_worker(app, team["team_id"])
    assert calls.since() == {"update": 1}
    [record] = connected.records("Consultants")
    assert record["JobTitle"] == "Rear Admiral" and record["FirstName"] == "Grace"
    job = all_jobs(app, team["team_id"])[-1]
    assert job["action"] == "update"
    assert [d for d in job["diff"] if d["action"] == "set"] == [
        {"field": "JobTitle", "exelare": None, "ours": "Rear Admiral", "action": "set"}]


def test_manual_edit_is_not_pushed_when_sync_manual_updates_is_off(app, team, connected):
    set_team_settings(app, team["team_id"], {"general": {"sync_manual_updates": False}})
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    assert edit_person(app, person_id, title="Rear Admiral") == []


def test_manual_edit_of_an_unsynced_person_is_not_pushed(app, team, connected):
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "replied"}})
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    assert edit_person(app, person_id, title="Rear Admiral") == []


def _edit_in_exelare(account, record_id, entity="Consultants", **fields):
    from server.exelare.client import ExelareClient
    with ExelareClient(account.server.api_url, account.company_id, account.username, account.password,
                       "someone-else") as client:
        client.update("candidate" if entity == "Consultants" else "contact", record_id, fields)


def test_protected_field_keeps_exelare_value(app, team, connected):
    set_team_settings(app, team["team_id"], {"candidate": {"protected_fields": ["JobTitle", "City"]}})
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]), city="")
    run_worker(app, team["team_id"])
    [record] = connected.records("Consultants")
    _edit_in_exelare(connected, record["RecordID"], JobTitle="Commodore (edited in Exelare)")
    calls = Calls(connected)
    edit_person(app, person_id, title="Rear Admiral", company="US Navy", city="Washington")
    run_worker(app, team["team_id"])
    assert calls.since() == {"view": 1, "update": 1}
    [record] = connected.records("Consultants")
    assert record["JobTitle"] == "Commodore (edited in Exelare)"   # protected and non-empty: kept
    assert record["City"] == "Washington"                          # protected but blank in Exelare: filled
    assert record["CompanyName"] == "US Navy"                      # not protected: overwritten
    diff = {d["field"]: d["action"] for d in all_jobs(app, team["team_id"])[-1]["diff"]}
    assert diff["JobTitle"] == "kept" and diff["City"] == "set" and diff["CompanyName"] == "set"


def test_only_if_blank_keeps_every_non_empty_field(app, team, connected):
    set_team_settings(app, team["team_id"], {"general": {"update_mode": "only_if_blank"}})
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]), country="")
    run_worker(app, team["team_id"])
    edit_person(app, person_id, title="Rear Admiral", company="US Navy", country="United States")
    run_worker(app, team["team_id"])
    [record] = connected.records("Consultants")
    assert record["JobTitle"] == "Staff Engineer" and record["CompanyName"] == "Navy Labs"
    assert record["Country"] == "United States"


def _precreate(account, entity="Consultants", **fields):
    from server.exelare.client import ExelareClient
    base = {"FirstName": "Grace", "LastName": "Hopper", "EMail1": "GRACE@navy.test"}
    base.update(fields)
    with ExelareClient(account.server.api_url, account.company_id, account.username, account.password,
                       "another-tool") as client:
        return client.create("candidate" if entity == "Consultants" else "contact", base)


def test_merge_duplicates_links_and_updates_the_existing_record(app, team, connected):
    existing = _precreate(connected, JobTitle="")
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    calls = Calls(connected)
    run_worker(app, team["team_id"])
    assert calls.since() == {"search": 1, "update": 1}   # the search result is the current record: no view
    [record] = connected.records("Consultants")
    assert record["RecordID"] == existing and record["JobTitle"] == "Staff Engineer"
    job = all_jobs(app, team["team_id"])[-1]
    assert job["action"] == "link" and job["exelare_id"] == existing


def test_match_by_linkedin_url_when_no_email_matches(app, team, connected):
    existing = _precreate(connected, EMail1="", uuLinkedInURL="https://www.linkedin.com/in/grace-hopper")
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    assert [r["RecordID"] for r in connected.records("Consultants")] == [existing]


def test_merge_duplicates_off_creates_and_reports_the_match(app, team, connected):
    set_team_settings(app, team["team_id"], {"general": {"merge_duplicates": False}})
    existing = _precreate(connected)
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    assert len(connected.records("Consultants")) == 2
    assert existing in all_jobs(app, team["team_id"])[-1]["report"]


def test_match_only_in_the_other_entity_is_reported(app, team, connected):
    other = _precreate(connected, entity="Contacts")
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    job = all_jobs(app, team["team_id"])[-1]
    assert job["action"] == "create"
    assert job["report"] == f"Also a Contact in Exelare: #{other}."
    assert len(connected.records("Contacts")) == 1 and len(connected.records("Consultants")) == 1


def test_missing_last_name_fails_with_a_reason_and_no_call(app, team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]), last_name="  ")
    calls = Calls(connected)
    run_worker(app, team["team_id"])
    job = all_jobs(app, team["team_id"])[-1]
    assert job["status"] == "failed" and "LastName" in job["last_error"]
    assert calls.since() == {}


def test_other_teams_jobs_are_not_drained(app, team, other_team, connected):
    add_person(app, other_team["team_id"], make_campaign(app, other_team["team_id"]))
    run_worker(app, team["team_id"])
    assert connected.records() == []


def test_changing_the_override_before_the_push_supersedes_the_queued_type(app, team, connected):
    from server.extensions import db
    from server.models import Membership
    from server.services import jobs
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]), sync_as="contact")
    with app.app_context():
        membership = db.session.get(Membership, membership_id)
        membership.sync_as_override = None   # back to the campaign's Candidate
        jobs.on_membership_changed(membership, "override_changed", interactive=True)
        db.session.commit()
    run_worker(app, team["team_id"])
    assert connected.records("Contacts") == [] and len(connected.records("Consultants")) == 1
    contact_job = [j for j in all_jobs(app, team["team_id"]) if j["record_type"] == "contact"][0]
    assert contact_job["status"] == "skipped" and "Superseded" in contact_job["last_error"]
