"""Changes that race a push, and pushes that outlive the reason they were queued for."""
from datetime import timedelta

from sqlalchemy import select

from server.extensions import db
from server.models import Membership, SyncJob, utcnow
from server.services import jobs
from sync_support import (add_event, add_person, all_jobs, edit_person, make_campaign, run_worker,
                          set_team_settings)


def _mark_running(app, job_id, minutes_ago=0, create_sent=False):
    with app.app_context():
        job = db.session.get(SyncJob, job_id)
        job.status, job.started_at, job.attempts = "running", utcnow() - timedelta(minutes=minutes_ago), 1
        if create_sent:
            job.create_sent_at = utcnow()
        db.session.commit()


def _precreate(account):
    from server.exelare.client import ExelareClient
    with ExelareClient(account.server.api_url, account.company_id, account.username, account.password,
                       "outreach-tests") as client:
        return client.create("candidate", {"FirstName": "Grace", "LastName": "Hopper", "EMail1": "grace@navy.test"})


def test_a_running_job_gives_way_to_a_newer_queued_push_instead_of_crashing(app, team, connected):
    campaign = make_campaign(app, team["team_id"])
    _, membership_id = add_person(app, team["team_id"], campaign)
    [first] = all_jobs(app, team["team_id"])
    _mark_running(app, first["id"])
    with app.app_context():
        newer = jobs.sync_now(db.session.get(Membership, membership_id))   # while the first one runs
        db.session.commit()
        assert newer.id != first["id"]
        job = db.session.get(SyncJob, first["id"])
        survivor = jobs.requeue(job)   # e.g. a 5xx sends the first back to the queue
        db.session.commit()
        assert survivor.id == newer.id
    statuses = {j["id"]: (j["status"], j["last_error"]) for j in all_jobs(app, team["team_id"])}
    assert statuses[first["id"]] == ("skipped", f"Superseded by job #{newer.id}, which pushes the newer data.")
    assert statuses[newer.id][0] == "queued"


def test_killed_create_with_a_newer_push_queued_makes_no_duplicate_even_with_merge_off(app, team, connected):
    set_team_settings(app, team["team_id"], {"general": {"merge_duplicates": False}})
    campaign = make_campaign(app, team["team_id"])
    _, membership_id = add_person(app, team["team_id"], campaign)
    [first] = all_jobs(app, team["team_id"])
    _mark_running(app, first["id"], minutes_ago=60, create_sent=True)
    existing = _precreate(connected)          # the create reached Exelare; the worker died
    with app.app_context():
        jobs.sync_now(db.session.get(Membership, membership_id))
        db.session.commit()
        jobs.sweep(app.extensions["queue"])   # must not crash on the queued twin
    run_worker(app, team["team_id"])
    assert [r["RecordID"] for r in connected.records()] == [existing]
    assert [j["status"] for j in all_jobs(app, team["team_id"])] == ["skipped", "synced"]


def test_a_person_removed_from_the_campaign_before_the_push_is_not_pushed(app, team, connected):
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    with app.app_context():
        db.session.delete(db.session.get(Membership, membership_id))
        db.session.commit()
    run_worker(app, team["team_id"])
    assert connected.records() == []
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "skipped" and "No campaign wants this person" in job["last_error"]


def test_sync_now_merged_into_a_queued_push_still_pushes_whatever_the_trigger(app, team, connected):
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "never"}})
    with app.app_context():
        job = jobs.sync_now(db.session.get(Membership, membership_id))
        db.session.commit()
        assert job.trigger == "manual"
    run_worker(app, team["team_id"])
    assert len(connected.records()) == 1


def test_no_create_is_marked_sent_when_the_push_failed_before_it(app, team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    connected.fault(count=1, status=503, operations=["search"])
    run_worker(app, team["team_id"])
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "queued" and job["create_sent_at"] is None


def test_fixing_the_name_after_a_failed_push_pushes_again(app, team, connected):
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]), last_name="")
    run_worker(app, team["team_id"])
    assert all_jobs(app, team["team_id"])[0]["status"] == "failed"
    assert edit_person(app, person_id, last_name="Hopper")
    run_worker(app, team["team_id"])
    assert [r["LastName"] for r in connected.records()] == ["Hopper"]


def test_held_notes_moved_to_a_type_that_never_syncs_are_skipped_with_a_reason(app, team, connected):
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "interested"},
                                              "contact": {"sync_upon": "never"}})
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    add_event(app, membership_id, "replied")
    with app.app_context():
        membership = db.session.get(Membership, membership_id)
        membership.sync_as_override = "contact"
        jobs.on_membership_changed(membership, "override_changed")
        db.session.commit()
    [note] = [j for j in all_jobs(app, team["team_id"]) if j["kind"] == "note"]
    assert note["record_type"] == "contact" and note["status"] == "skipped"
    assert "never sync" in note["last_error"]


def test_a_members_own_trigger_change_re_decides_the_people_they_added(app, team, member):
    set_team_settings(app, team["team_id"], {"candidate": {"sync_upon": "never"}})
    campaign = make_campaign(app, team["team_id"])
    with app.app_context():
        from server.models import User
        me = db.session.scalar(select(User).where(User.email == team["member"]))
        admin_id = db.session.scalar(select(User.id).where(User.email == team["admin"]))
    add_person(app, team["team_id"], campaign)            # added by the admin (sync_support)
    with app.app_context():
        db.session.execute(db.update(Membership).values(added_by_id=me.id))
        db.session.commit()
    assert all_jobs(app, team["team_id"]) == []
    assert member.put("/api/settings/me", json={"candidate": {"sync_upon": "added"}}).status_code == 200
    [job] = all_jobs(app, team["team_id"])
    assert job["trigger"] == "settings_changed" and admin_id != me.id


def test_the_sweeper_releases_a_note_held_while_its_record_was_being_linked(app, team, connected):
    _, membership_id = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    add_event(app, membership_id, "note", subject="late")
    with app.app_context():   # as if held in the instant before the link was committed
        db.session.execute(db.update(SyncJob).where(SyncJob.kind == "note").values(waiting_reason="Held"))
        db.session.commit()
        jobs.sweep(app.extensions["queue"])
    run_worker(app, team["team_id"])
    assert [n["Subject"] for n in connected.notes()] == ["late"]


def test_switching_to_another_exelare_account_forgets_record_ids(app, team, admin, connected, exelare_factory):
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    [old_record] = connected.records()
    other_account = exelare_factory()
    from server.exelare.client import ExelareClient
    with ExelareClient(other_account.server.api_url, other_account.company_id, other_account.username,
                       other_account.password, "x") as client:   # an unrelated record with the same id
        client.create("candidate", {"FirstName": "Unrelated", "LastName": "Person"})
    assert admin.put("/api/integrations/exelare", json=other_account.credentials()).status_code == 200
    edit_person(app, person_id, title="Moved accounts")
    from server.services import jobs as job_service
    with app.app_context():
        db.session.execute(db.update(Membership).values(status="added"))
        membership = db.session.scalar(select(Membership))
        job_service.sync_now(membership)
        db.session.commit()
    run_worker(app, team["team_id"])
    names = sorted(r["FirstName"] for r in other_account.records())
    assert names == ["Grace", "Unrelated"]                     # a new record, the unrelated one untouched
    assert [r["RecordID"] for r in connected.records()] == [old_record["RecordID"]]
