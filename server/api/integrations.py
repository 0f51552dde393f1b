"""The team's Exelare integration."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import admin_required, current_user, login_required
from ..schemas.integration import IntegrationInSchema, IntegrationOutSchema
from ..services import integrations

blp = Blueprint("integrations", __name__, url_prefix="/api/integrations",
                description="Exelare credentials and connection state")


@blp.route("/exelare")
class Exelare(MethodView):
    @login_required
    @blp.response(200, IntegrationOutSchema)
    def get(self):
        """Connection state; the password is never returned."""
        return integrations.describe(current_user().team_id)

    @admin_required
    @blp.arguments(IntegrationInSchema)
    @blp.response(200, IntegrationOutSchema)
    def put(self, data):
        """Verify the credentials with one Exelare request, then save them (encrypted)."""
        integrations.save_and_verify(current_user().team_id, data)
        return integrations.describe(current_user().team_id)

    @admin_required
    @blp.response(200, IntegrationOutSchema)
    def delete(self):
        """Deactivate: stop syncing and forget the password."""
        integrations.deactivate(current_user().team_id)
        return integrations.describe(current_user().team_id)
