"""An unauthenticated liveness check (the extension's options page uses it)."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from ..extensions import db

blp = Blueprint("health", __name__, url_prefix="/api", description="Liveness")


class HealthSchema(Schema):
    status = fields.String()
    service = fields.String()


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """The API answers and its database is reachable. No sign-in needed; says nothing secret."""
        db.session.execute(text("SELECT 1"))
        return {"status": "ok", "service": "exelare-sync"}
