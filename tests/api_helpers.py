"""Small helpers shared by the API tests of settings, campaigns and people."""
from sqlalchemy import select

from server.extensions import db
from server.models import OutreachEvent, SyncJob

ADA = {"first_name": "Ada", "last_name": "Lovelace", "company": "Engines Ltd", "title": "Analyst",
       "emails": ["ada@engines.test"], "linkedin_url": "https://www.linkedin.com/in/ada-lovelace/"}


def assert_error(response, status, code=None, field=None):
    """The one error shape; ``field`` must be named in fields."""
    assert response.status_code == status, (response.status_code, response.get_json())
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    if field is not None:
        assert field in body["error"]["fields"], body
    return body["error"]


def make_campaign(api, **fields):
    body = {"name": "Spring outreach", **fields}
    response = api.post("/api/campaigns", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def add(api, campaign_id, person=None, **extra):
    return api.post(f"/api/campaigns/{campaign_id}/people", json={"person": person or ADA, **extra})


def jobs_of(app, **where):
    """SyncJob rows as dicts, oldest first, filtered by column equality."""
    with app.app_context():
        query = select(SyncJob).order_by(SyncJob.id)
        for key, value in where.items():
            query = query.where(getattr(SyncJob, key) == value)
        rows = db.session.scalars(query).all()
        return [{"id": j.id, "kind": j.kind, "record_type": j.record_type, "status": j.status,
                 "trigger": j.trigger, "priority": j.priority, "event_id": j.event_id,
                 "waiting_reason": j.waiting_reason} for j in rows]


def event_count(app):
    with app.app_context():
        return len(db.session.scalars(select(OutreachEvent.id)).all())
