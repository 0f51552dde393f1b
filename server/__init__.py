"""The Flask application factory."""
import logging
from pathlib import Path

from flask import Flask

from . import config as config_module


def create_app(config=None, *, migrate_db=True):
    """Build the app. ``config`` overrides the environment (tests pass a dict)."""
    overrides = dict(config or {})
    instance = overrides.pop("INSTANCE_PATH", None) or str(config_module.instance_path())
    Path(instance).mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, static_folder=None, instance_path=instance, instance_relative_config=True)
    app.config.update(config_module.load_config(app.instance_path, overrides))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from . import cli, errors, extensions, input_guard, web
    from .api import register_blueprints

    extensions.db.init_app(app)
    extensions.tune_sqlite(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(Path(__file__).parent / "migrations"))
    from .api.converters import IdConverter
    app.url_map.converters["id"] = IdConverter
    api = extensions.make_api(app)
    api.register_converter(IdConverter, lambda _: {"type": "integer", "format": "int32", "minimum": 1})
    extensions.cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
                             allow_headers=["Authorization", "Content-Type"], supports_credentials=False)
    extensions.limiter.init_app(app)
    extensions.queue.init_app(app)
    errors.init_app(app)   # after the Api: its HTTPException handler replaces flask-smorest's
    input_guard.init_app(app)
    register_blueprints(api)
    web.init_app(app)
    cli.init_app(app)
    if migrate_db:
        _upgrade_database(app)
    return app


def _upgrade_database(app):
    from flask_migrate import upgrade
    with app.app_context():
        upgrade()
