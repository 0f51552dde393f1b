"""Every Flask extension object lives here, created unbound and initialised in create_app."""
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from .api.base import Api
from .queue import Queue


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def make_api(app):
    # One Api per app: its OpenAPI spec is per app, and tests build many apps.
    return Api(app)

cors = CORS()
# Only the login endpoint is limited; the limiter has no default limits.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
queue = Queue()
