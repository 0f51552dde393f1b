"""Sync jobs, previews and the CRM search."""
import hashlib

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import current_user, login_required
from ..extensions import limiter
from ..schemas.sync import CrmResultSchema, JobEnvelopeSchema, JobListSchema, JobQuerySchema, PreviewSchema
from ..services import crm, job_views, jobs, lookup, preview

blp = Blueprint("sync", __name__, url_prefix="/api", description="Sync jobs, previews, Exelare search")


@blp.route("/sync-jobs")
class SyncJobs(MethodView):
    @login_required
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, JobListSchema)
    def get(self, args):
        """Recent jobs, newest first: status, attempts, last error, Exelare id, and an ETA for queued ones."""
        return job_views.list_jobs(current_user().team_id, **args)


@blp.route("/sync-jobs/<id:job_id>/retry")
class RetryJob(MethodView):
    @login_required
    @blp.response(200, JobEnvelopeSchema)
    def post(self, job_id):
        """Put a failed job back in the queue (ahead of bulk work)."""
        job = jobs.retry(job_views.get_job(current_user().team_id, job_id))
        return {"job": job_views.describe_one(job)}


def _reads_limit():
    return current_app.config["EXELARE_READS_RATE_LIMIT"]


def _user_key():
    # Per signed-in user (the token's hash), so one member cannot spend the team's Exelare budget.
    header = request.headers.get("Authorization", "")
    return "exelare-reads:" + hashlib.sha256(header.encode()).hexdigest()


# Previews and searches spend requests of the account's 20 a minute that the sync needs too.
_reads_limited = limiter.limit(_reads_limit, key_func=_user_key)


@blp.route("/campaigns/<id:campaign_id>/people/<id:person_id>/preview")
class Preview(MethodView):
    decorators = [_reads_limited]

    @login_required
    @blp.response(200, PreviewSchema)
    def get(self, campaign_id, person_id):
        """Dry run: create or update, target entity, field-by-field diff, protected fields kept. Writes nothing."""
        user = current_user()
        membership = lookup.get_membership(user.team_id, campaign_id, person_id)
        return preview.preview(membership, user)


@blp.route("/crm/search")
class CrmSearch(MethodView):
    decorators = [_reads_limited]

    @login_required
    @blp.response(200, CrmResultSchema)
    def get(self):
        """Search Exelare: ?record_type=candidate|contact&FIELD=value for filterable fields only (&match=all|any)."""
        user = current_user()
        return crm.search(user.team, user, request.args.to_dict())
