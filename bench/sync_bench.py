"""Push N people (with a note each) through real worker processes against the sandbox.

    python bench/sync_bench.py [--people 200] [--rate 20] [--window 2] [--workers 2]

Time is scaled: the sandbox and the workers allow --rate requests per --window
seconds (20 per 2 s = 600 a minute) so a run takes minutes, not hours; the
figures are per record or normalised per minute, so they read the same as at
Exelare's real 20 a minute. Prints calls per new record, per unchanged re-sync
and per update; throttle utilisation during the backlog; 429s; records lost;
duplicates.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cryptography.fernet import Fernet  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

import requests  # noqa: E402


def build(args, tmp):
    from server import create_app
    from server.exelare.sandbox import create_sandbox_app, serve_in_thread
    sandbox = serve_in_thread(create_sandbox_app(
        rate_limit=args.rate, window_seconds=args.window,
        accounts={"BENCH": {"username": "bench", "password": "bench-password"}}))
    env = {"APP_ENV": "testing", "INSTANCE_PATH": str(tmp / "instance"),
           "DATABASE_URL": f"sqlite:///{tmp / 'app.db'}", "QUEUE_URL": f"sqlite:///{tmp / 'queue.db'}",
           "SECRET_KEY": "bench-secret-" + "x" * 32, "FERNET_KEY": Fernet.generate_key().decode(),
           "EXELARE_WINDOW_SECONDS": str(args.window), "SYNC_SLICE_SECONDS": "5"}
    os.environ.update(env)
    app = create_app()
    return sandbox, app, env


def seed(app, sandbox, args):
    from server.extensions import db
    from server.models import Campaign, Membership, OutreachEvent, Person
    from server.services import accounts, integrations, jobs
    with app.app_context():
        team, admin = accounts.create_team("Bench", "bench@bench.test", "bench-password")
        db.session.commit()
        integrations.save_and_verify(team.id, {
            "base_url": sandbox.api_url, "username": "bench", "password": "bench-password", "company_id": "BENCH",
            "api_source_id": "bench", "requests_per_minute": args.rate})
        campaign = Campaign(team_id=team.id, created_by_id=admin.id, name="Bulk import", sync_as="candidate",
                            settings={})
        db.session.add(campaign)
        db.session.flush()
        for n in range(args.people):
            person = Person(team_id=team.id, first_name=f"First{n}", last_name=f"Last{n}", title="Engineer",
                            company="Acme", city="Berlin", emails=[f"person{n}@bench.test"],
                            linkedin_url=f"https://www.linkedin.com/in/person-{n}")
            db.session.add(person)
            db.session.flush()
            membership = Membership(team_id=team.id, campaign_id=campaign.id, person_id=person.id,
                                    added_by_id=admin.id)
            db.session.add(membership)
            db.session.flush()
            jobs.on_membership_changed(membership, "added")
            for _ in range(args.notes):
                event = OutreachEvent(team_id=team.id, membership_id=membership.id, person_id=person.id,
                                      type="note", subject=f"Note for {n}", body="Bench note")
                db.session.add(event)
                db.session.flush()
                jobs.on_event(event, membership)
        db.session.commit()
        return team.id


def start_workers(env, count, tmp):
    procs = []
    for n in range(count):
        log = open(tmp / f"worker{n}.log", "w")
        procs.append(subprocess.Popen([sys.executable, "-m", "server", "worker"], cwd=REPO,
                                      env=dict(os.environ, **env, WORKER_THREADS="2"),
                                      stdout=log, stderr=subprocess.STDOUT))
    return procs


def wait_idle(app, team_id, timeout):
    from server.extensions import db
    from server.models import SyncJob
    deadline = time.time() + timeout
    with app.app_context():
        while time.time() < deadline:
            open_jobs = db.session.scalar(select(func.count(SyncJob.id)).where(
                SyncJob.team_id == team_id, SyncJob.status.in_(("queued", "running"))))
            db.session.rollback()
            if open_jobs == 0:
                return True
            time.sleep(0.2)
    return False


def counts(sandbox):
    body = requests.get(f"{sandbox.url}/_sandbox/counts", params={"CompanyID": "BENCH"}, timeout=5).json()
    return dict(body["counts"], throttled=body["throttled"])


def delta(after, before):
    return {key: after.get(key, 0) - before.get(key, 0) for key in after}


def job_span(app, team_id, since):
    from server.extensions import db
    from server.models import SyncJob
    with app.app_context():
        first, last = db.session.execute(select(func.min(SyncJob.started_at), func.max(SyncJob.finished_at)).where(
            SyncJob.team_id == team_id, SyncJob.created_at >= since)).one()
        return (last - first).total_seconds()


def phase(app, sandbox, team_id, label, change, timeout):
    from server.extensions import db
    from server.models import utcnow
    before, since = counts(sandbox), utcnow()
    with app.app_context():
        change()
        db.session.commit()
    if not wait_idle(app, team_id, timeout):
        raise SystemExit(f"{label}: jobs did not finish within {timeout}s")
    return delta(counts(sandbox), before), job_span(app, team_id, since)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--notes", type=int, default=1, help="notes per person")
    parser.add_argument("--rate", type=int, default=20, help="requests allowed per window")
    parser.add_argument("--window", type=float, default=2.0, help="seconds (60 = Exelare's real pace)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    sandbox, app, env = build(args, tmp)
    team_id = seed(app, sandbox, args)
    from server.extensions import db
    from server.models import ExelareLink, Membership, Person, Team
    from server.services import jobs
    workers = start_workers(env, args.workers, tmp)
    timeout = 10 * (3 * args.people + args.people * args.notes) / args.rate * args.window + 60
    try:
        before, started = counts(sandbox), time.time()
        if not wait_idle(app, team_id, timeout):
            raise SystemExit("backlog did not drain in time")
        new = delta(counts(sandbox), before)
        span = job_span(app, team_id, since=__import__("datetime").datetime(2000, 1, 1))
        wall = time.time() - started

        def resync_all():
            for membership in db.session.scalars(select(Membership).where(Membership.team_id == team_id)):
                jobs.sync_now(membership)

        def edit_all(field, value):
            def change():
                for person in db.session.scalars(select(Person).where(Person.team_id == team_id)):
                    setattr(person, field, f"{value} {person.id}")
                    jobs.on_person_edited(person, [])
            return change

        def protect_title():
            team = db.session.get(Team, team_id)
            team.settings = {"candidate": {"protected_fields": ["JobTitle"]}}

        unchanged, _ = phase(app, sandbox, team_id, "re-sync", resync_all, timeout)
        update, update_span = phase(app, sandbox, team_id, "update", edit_all("company", "Globex"), timeout)
        with app.app_context():
            protect_title()
            db.session.commit()
        protected, _ = phase(app, sandbox, team_id, "update (protected)", edit_all("company", "Initech"), timeout)
        records = requests.get(f"{sandbox.url}/_sandbox/records", params={"CompanyID": "BENCH"}, timeout=10).json()
        notes = requests.get(f"{sandbox.url}/_sandbox/notes", params={"CompanyID": "BENCH"}, timeout=10).json()
        with app.app_context():
            linked = db.session.scalar(select(func.count(ExelareLink.id)).where(ExelareLink.team_id == team_id))
    finally:
        for proc in workers:
            proc.terminate()
        for proc in workers:
            proc.wait(timeout=15)
        sandbox.shutdown()

    n = args.people
    emails = [r.get("EMail1") for r in records["records"]]
    record_calls = new.get("search", 0) + new.get("create", 0) + new.get("view", 0) + new.get("update", 0)
    used = sum(v for k, v in new.items() if k != "throttled")
    allowed = args.rate * (span / args.window + 1)
    per_minute = 60.0 / args.window
    print(f"sync benchmark: {n} people, {args.notes} note(s) each, {args.workers} worker processes, "
          f"{args.rate} requests per {args.window:g}s window (x{per_minute:g} Exelare's pace)")
    print(f"  backlog drained in            {wall:7.1f} s wall, {span:.1f} s from first to last job")
    print(f"  calls per new record          {record_calls / n:7.2f}   (search {new.get('search', 0)}, "
          f"create {new.get('create', 0)}; target <= 2)")
    print(f"  calls per note                {new.get('addnote', 0) / max(1, n * args.notes):7.2f}")
    print(f"  calls per unchanged re-sync   {sum(v for k, v in unchanged.items() if k != 'throttled') / n:7.2f}"
          "   (target 0)")
    print(f"  calls per update              {sum(v for k, v in update.items() if k != 'throttled') / n:7.2f}"
          "   (no protected field to read; target 1)")
    print(f"  calls per update, protected   {sum(v for k, v in protected.items() if k != 'throttled') / n:7.2f}"
          "   (JobTitle protected: view + update; target <= 2)")
    print(f"  throttle utilisation          {100 * used / allowed:6.1f} %  ({used} requests used / "
          f"{allowed:.0f} allowed during the backlog; target >= 90 %)")
    print(f"  throughput                    {used / (span + args.window) * args.window / args.rate * 20:7.1f} requests per "
          f"Exelare-minute (limit 20)")
    print(f"  429s received                 {new['throttled'] + unchanged['throttled'] + update['throttled'] + protected['throttled']:7d}"
          "   (target 0)")
    print(f"  records lost                  {n - linked:7d}   (people without an Exelare record)")
    print(f"  duplicates created            {len(emails) - len(set(emails)):7d}")
    print(f"  notes pushed                  {len(notes['notes']):7d} of {n * args.notes}")


if __name__ == "__main__":
    main()
