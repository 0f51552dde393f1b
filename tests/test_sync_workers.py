"""Real worker processes (`python -m server worker`): crash recovery and fairness between teams."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import TEST_FERNET_KEY, make_team
from sync_support import add_person, all_jobs, make_campaign

REPO = Path(__file__).resolve().parents[1]


def start_worker(app, tmp_path, name, **env):
    config = app.config
    environment = dict(os.environ, APP_ENV="testing", INSTANCE_PATH=str(tmp_path / "instance"),
                       DATABASE_URL=config["SQLALCHEMY_DATABASE_URI"], QUEUE_URL=config["QUEUE_URL"],
                       SECRET_KEY=config["SECRET_KEY"], FERNET_KEY=TEST_FERNET_KEY,
                       SYNC_JOB_TIMEOUT_SECONDS=str(config["SYNC_JOB_TIMEOUT_SECONDS"]),
                       SYNC_SLICE_SECONDS=str(config["SYNC_SLICE_SECONDS"]),
                       SYNC_BACKOFF_BASE_SECONDS="0.2", WORKER_THREADS="2")
    environment.update(env)
    log = open(tmp_path / f"{name}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "server", "worker"], cwd=REPO, env=environment,
                            stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = tmp_path / f"{name}.log"
    return proc


def wait_for(predicate, timeout=30, interval=0.1, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.parametrize("app", [{"SYNC_JOB_TIMEOUT_SECONDS": 2}], indirect=True)
def test_worker_killed_mid_create_recovers_with_exactly_one_record(app, team, connected, tmp_path):
    # The create reaches Exelare but the worker dies before it hears the answer.
    connected.fault(count=1, delay=2.0, operations=["create"])
    worker = start_worker(app, tmp_path, "w1")
    try:
        add_person(app, team["team_id"], make_campaign(app, team["team_id"]))
        wait_for(lambda: all_jobs(app, team["team_id"])[0]["create_sent_at"] is not None, what="create sent")
        time.sleep(0.3)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=5)
    finally:
        stop(worker)
    wait_for(lambda: len(connected.records()) == 1, what="the record Exelare created anyway")
    [job] = all_jobs(app, team["team_id"])
    assert job["status"] == "running" and job["exelare_id"] is None   # the worker never recorded it
    time.sleep(2.2)   # the dead worker's lease and the job's timeout expire
    worker2 = start_worker(app, tmp_path, "w2")
    try:
        wait_for(lambda: all_jobs(app, team["team_id"])[0]["status"] == "synced", timeout=30, what="recovery")
    finally:
        stop(worker2)
    [job] = all_jobs(app, team["team_id"])
    [record] = connected.records()
    assert job["exelare_id"] == record["RecordID"] and job["action"] == "link"
    assert connected.counts()["counts"]["create"] == 1


@pytest.mark.parametrize("app", [{"SYNC_SLICE_SECONDS": 2}], indirect=True)
def test_one_teams_backlog_does_not_starve_another(app, client, team, connected, exelare_factory, tmp_path):
    from support import login
    campaign_a = make_campaign(app, team["team_id"])
    for n in range(15):   # ~30 calls at 20 a minute: a backlog of well over a minute
        add_person(app, team["team_id"], campaign_a, interactive=False, first_name=f"A{n}",
                   emails=[f"a{n}@a.test"], linkedin_url="")
    worker = start_worker(app, tmp_path, "w", WORKER_THREADS="1")
    try:
        wait_for(lambda: len(connected.records()) >= 3, what="team A under way")
        other = make_team(app, "Initech")
        other_admin = login(client, other["admin"])
        account_b = exelare_factory()
        assert other_admin.put("/api/integrations/exelare", json=account_b.credentials()).status_code == 200
        add_person(app, other["team_id"], make_campaign(app, other["team_id"]), first_name="B0")
        started = time.time()
        wait_for(lambda: len(account_b.records()) == 1, timeout=20, what="team B's one job")
        waited = time.time() - started
        remaining_a = [j for j in all_jobs(app, team["team_id"]) if j["status"] == "queued"]
    finally:
        stop(worker)
    assert remaining_a, "team A's backlog should still be waiting when team B is served"
    print(f"team B served after {waited:.1f}s with team A's backlog at {len(remaining_a)} jobs")
    assert connected.counts()["throttled"] == 0
