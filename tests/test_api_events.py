"""Outreach events, "sync now", and the sync state the popup shows."""
from datetime import datetime, timedelta

import pytest

from api_helpers import add, assert_error, event_count, jobs_of, make_campaign
from server.extensions import db
from server.models import ExelareLink, Integration, SyncJob, utcnow


@pytest.fixture
def added(member):
    campaign = make_campaign(member)
    person = add(member, campaign["id"]).json["person"]
    return {"campaign": campaign, "person": person,
            "url": f"/api/campaigns/{campaign['id']}/people/{person['id']}"}


def post_event(api, added, **body):
    return api.post(f"{added['url']}/events", json=body)


def test_status_moves_forward_only(member, added):
    assert post_event(member, added, type="email_sent").json["membership"]["status"] == "added"
    assert post_event(member, added, type="interested").json["membership"]["status"] == "interested"
    assert post_event(member, added, type="replied").json["membership"]["status"] == "interested"
    assert post_event(member, added, type="not_interested").json["membership"]["status"] == "interested"


def test_note_job_only_for_create_notes_upon(app, member, added):
    sent = post_event(member, added, type="email_sent", subject="Hello")
    assert sent.status_code == 201, sent.json
    assert set(sent.json) == {"event", "membership", "jobs"}
    assert all(job["kind"] == "record" for job in sent.json["jobs"])
    replied = post_event(member, added, type="replied", body="Sounds good")
    notes = [job for job in replied.json["jobs"] if job["kind"] == "note"]
    assert len(notes) == 1
    assert set(notes[0]) == {"id", "kind", "status", "record_type", "waiting_reason", "last_error"}
    assert notes[0]["record_type"] == "candidate" and notes[0]["status"] == "queued"
    assert "Held until" in notes[0]["waiting_reason"]  # only_notes_to_synced: the record is not in Exelare yet
    assert [j["event_id"] for j in jobs_of(app, kind="note")] == [replied.json["event"]["id"]]


def test_team_can_turn_notes_off(app, admin, member, added):
    admin.put("/api/settings/team", json={"general": {"create_notes_upon": []}})
    post_event(member, added, type="replied")
    assert jobs_of(app, kind="note") == []


def test_repeated_external_id_makes_no_second_event(app, member, added):
    first = post_event(member, added, type="replied", external_id="msg-1", occurred_at="2024-05-01T12:00:00+02:00")
    assert first.status_code == 201
    assert first.json["event"]["occurred_at"] == "2024-05-01T10:00:00Z"  # converted to UTC, and said so
    again = post_event(member, added, type="replied", external_id="msg-1")
    assert again.status_code == 200
    assert again.json["event"] == first.json["event"]
    assert [j["id"] for j in again.json["jobs"]] == [j["id"] for j in first.json["jobs"] if j["kind"] == "note"]
    assert event_count(app) == 1 and len(jobs_of(app, kind="note")) == 1
    assert post_event(member, added, type="replied", external_id="msg-2").status_code == 201
    assert event_count(app) == 2


def test_event_defaults(member, added):
    event = post_event(member, added, type="note").json["event"]
    assert event["subject"] == "" and event["body"] == "" and event["external_id"] is None
    occurred = datetime.fromisoformat(event["occurred_at"]).replace(tzinfo=None)   # "...Z": UTC
    assert abs(occurred - utcnow()) < timedelta(minutes=1)


@pytest.mark.parametrize("body, field", [
    ({}, "type"), ({"type": "waved"}, "type"), ({"type": "note", "body": "x" * 20001}, "body"),
    ({"type": "note", "occurred_at": "yesterday"}, "occurred_at"),
    ({"type": "note", "external_id": "x" * 201}, "external_id"), ({"type": "note", "extra": 1}, "extra"),
])
def test_event_bad_input_is_422(member, added, body, field):
    assert_error(post_event(member, added, **body), 422, "validation_error", field)


def test_sync_now(app, member, added):
    response = member.post(f"{added['url']}/sync")
    assert response.status_code == 202
    assert response.json["job"]["kind"] == "record" and response.json["job"]["status"] == "queued"
    # Coalesced into the job queued when the person was added.
    assert response.json["sync"]["candidate"]["job_id"] == response.json["job"]["id"]
    assert len(jobs_of(app)) == 1


def test_events_and_sync_for_another_teams_ids_are_404(member, added, other_team):
    them = other_team["admin_api"]
    theirs = make_campaign(them)
    their_person = add(them, theirs["id"], {"first_name": "T", "emails": ["t@globex.test"]}).json["person"]
    for url in (f"/api/campaigns/{theirs['id']}/people/{their_person['id']}",
                f"/api/campaigns/{added['campaign']['id']}/people/{their_person['id']}",
                f"/api/campaigns/{theirs['id']}/people/{added['person']['id']}"):
        assert_error(member.post(f"{url}/events", json={"type": "note"}), 404, "not_found")
        assert_error(member.post(f"{url}/sync"), 404, "not_found")


def test_sync_now_for_a_person_not_in_the_campaign_is_404(member, added):
    other = make_campaign(member, name="Other")
    assert_error(member.post(f"/api/campaigns/{other['id']}/people/{added['person']['id']}/sync"), 404, "not_found")


def _connect(app, team_id, status="connected"):
    with app.app_context():
        db.session.add(Integration(team_id=team_id, base_url="http://exelare.invalid", username="u",
                                   password_encrypted="x", company_id="C", api_source_id="s", status=status))
        db.session.commit()


def _state(member, added):
    return member.get(f"/api/people/{added['person']['id']}").json["sync"]


def test_sync_state_queued_with_eta_when_connected(app, member, added, team):
    assert _state(member, added)["candidate"]["paused"] is True
    assert _state(member, added)["candidate"]["eta_seconds"] is None
    _connect(app, team["team_id"])
    state = _state(member, added)["candidate"]
    assert state["status"] == "queued" and state["paused"] is False and state["eta_seconds"] == 0.0


def test_sync_state_synced_failed_skipped(app, member, added, team):
    person_id = added["person"]["id"]
    with app.app_context():
        job = db.session.get(SyncJob, jobs_of(app)[0]["id"])
        job.status, job.exelare_id, job.finished_at, job.report = "synced", "C-17", utcnow(), "Created."
        db.session.add(ExelareLink(team_id=team["team_id"], person_id=person_id, record_type="candidate",
                                   record_id="C-17", synced_at=utcnow()))
        db.session.add(SyncJob(team_id=team["team_id"], kind="record", person_id=person_id, record_type="contact",
                               trigger="added", status="skipped", last_error="Contacts never sync."))
        db.session.commit()
    state = _state(member, added)
    assert state["candidate"]["status"] == "synced" and state["candidate"]["exelare_id"] == "C-17"
    assert state["candidate"]["report"] == "Created." and state["candidate"]["synced_at"]
    assert state["contact"]["status"] == "skipped" and state["contact"]["last_error"] == "Contacts never sync."
    with app.app_context():
        db.session.add(SyncJob(team_id=team["team_id"], kind="record", person_id=person_id, record_type="candidate",
                               trigger="manual", status="failed", last_error="Exelare said no.",
                               finished_at=utcnow() + timedelta(seconds=1)))
        db.session.commit()
    failed = _state(member, added)["candidate"]
    assert failed["status"] == "failed" and failed["last_error"] == "Exelare said no."
    assert failed["exelare_id"] == "C-17"  # the record is still there


def test_lookup_shows_integration_error(app, member, team):
    _connect(app, team["team_id"], status="error")
    with app.app_context():
        integration = db.session.query(Integration).one()
        integration.last_error = "Exelare refused the password."
        db.session.commit()
    looked = member.get("/api/people", query_string={"email": "nobody@x.test"}).json
    assert looked["integration"] == {"status": "error", "last_error": "Exelare refused the password."}
