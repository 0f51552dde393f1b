"""Field mapping per record type: which person variable goes to which Exelare field."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import admin_required, current_user, login_required
from ..schemas.settings_api import MappingBodySchema, FieldMappingSchema
from ..services import field_mappings

blp = Blueprint("field_mappings", __name__, url_prefix="/api/field-mappings",
                description="Person variables -> Exelare fields")


@blp.route("/<record_type>")
class FieldMappingResource(MethodView):
    @login_required
    @blp.response(200, FieldMappingSchema)
    def get(self, record_type):
        """The full mapping for candidate or contact, with the Exelare fields and variables to choose from."""
        return field_mappings.describe(current_user().team_id, record_type)

    @admin_required
    @blp.arguments(MappingBodySchema)
    @blp.response(200, FieldMappingSchema)
    def put(self, data, record_type):
        """Save the mapping (admin). Left-out variables keep their default; errors are keyed by dotted path."""
        return field_mappings.save(current_user().team_id, record_type, data["mapping"])
