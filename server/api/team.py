"""Team members (admins only)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import admin_required, current_user
from ..extensions import db
from ..schemas.accounts import NewMemberSchema, UserSchema
from ..services import accounts

blp = Blueprint("team", __name__, url_prefix="/api/team", description="Team members")


@blp.route("/members")
class Members(MethodView):
    @admin_required
    @blp.response(200, UserSchema(many=True))
    def get(self):
        """List the team's users."""
        return accounts.list_members(current_user().team_id)

    @admin_required
    @blp.arguments(NewMemberSchema)
    @blp.response(201, UserSchema)
    def post(self, data):
        """Add a user to the team."""
        user = accounts.add_user(current_user().team, data["email"], data["password"],
                                 role=data["role"], name=data["name"])
        db.session.commit()
        return user


@blp.route("/members/<id:user_id>")
class Member(MethodView):
    @admin_required
    @blp.response(204)
    def delete(self, user_id):
        """Remove a user from the team; their tokens stop working at once."""
        accounts.remove_member(current_user(), user_id)
