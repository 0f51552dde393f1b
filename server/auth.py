"""Password hashing, signed expiring tokens, and the role checks views use.

Tokens are itsdangerous URLSafeTimedSerializer signatures over
``{"uid": user id, "v": token_version}``: changing the password bumps the
version, which revokes every older token without a token table.
"""
from functools import wraps

from flask import current_app, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import Forbidden, TokenExpired, Unauthorized
from .extensions import db
from .models import User

_SALT = "auth-token"
# Checked against when the email is unknown, so a login costs the same either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password):
    return generate_password_hash(password)


def verify_password(user, password):
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def set_password(user, password):
    user.password_hash = hash_password(password)
    user.token_version = (user.token_version or 0) + 1


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def issue_token(user):
    return _serializer().dumps({"uid": user.id, "v": user.token_version})


def user_from_token(token):
    max_age = current_app.config["TOKEN_MAX_AGE_SECONDS"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenExpired("Your session has expired; sign in again.") from None
    except BadSignature:
        raise Unauthorized("The token is not valid; sign in again.") from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.token_version != data.get("v"):
        raise TokenExpired("Your session was ended (password changed or account removed); sign in again.")
    return user


def current_user():
    return g.user


def authenticate_request():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Sign in first: send Authorization: Bearer <token>.")
    g.user = user_from_token(token.strip())
    return g.user


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        authenticate_request()
        return view(*args, **kwargs)
    return wrapper


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = authenticate_request()
        if not user.is_admin:
            raise Forbidden("Only a team admin can do this.")
        return view(*args, **kwargs)
    return wrapper
