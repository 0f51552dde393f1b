"""Helpers for sync tests: rows made through the services, and the drainer run in-process.

The drainer talks to the sandbox over real HTTP and to a real SQLite file;
only the huey hop is skipped (worker-process tests cover it).
"""
from sqlalchemy import select

from server.extensions import db
from server.models import Campaign, Integration, Membership, OutreachEvent, Person, SyncJob, User
from server.services import jobs
from server.sync_runner import drain


def make_campaign(app, team_id, sync_as="candidate", settings=None, name="Backend engineers"):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.team_id == team_id, User.role == "admin"))
        campaign = Campaign(team_id=team_id, created_by_id=admin.id, name=name, type="email",
                            sync_as=sync_as, settings=settings or {})
        db.session.add(campaign)
        db.session.commit()
        return campaign.id


def set_team_settings(app, team_id, settings):
    from server.models import Team
    with app.app_context():
        team = db.session.get(Team, team_id)
        team.settings = settings
        db.session.commit()


DEFAULT_PERSON = {"first_name": "Grace", "last_name": "Hopper", "title": "Staff Engineer", "company": "Navy Labs",
                  "city": "Arlington", "country": "USA", "emails": ["grace@navy.test"],
                  "linkedin_url": "https://www.linkedin.com/in/grace-hopper"}


def add_person(app, team_id, campaign_id, sync_as=None, status="added", interactive=True, **fields):
    """Person + membership + the trigger check, in one transaction (as the API does)."""
    data = dict(DEFAULT_PERSON, **fields)
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.team_id == team_id, User.role == "admin"))
        person = Person(team_id=team_id, **data)
        db.session.add(person)
        db.session.flush()
        membership = Membership(team_id=team_id, campaign_id=campaign_id, person_id=person.id, status=status,
                                sync_as_override=sync_as, added_by_id=admin.id)
        db.session.add(membership)
        db.session.flush()
        jobs.on_membership_changed(membership, "added", interactive=interactive)
        db.session.commit()
        return person.id, membership.id


def add_event(app, membership_id, event_type, subject="", occurred_at=None):
    from server import sync
    with app.app_context():
        membership = db.session.get(Membership, membership_id)
        event = OutreachEvent(team_id=membership.team_id, membership_id=membership.id,
                              person_id=membership.person_id, type=event_type, subject=subject,
                              body=f"{event_type} body", **({"occurred_at": occurred_at} if occurred_at else {}))
        db.session.add(event)
        membership.status = sync.stage_after(membership.status, event_type)
        db.session.flush()
        created = jobs.on_event(event, membership)
        db.session.commit()
        return [job.id for job in created]


def edit_person(app, person_id, **fields):
    with app.app_context():
        person = db.session.get(Person, person_id)
        for key, value in fields.items():
            setattr(person, key, value)
        memberships = db.session.scalars(select(Membership).where(Membership.person_id == person_id)).all()
        created = jobs.on_person_edited(person, memberships)
        db.session.commit()
        return [job.id for job in created]


def run_worker(app, team_id, slice_seconds=30):
    """Drain the team's integration once, in-process. Returns jobs run."""
    with app.app_context():
        integration = db.session.scalar(select(Integration).where(Integration.team_id == team_id))
        return drain(integration.id, owner="test", slice_seconds=slice_seconds)


def all_jobs(app, team_id):
    with app.app_context():
        rows = db.session.scalars(select(SyncJob).where(SyncJob.team_id == team_id).order_by(SyncJob.id)).all()
        return [{c.name: getattr(job, c.name) for c in SyncJob.__table__.columns} for job in rows]


def make_due(app, team_id):
    """Jobs waiting on a backoff become due now (instead of sleeping in a test)."""
    from server.models import utcnow
    with app.app_context():
        for job in db.session.scalars(select(SyncJob).where(SyncJob.team_id == team_id, SyncJob.status == "queued")):
            job.next_attempt_at = utcnow()
        db.session.commit()
