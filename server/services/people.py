"""People: dedup within a team, fill-only upserts, look-ups and manual edits."""
from sqlalchemy import String, cast, or_, select

from ..errors import Conflict
from ..extensions import db
from ..models import Membership, Person
from ..person_keys import email_key, email_keys, linkedin_key
from ..schemas.people import LIST_FIELDS, PERSON_FIELDS
from . import jobs
from .campaigns import team_campaigns
from .lookup import get_person
from .presenters import person_memberships
from .integrations import get_integration
from .sync_state import sync_state


def find_person(team_id, linkedin_url=None, emails=()):
    """The team's person with this LinkedIn URL, else one whose email key is any of ``emails``."""
    key = linkedin_key(linkedin_url)
    if key:
        person = db.session.scalar(select(Person).where(Person.team_id == team_id, Person.linkedin_key == key))
        if person is not None:
            return person
    keys = email_keys(emails)
    if not keys:
        return None
    person = db.session.scalar(select(Person).where(Person.team_id == team_id, Person.email_key.in_(keys))
                               .order_by(Person.id).limit(1))
    if person is not None:
        return person
    return _by_any_stored_email(team_id, keys)


def _by_any_stored_email(team_id, keys):
    """A person whose second (third...) email is one of ``keys``: the indexed key holds only the
    first. A text match on the stored list narrows the rows; the exact check is done here."""
    text = cast(Person.emails, String)
    candidates = db.session.scalars(select(Person).where(
        Person.team_id == team_id, or_(*[text.ilike(f"%{_like_escape(key)}%", escape="\\") for key in keys]))
        .order_by(Person.id).limit(50))
    for person in candidates:
        if set(email_keys(person.emails)) & set(keys):
            return person
    return None


def _like_escape(value):
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _set(obj, key, value):
    """Assign only real changes, so an unchanged row keeps its updated_at."""
    if getattr(obj, key) != value:
        setattr(obj, key, value)
        return True
    return False


def _refresh_keys(person):
    changed = _set(person, "linkedin_key", linkedin_key(person.linkedin_url))
    return _set(person, "email_key", email_key(person.emails)) or changed


def upsert_person(team_id, data):
    """(person, created). An existing person gets only their empty fields filled in."""
    person = find_person(team_id, data.get("linkedin_url"), data.get("emails") or [])
    if person is None:
        person = Person(team_id=team_id, **{k: data.get(k, [] if k in LIST_FIELDS else "") for k in PERSON_FIELDS})
        _refresh_keys(person)
        db.session.add(person)
        db.session.flush()
        return person, True
    for key in PERSON_FIELDS:
        value = data.get(key)
        if value and not getattr(person, key):
            setattr(person, key, list(value) if key in LIST_FIELDS else value)
    _refresh_keys(person)
    return person, False


def _detail(person):
    return {"person": person, "memberships": person_memberships(person),
            "sync": sync_state(person.id, person.team_id)}


def lookup(user, linkedin_url=None, email=None):
    """The popup's one call: the person (or null) and everything it shows next to them."""
    person = find_person(user.team_id, linkedin_url, [email] if email else [])
    integration = get_integration(user.team_id)
    campaigns = [{"id": c.id, "name": c.name, "sync_as": c.sync_as, "type": c.type}
                 for c in team_campaigns(user.team_id)]
    answer = {"person": None, "memberships": [], "sync": None, "campaigns": campaigns,
              "integration": {"status": integration.status if integration else "inactive",
                              "last_error": integration.last_error if integration else None}}
    if person is not None:
        answer.update(_detail(person))
    return answer


def person_detail(user, person_id):
    return _detail(get_person(user.team_id, person_id))


def edit_person(user, person_id, data):
    """Manual edits: given fields replace the stored ones; Exelare hears of it per sync_manual_updates."""
    person = get_person(user.team_id, person_id)
    changed = False
    for key in PERSON_FIELDS:
        if key in data:
            changed |= _set(person, key, list(data[key]) if key in LIST_FIELDS else data[key])
    new_key = linkedin_key(person.linkedin_url)
    if new_key and new_key != person.linkedin_key:
        owner = db.session.scalar(select(Person.id).where(
            Person.team_id == person.team_id, Person.linkedin_key == new_key, Person.id != person.id))
        if owner is not None:
            db.session.rollback()
            raise Conflict(f"Person {owner} already has this LinkedIn URL.",
                           {"linkedin_url": f"Person {owner} already has this LinkedIn URL."})
    changed |= _refresh_keys(person)
    if changed:
        memberships = db.session.scalars(select(Membership).where(Membership.person_id == person.id)).all()
        jobs.on_person_edited(person, memberships, user)
    db.session.commit()
    return _detail(person)
