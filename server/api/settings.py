"""Settings layers: team defaults (admin), my preferences, and the merged answer."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import admin_required, current_user, login_required
from ..schemas.settings import SettingsDocSchema
from ..schemas.settings_api import EffectiveQuerySchema, EffectiveSchema, SettingsLayerSchema
from ..services import settings_service

blp = Blueprint("settings", __name__, url_prefix="/api/settings",
                description="Team defaults, my preferences, effective settings")


@blp.route("/team")
class TeamSettings(MethodView):
    @login_required
    @blp.response(200, SettingsLayerSchema)
    def get(self):
        """The team defaults (only the keys the team sets) and the effective team answer."""
        return settings_service.team_settings(current_user())

    @admin_required
    @blp.arguments(SettingsDocSchema)
    @blp.response(200, SettingsLayerSchema)
    def put(self, doc):
        """Merge a partial doc into the team defaults (admin). null removes a key; `locked` locks a block."""
        return settings_service.update_team_settings(current_user(), doc)


@blp.route("/me")
class MySettings(MethodView):
    @login_required
    @blp.response(200, SettingsLayerSchema)
    def get(self):
        """My preferences (only the keys I set) and the effective answer for team + me."""
        return settings_service.my_settings(current_user())

    @login_required
    @blp.arguments(SettingsDocSchema)
    @blp.response(200, SettingsLayerSchema)
    def put(self, doc):
        """Merge a partial doc into my preferences.

        Keys of a block the team locked, and `locked` itself, are refused
        with 403 "locked" naming them.
        """
        return settings_service.update_my_settings(current_user(), doc)


@blp.route("/effective")
class EffectiveSettings(MethodView):
    @login_required
    @blp.arguments(EffectiveQuerySchema, location="query")
    @blp.response(200, EffectiveSchema)
    def get(self, query):
        """Merged settings with provenance for an optional campaign and person.

        Layers: system < team < user < campaign, then the person's "sync as"
        override. With both campaign_id and person_id and the person in that
        campaign, the membership's override is the person layer and the user
        layer is the preferences of whoever added the person (else the
        campaign's creator); otherwise the user layer is yours. Ids of another
        team answer 404.
        """
        return {"effective": settings_service.effective_for(
            current_user(), query.get("campaign_id"), query.get("person_id"))}
