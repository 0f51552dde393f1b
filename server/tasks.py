"""Queue tasks. A huey task only carries an integration id; the sync_jobs table holds the work."""
import logging

from huey import crontab

log = logging.getLogger(__name__)


def register(huey, app):
    """Bind the tasks to one huey instance and one Flask app (each runs inside an app context)."""

    @huey.task(name="drain")
    def drain(integration_id):
        from .sync_runner import drain as run_drain
        with app.app_context():
            return run_drain(integration_id)

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def sweep():
        from .services import jobs
        with app.app_context():
            return jobs.sweep(app.extensions["queue"])

    return drain, sweep
