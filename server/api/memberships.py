"""People in a campaign: add (one or bulk), override "sync as", status, events, sync now."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, login_required
from ..schemas.people import (AddPersonSchema, BulkAddSchema, EventInSchema, MembershipPatchSchema,
                              PeopleListQuerySchema)
from ..schemas.people_out import (BulkResultSchema, EventResultSchema, MembershipResultSchema, PeopleListSchema,
                                  SyncNowResultSchema)
from ..services import memberships, outreach

blp = Blueprint("memberships", __name__, url_prefix="/api/campaigns", description="People in campaigns")


@blp.route("/<id:campaign_id>/people")
class CampaignPeople(MethodView):
    @login_required
    @blp.arguments(PeopleListQuerySchema, location="query")
    @blp.response(200, PeopleListSchema)
    def get(self, query, campaign_id):
        """The campaign's people, newest first, with their effective "sync as" and sync state."""
        return memberships.list_people(current_user(), campaign_id, query["limit"], query["offset"])

    @login_required
    @blp.arguments(AddPersonSchema)
    @blp.response(201, MembershipResultSchema)
    @blp.alt_response(200, schema=MembershipResultSchema, description="Already in the campaign")
    def post(self, data, campaign_id):
        """Add a person to the campaign (idempotent).

        The person is deduplicated by LinkedIn URL, then email; an existing
        person only gets empty fields filled in. A repeat answers 200 and
        changes nothing; leave out `sync_as` to keep the person's override.
        """
        answer, created = memberships.add_person(current_user(), campaign_id, data)
        return answer, 201 if created else 200


@blp.route("/<id:campaign_id>/people/bulk")
class CampaignPeopleBulk(MethodView):
    @login_required
    @blp.arguments(BulkAddSchema)
    @blp.response(200, BulkResultSchema)
    def post(self, data, campaign_id):
        """Add up to 500 people at once; their syncs run after interactive ones."""
        return memberships.add_people(current_user(), campaign_id, data["people"])


@blp.route("/<id:campaign_id>/people/<id:person_id>")
class CampaignPerson(MethodView):
    @login_required
    @blp.arguments(MembershipPatchSchema)
    @blp.response(200, MembershipResultSchema)
    def patch(self, data, campaign_id, person_id):
        """Set or clear (null) the person's "sync as" override, and/or set their status."""
        return memberships.change_membership(current_user(), campaign_id, person_id, data)

    @login_required
    @blp.response(204)
    def delete(self, campaign_id, person_id):
        """Take the person out of the campaign (their events in it go too)."""
        memberships.remove_membership(current_user(), campaign_id, person_id)


@blp.route("/<id:campaign_id>/people/<id:person_id>/events")
class PersonEvents(MethodView):
    @login_required
    @blp.arguments(EventInSchema)
    @blp.response(201, EventResultSchema)
    @blp.alt_response(200, schema=EventResultSchema, description="Repeated external_id: the stored event")
    def post(self, data, campaign_id, person_id):
        """Record an outreach event.

        Moves the status forward (never back) and queues the record push
        and/or note the settings ask for. A repeated `external_id` answers
        200 with the stored event.
        """
        answer, created = outreach.record_event(current_user(), campaign_id, person_id, data)
        return answer, 201 if created else 200


@blp.route("/<id:campaign_id>/people/<id:person_id>/sync")
class PersonSyncNow(MethodView):
    @login_required
    @blp.response(202, SyncNowResultSchema)
    def post(self, campaign_id, person_id):
        """Push the person's record now, whatever the trigger says."""
        return outreach.sync_now(current_user(), campaign_id, person_id)
