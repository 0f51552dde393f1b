"""Campaigns with their "sync as" and setting overrides."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, login_required
from ..schemas.campaigns import CampaignCreateSchema, CampaignListSchema, CampaignPatchSchema, CampaignSchema
from ..services import campaigns

blp = Blueprint("campaigns", __name__, url_prefix="/api/campaigns", description="Campaigns")


@blp.route("")
class Campaigns(MethodView):
    @login_required
    @blp.response(200, CampaignListSchema)
    def get(self):
        """The team's campaigns, newest first."""
        return campaigns.list_campaigns(current_user())

    @login_required
    @blp.arguments(CampaignCreateSchema)
    @blp.response(201, CampaignSchema)
    def post(self, data):
        """Create a campaign; setting overrides in blocks the team locked are refused (403 "locked")."""
        return campaigns.create(current_user(), data)


@blp.route("/<id:campaign_id>")
class CampaignResource(MethodView):
    @login_required
    @blp.response(200, CampaignSchema)
    def get(self, campaign_id):
        """One campaign with its people count and effective settings."""
        return campaigns.get(current_user(), campaign_id)

    @login_required
    @blp.arguments(CampaignPatchSchema)
    @blp.response(200, CampaignSchema)
    def patch(self, data, campaign_id):
        """Change a campaign (its creator or an admin). A new "sync as" or settings re-decides every member."""
        return campaigns.update_campaign(current_user(), campaign_id, data)

    @login_required
    @blp.response(204)
    def delete(self, campaign_id):
        """Delete a campaign and its memberships (its creator or an admin)."""
        campaigns.delete_campaign(current_user(), campaign_id)
