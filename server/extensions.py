"""Every Flask extension object lives here, created unbound and initialised in create_app."""
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from .queue import Queue


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def tune_sqlite(app):
    """WAL lets the API read while a worker writes, and NORMAL sync is safe under WAL."""
    from sqlalchemy import event
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
migrate = Migrate()


def make_api(app):
    # One Api per app: its OpenAPI spec is per app, and tests build many apps.
    return Api(app)

cors = CORS()
# Only sign-in and Exelare reads are limited; there are no default limits. The limiter's own
# headers are off (it would stamp Retry-After on every response); errors.py sets Retry-After on 429s.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
queue = Queue()
