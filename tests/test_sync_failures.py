"""Rate limits, outages and refused credentials: nothing is lost, nothing fails that can wait."""
import requests

from sync_support import add_person, all_jobs, make_campaign, make_due, run_worker


def test_429_from_someone_else_waits_for_retry_after_and_does_not_fail(app, team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    connected.fault(count=1, status=429, retry_after=7)
    run_worker(app, team["team_id"])
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "queued" and job["attempts"] == 0
    waited = (job["next_attempt_at"] - job["updated_at"]).total_seconds()
    assert 6 <= waited <= 8 and "waiting 7s" in job["last_error"]
    make_due(app, team["team_id"])
    run_worker(app, team["team_id"])
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "synced" and len(connected.records()) == 1


def test_5xx_then_success_retries_with_backoff(app, team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    connected.fault(count=1, status=503)
    run_worker(app, team["team_id"])
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "queued" and job["attempts"] == 1 and "attempt 1" in job["last_error"]
    make_due(app, team["team_id"])
    run_worker(app, team["team_id"])
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "synced" and job["attempts"] == 2 and job["last_error"] is None


def test_dropped_connection_and_timeout_are_retried(app, team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    connected.fault(count=1, drop=True)
    run_worker(app, team["team_id"])
    assert all_jobs(app, team["team_id"])[0]["status"] == "queued"
    make_due(app, team["team_id"])
    run_worker(app, team["team_id"])
    assert all_jobs(app, team["team_id"])[0]["status"] == "synced"


def test_retries_exhausted_fail_with_a_reason_then_manual_retry_succeeds(app, team, connected, admin):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    connected.fault(count=app.config["SYNC_MAX_ATTEMPTS"], status=500)
    for _ in range(app.config["SYNC_MAX_ATTEMPTS"]):
        make_due(app, team["team_id"])
        run_worker(app, team["team_id"])
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "failed" and "gave up after 6 attempts" in job["last_error"]
    listed = admin.get("/api/sync-jobs?status=failed").json
    assert listed["total"] == 1 and listed["items"][0]["last_error"] == job["last_error"]
    retried = admin.post(f"/api/sync-jobs/{job['id']}/retry")
    assert retried.status_code == 200 and retried.json["job"]["status"] == "queued"
    assert retried.json["job"]["priority"] == "interactive"
    run_worker(app, team["team_id"])
    assert all_jobs(app, team["team_id"])[0]["status"] == "synced" and len(connected.records()) == 1
    assert admin.post(f"/api/sync-jobs/{job['id']}/retry").status_code == 409


def test_retry_of_another_teams_job_is_404(app, team, other_team, connected):
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    [job] = all_jobs(app, team["team_id"])
    assert other_team["admin_api"].post(f"/api/sync-jobs/{job['id']}/retry").status_code == 404
    assert other_team["admin_api"].get("/api/sync-jobs").json["total"] == 0


def test_401_pauses_the_integration_and_saving_credentials_resumes(app, team, connected, admin):
    campaign = make_campaign(app, team["team_id"])
    add_person(app, team["team_id"], campaign)
    add_person(app, team["team_id"], campaign, first_name="Ada", last_name="Lovelace", emails=["ada@x.test"],
               linkedin_url="")
    # Someone changes the API user's password in Exelare.
    requests.post(f"{connected.server.url}/_sandbox/accounts", timeout=5, json={
        "CompanyID": connected.company_id, "Username": connected.username, "Password": "rotated-password"})
    run_worker(app, team["team_id"])
    status = admin.get("/api/integrations/exelare").json
    assert status["status"] == "error" and "401" in status["last_error"] and status["paused_jobs"] == 2
    assert [j["status"] for j in all_jobs(app, team["team_id"])] == ["queued", "queued"]
    assert all(j["attempts"] == 0 for j in all_jobs(app, team["team_id"]))
    assert run_worker(app, team["team_id"]) == 0           # paused: the worker does not even try
    saved = admin.put("/api/integrations/exelare", json=connected.credentials(password="rotated-password"))
    assert saved.json["status"] == "connected"
    run_worker(app, team["team_id"])
    assert [j["status"] for j in all_jobs(app, team["team_id"])] == ["synced", "synced"]
    assert len(connected.records()) == 2


def test_interactive_jobs_run_before_bulk(app, team, connected):
    campaign = make_campaign(app, team["team_id"])
    for n in range(3):
        add_person(app, team["team_id"], campaign, interactive=False, first_name=f"Bulk{n}",
                   emails=[f"bulk{n}@x.test"], linkedin_url="")
    add_person(app, team["team_id"], campaign, interactive=True, first_name="Popup", emails=["popup@x.test"],
               linkedin_url="")
    run_worker(app, team["team_id"])
    created = [r["FirstName"] for r in connected.records("Consultants")]
    assert created == ["Popup", "Bulk0", "Bulk1", "Bulk2"]


def test_changes_coalesce_into_one_queued_job(app, team, connected):
    from sync_support import edit_person
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    for title in ("A", "B", "C"):
        edit_person(app, person_id, title=title)
    record_jobs = [j for j in all_jobs(app, team["team_id"]) if j["kind"] == "record"]
    assert [j["status"] for j in record_jobs] == ["synced", "queued"]
    run_worker(app, team["team_id"])
    assert connected.records()[0]["JobTitle"] == "C"


def test_queued_jobs_show_an_eta_from_the_backlog(app, team, connected, admin):
    campaign = make_campaign(app, team["team_id"])
    for n in range(5):
        add_person(app, team["team_id"], campaign, interactive=False, first_name=f"P{n}",
                   emails=[f"p{n}@x.test"], linkedin_url="")
    items = admin.get("/api/sync-jobs?status=queued").json["items"]
    etas = sorted(item["eta_seconds"] for item in items)
    # 2 calls a job at 20 a minute: 6 s a job.
    assert etas == [0.0, 6.0, 12.0, 18.0, 24.0]


def test_a_record_deleted_in_exelare_fails_with_a_reason_and_retry_recreates(app, team, connected, admin):
    from sync_support import edit_person
    from server.extensions import db
    from server.models import ExelareLink
    person_id, _ = add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    run_worker(app, team["team_id"])
    with app.app_context():
        link = db.session.query(ExelareLink).one()
        link.record_id = "CS99999999"   # as if the record had been deleted in Exelare
        db.session.commit()
    edit_person(app, person_id, title="New title")
    run_worker(app, team["team_id"])
    job = all_jobs(app, team["team_id"])[-1]
    assert job["status"] == "failed" and "no longer exists" in job["last_error"]
    admin.post(f"/api/sync-jobs/{job['id']}/retry")
    run_worker(app, team["team_id"])
    assert all_jobs(app, team["team_id"])[-1]["status"] == "synced"
    assert len(connected.records()) == 1   # the search found and re-linked the original record


def test_sweeper_wakes_a_backlog_whose_wake_up_was_lost(app, team, connected):
    """The job row is committed but the huey message is lost (a crash between the two)."""
    from server.services import jobs as job_service
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    queue = app.extensions["queue"]
    queue.huey.flush()                                   # the wake-up never made it
    assert queue.huey.pending_count() == 0
    with app.app_context():
        assert job_service.sweep(queue) == 1
    assert queue.huey.pending_count() == 1
    task = queue.huey.dequeue()
    queue.huey.execute(task)                             # what a worker thread does with it
    assert [j["status"] for j in all_jobs(app, team["team_id"])] == ["synced"]
    assert len(connected.records()) == 1


def test_sweeper_requeues_a_job_left_running_by_a_dead_worker(app, team, connected):
    from datetime import timedelta
    from server.extensions import db
    from server.models import SyncJob, utcnow
    from server.services import jobs as job_service
    add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
    with app.app_context():
        job = db.session.query(SyncJob).one()
        job.status, job.started_at = "running", utcnow() - timedelta(hours=1)
        db.session.commit()
        job_service.sweep(app.extensions["queue"])
        db.session.refresh(job)
        assert job.status == "queued" and "worker stopped" in job.last_error
