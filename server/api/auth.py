"""Sign-in and the signed-in user."""
from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, login_required
from ..extensions import db, limiter
from ..schemas.accounts import LoginResultSchema, LoginSchema, MeSchema, PasswordChangeSchema
from ..services import accounts

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Sign-in and tokens")


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _email_key():
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login-email:{accounts.normalise_email(email if isinstance(email, str) else '')}"


def _failed(response):
    return response.status_code in (401, 422)


@blp.route("/login")
class Login(MethodView):
    decorators = [
        # Per client address and per email, counting failed attempts only.
        limiter.limit(_login_limit, deduct_when=_failed),
        limiter.limit(_login_limit, key_func=_email_key, deduct_when=_failed),
    ]

    @blp.arguments(LoginSchema)
    @blp.response(200, LoginResultSchema)
    def post(self, data):
        """Exchange an email and password for a signed, expiring token."""
        user, token = accounts.login(data["email"], data["password"])
        return {"token": token, "expires_in": current_app.config["TOKEN_MAX_AGE_SECONDS"], "user": user}


@blp.route("/me")
class Me(MethodView):
    @login_required
    @blp.response(200, MeSchema)
    def get(self):
        """The signed-in user and their team."""
        user = current_user()
        return {"user": user, "team": user.team}


@blp.route("/password")
class Password(MethodView):
    @login_required
    @blp.arguments(PasswordChangeSchema)
    @blp.response(200, LoginResultSchema)
    def post(self, data):
        """Change my password. Every older token stops working; a new one is returned."""
        user = current_user()
        token = accounts.change_password(user, data["current_password"], data["new_password"])
        db.session.refresh(user)
        return {"token": token, "expires_in": current_app.config["TOKEN_MAX_AGE_SECONDS"], "user": user}
