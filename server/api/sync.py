"""Sync jobs, previews and the CRM search."""
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, login_required
from ..schemas.sync import CrmResultSchema, JobEnvelopeSchema, JobListSchema, JobQuerySchema, PreviewSchema
from ..services import crm, job_views, jobs, preview

blp = Blueprint("sync", __name__, url_prefix="/api", description="Sync jobs, previews, Exelare search")


@blp.route("/sync-jobs")
class SyncJobs(MethodView):
    @login_required
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, JobListSchema)
    def get(self, args):
        """Recent jobs, newest first: status, attempts, last error, Exelare id, and an ETA for queued ones."""
        return job_views.list_jobs(current_user().team_id, **args)


@blp.route("/sync-jobs/<int:job_id>/retry")
class RetryJob(MethodView):
    @login_required
    @blp.response(200, JobEnvelopeSchema)
    def post(self, job_id):
        """Put a failed job back in the queue (ahead of bulk work)."""
        job = jobs.retry(job_views.get_job(current_user().team_id, job_id))
        return {"job": job_views.describe_one(job)}


@blp.route("/campaigns/<int:campaign_id>/people/<int:person_id>/preview")
class Preview(MethodView):
    @login_required
    @blp.response(200, PreviewSchema)
    def get(self, campaign_id, person_id):
        """Dry run: create or update, target entity, field-by-field diff, protected fields kept. Writes nothing."""
        user = current_user()
        membership = job_views.get_membership(user.team_id, campaign_id, person_id)
        return preview.preview(membership, user)


@blp.route("/crm/search")
class CrmSearch(MethodView):
    @login_required
    @blp.response(200, CrmResultSchema)
    def get(self):
        """Search Exelare: ?record_type=candidate|contact&FIELD=value for filterable fields only (&match=all|any)."""
        user = current_user()
        return crm.search(user.team, user, request.args.to_dict())
