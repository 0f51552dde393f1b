"""Outreach events become notes: held until the record syncs, oldest first, never dropped silently."""
from datetime import datetime, timedelta

from sync_support import add_event, add_person, all_jobs, make_campaign, run_worker, set_team_settings


def test_notes_wait_for_the_record_and_go_oldest_first(app, team, connected):
    set_team_settings(app, team["team_id"], {
        "candidate": {"sync_upon": "interested", "only_notes_to_synced": True},
        "general": {"create_notes_upon": ["email_sent", "replied", "interested"]}})
    _, membership = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    t0 = datetime(2026, 11, 2, 9, 0)
    add_event(app, membership, "replied", subject="Re: role", occurred_at=t0 + timedelta(hours=2))
    add_event(app, membership, "email_sent", subject="The role", occurred_at=t0)   # reported late, happened first
    run_worker(app, team["team_id"])
    assert connected.notes() == [] and connected.records() == []
    held = [j for j in all_jobs(app, team["team_id"]) if j["kind"] == "note"]
    assert [j["status"] for j in held] == ["queued", "queued"]
    assert all("Held until the Candidate record syncs" in j["waiting_reason"] for j in held)
    add_event(app, membership, "interested", subject="Yes!", occurred_at=t0 + timedelta(hours=3))
    run_worker(app, team["team_id"])
    [record] = connected.records("Consultants")
    notes = connected.notes()
    assert [n["Subject"] for n in notes] == ["The role", "Re: role", "Yes!"]
    assert {n["RecordID"] for n in notes} == {record["RecordID"]}
    assert all(j["status"] == "synced" for j in all_jobs(app, team["team_id"]))


def test_with_only_notes_to_synced_off_a_note_goes_to_an_existing_record(app, team, connected):
    from server.exelare.client import ExelareClient
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "interested", "only_notes_to_synced": False}})
    with ExelareClient(connected.server.api_url, connected.company_id, connected.username, connected.password,
                       "x") as client:
        existing = client.create("candidate", {"FirstName": "Grace", "LastName": "Hopper", "EMail1": "grace@navy.test"})
    _, membership = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    add_event(app, membership, "replied", subject="Re: role")
    run_worker(app, team["team_id"])
    [note] = connected.notes()
    assert note["RecordID"] == existing and note["Subject"] == "Re: role"
    assert len(connected.records()) == 1   # the record itself was not pushed: its trigger has not fired


def test_with_only_notes_to_synced_off_and_no_record_the_note_is_held(app, team, connected):
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "interested", "only_notes_to_synced": False}})
    _, membership = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    add_event(app, membership, "replied")
    run_worker(app, team["team_id"])
    [note_job] = [j for j in all_jobs(app, team["team_id"]) if j["kind"] == "note"]
    assert note_job["status"] == "queued" and "Held until the Candidate record syncs" in note_job["waiting_reason"]
    add_event(app, membership, "interested")
    run_worker(app, team["team_id"])
    assert len(connected.notes()) == 2


def test_note_for_a_record_type_that_never_syncs_is_skipped_with_a_reason(app, team, connected):
    set_team_settings(app, team["team_id"], {"contact": {"sync_upon": "never"}})
    _, membership = add_person(app, team["team_id"], make_campaign(app, team["team_id"], sync_as="contact"))
    add_event(app, membership, "replied")
    [note_job] = [j for j in all_jobs(app, team["team_id"]) if j["kind"] == "note"]
    assert note_job["status"] == "skipped" and "never sync" in note_job["last_error"]


def test_event_types_not_in_create_notes_upon_make_no_note(app, team, connected):
    set_team_settings(app, team["team_id"], {"general": {"create_notes_upon": ["replied"]}})
    _, membership = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    add_event(app, membership, "email_opened")
    assert [j["kind"] for j in all_jobs(app, team["team_id"])] == ["record"]


def test_a_note_to_a_synced_record_costs_one_call(app, team, connected):
    _, membership = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    before = connected.counts()["total"]
    add_event(app, membership, "note", subject="Called, left a voicemail")
    run_worker(app, team["team_id"])
    assert connected.counts()["total"] - before == 1
    assert connected.notes()[0]["Subject"] == "Called, left a voicemail"
