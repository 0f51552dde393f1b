"""Teams, users and sign-in."""
from sqlalchemy import func, select

from .. import auth
from ..errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from ..extensions import db
from ..models import Team, User


def normalise_email(email):
    return (email or "").strip().lower()


def create_team(name, admin_email, admin_password, admin_name=""):
    if not name.strip():
        raise ValidationFailed("The team needs a name.", {"name": "Required."})
    team = Team(name=name.strip(), settings={})
    db.session.add(team)
    db.session.flush()
    admin = add_user(team, admin_email, admin_password, role="admin", name=admin_name)
    return team, admin


def add_user(team, email, password, role="member", name=""):
    email = normalise_email(email)
    if len(password) < 8:
        raise ValidationFailed("The password must have at least 8 characters.",
                               {"password": "At least 8 characters."})
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise Conflict(f"A user with the email {email} already exists.", {"email": "Already in use."})
    user = User(team_id=team.id, email=email, name=name, role=role, preferences={},
                password_hash=auth.hash_password(password), token_version=1)
    db.session.add(user)
    db.session.flush()
    return user


def login(email, password):
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if not auth.verify_password(user, password):
        raise Unauthorized("The email or password is wrong.")
    return user, auth.issue_token(user)


def change_password(user, current_password, new_password):
    if not auth.verify_password(user, current_password):
        raise ValidationFailed("The current password is wrong.", {"current_password": "Wrong password."})
    auth.set_password(user, new_password)
    db.session.commit()
    return auth.issue_token(user)


def list_members(team_id):
    return db.session.scalars(select(User).where(User.team_id == team_id).order_by(User.id)).all()


def remove_member(actor, user_id):
    user = db.session.get(User, user_id)
    if user is None or user.team_id != actor.team_id:
        raise NotFound("No such member in your team.")
    if user.id == actor.id:
        raise Forbidden("You cannot remove yourself; ask another admin.")
    db.session.delete(user)
    db.session.commit()
