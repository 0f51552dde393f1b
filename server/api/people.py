"""People: the popup's look-up, one person, manual edits."""
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, login_required
from ..schemas.people import PersonEditSchema, PersonLookupQuerySchema
from ..schemas.people_out import PersonDetailSchema, PersonLookupSchema
from ..services import people

blp = Blueprint("people", __name__, url_prefix="/api/people", description="People")


@blp.route("")
class PeopleLookup(MethodView):
    @login_required
    @blp.arguments(PersonLookupQuerySchema, location="query")
    @blp.response(200, PersonLookupSchema)
    def get(self, query):
        """Look a person up by LinkedIn URL and/or email (the popup's one call).

        Answers 200 with `person: null` when unknown; otherwise with their
        memberships and sync state. Always carries the team's campaigns and
        the integration state.
        """
        return people.lookup(current_user(), query.get("linkedin_url"), query.get("email"))


@blp.route("/<id:person_id>")
class PersonResource(MethodView):
    @login_required
    @blp.response(200, PersonDetailSchema)
    def get(self, person_id):
        """One person with their memberships and sync state."""
        return people.person_detail(current_user(), person_id)

    @login_required
    @blp.arguments(PersonEditSchema(partial=True))
    @blp.response(200, PersonDetailSchema)
    def patch(self, data, person_id):
        """Edit a person's fields.

        Records already in Exelare are pushed again if sync_manual_updates
        is on. A LinkedIn URL that belongs to another person answers 409.
        """
        return people.edit_person(current_user(), person_id, data)
