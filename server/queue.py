"""The huey queue, built from QUEUE_URL and bound to the Flask app.

The ``sync_jobs`` table is the source of truth for what must reach Exelare;
a huey task only says "drain integration N now", so a lost or duplicated
huey message costs nothing: the sweeper re-enqueues, and the per-integration
lease makes a duplicate drain a no-op.
"""
from pathlib import Path
from urllib.parse import urlparse


def make_huey(url, name="exelare-sync"):
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        from huey import SqliteHuey
        path = url[len("sqlite:///"):]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=path, fsync=False)
    if scheme in ("redis", "rediss"):
        from huey import RedisHuey  # needs the `redis` package
        return RedisHuey(name, url=url)
    if scheme.startswith("postgres"):
        from huey.contrib.sql_huey import SqlHuey  # needs the `peewee` package
        return SqlHuey(name, database=url)
    raise ValueError(f"QUEUE_URL scheme {scheme!r} is not supported (sqlite, redis, postgresql)")


class Queue:
    """Flask-style extension; each app gets its own huey (tests build many apps)."""

    def init_app(self, app):
        app.extensions["queue"] = AppQueue(app)

    @property
    def current(self):
        from flask import current_app
        return current_app.extensions["queue"]

    def enqueue_drain(self, integration_id, delay=None):
        return self.current.enqueue_drain(integration_id, delay)


class AppQueue:
    def __init__(self, app):
        from . import tasks
        self.app = app
        self.huey = make_huey(app.config["QUEUE_URL"])
        self.drain_task, self.sweep_task = tasks.register(self.huey, app)

    def enqueue_drain(self, integration_id, delay=None):
        """Ask a worker to drain one integration's jobs (now, or after ``delay`` seconds)."""
        if delay and delay > 0:
            return self.drain_task.schedule(args=(integration_id,), delay=delay)
        return self.drain_task(integration_id)

    def pending_count(self):
        return self.huey.pending_count()
