"""SQLAlchemy models. Every row below Team carries team_id: tenancy is checked by query, never by hope."""
from datetime import datetime, timezone

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow():
    # Naive UTC everywhere: SQLite has no time zones and mixing aware/naive breaks comparisons.
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Team(db.Model):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped on every password change; tokens carry it, so older tokens stop working.
    token_version: Mapped[int] = mapped_column(default=1)
    role: Mapped[str] = mapped_column(String(16), default="member")
    preferences: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    team: Mapped[Team] = relationship()

    @property
    def is_admin(self):
        return self.role == "admin"


class Integration(db.Model):
    __tablename__ = "integrations"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), unique=True)
    base_url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(80))
    password_encrypted: Mapped[str] = mapped_column(Text)
    company_id: Mapped[str] = mapped_column(String(40))
    api_source_id: Mapped[str] = mapped_column(String(80))
    requests_per_minute: Mapped[int] = mapped_column(default=20)
    status: Mapped[str] = mapped_column(String(16), default="inactive")
    last_error: Mapped[str | None] = mapped_column(Text)
    last_verified_at: Mapped[datetime | None]
    # One drainer at a time per integration: a lease that a dead worker gives up by expiring.
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ExelareRequest(db.Model):
    """One slot of the shared rolling-window rate limiter (see ratelimit.py)."""
    __tablename__ = "exelare_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("integrations.id", ondelete="CASCADE"))
    at: Mapped[float]  # epoch seconds; completion time once the request returned
    __table_args__ = (Index("ix_exelare_requests_integration_at", "integration_id", "at"),)


class FieldMapping(db.Model):
    __tablename__ = "field_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    record_type: Mapped[str] = mapped_column(String(16))
    mapping: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("team_id", "record_type"),)


class Campaign(db.Model):
    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40), default="email")
    sync_as: Mapped[str] = mapped_column(String(16), default="candidate")
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Person(db.Model):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(100), default="")
    zip_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    skills: Mapped[str] = mapped_column(String(1000), default="")
    emails: Mapped[list] = mapped_column(JSON, default=list)
    phones: Mapped[list] = mapped_column(JSON, default=list)
    linkedin_url: Mapped[str] = mapped_column(String(500), default="")
    twitter_url: Mapped[str] = mapped_column(String(500), default="")
    facebook_url: Mapped[str] = mapped_column(String(500), default="")
    github_url: Mapped[str] = mapped_column(String(500), default="")
    # Dedup keys: normalised LinkedIn URL and lower-cased first email, unique per team.
    linkedin_key: Mapped[str | None] = mapped_column(String(500))
    email_key: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (
        UniqueConstraint("team_id", "linkedin_key"),
        Index("ix_people_team_email", "team_id", "email_key"),
    )


class Membership(db.Model):
    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="added")
    sync_as_override: Mapped[str | None] = mapped_column(String(16))
    override_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_set_at: Mapped[datetime | None]
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    campaign: Mapped[Campaign] = relationship()
    person: Mapped[Person] = relationship()
    __table_args__ = (UniqueConstraint("campaign_id", "person_id"),)


class OutreachEvent(db.Model):
    __tablename__ = "outreach_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The caller's id for the event, so a repeated POST does not make a second note.
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("membership_id", "external_id"),)


class ExelareLink(db.Model):
    __tablename__ = "exelare_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(40))
    # What we last sent, so an unchanged re-sync costs no Exelare call.
    last_payload: Mapped[dict] = mapped_column(JSON, default=dict)
    linked_by: Mapped[str] = mapped_column(String(16), default="created")  # created | matched
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("person_id", "record_type"),)


JOB_STATUSES = ("queued", "running", "synced", "failed", "skipped")


class SyncJob(db.Model):
    __tablename__ = "sync_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # record | note
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_events.id", ondelete="CASCADE"))
    record_type: Mapped[str] = mapped_column(String(16))
    trigger: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(default=1)  # 0 interactive, 1 bulk
    # Records run before notes; notes run in the order their events happened.
    order_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    waiting_reason: Mapped[str | None] = mapped_column(Text)
    # Set just before a create is sent: a retry then searches before creating again.
    create_sent_at: Mapped[datetime | None]
    exelare_id: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str | None] = mapped_column(String(16))  # create | update | link | none | note
    diff: Mapped[dict | None] = mapped_column(JSON)
    report: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (
        Index("ix_sync_jobs_pick", "team_id", "status", "priority", "kind", "order_at"),
        # Coalescing: at most one queued record job per person and record type.
        Index("uq_sync_jobs_one_queued_record", "person_id", "record_type", unique=True,
              sqlite_where=text("status = 'queued' AND kind = 'record'"),
              postgresql_where=text("status = 'queued' AND kind = 'record'")),
    )
