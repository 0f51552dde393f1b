"""The admin web pages, served by the Flask app at /."""
from flask import Blueprint, send_from_directory
from pathlib import Path

STATIC = Path(__file__).parent / "static"
bp = Blueprint("web", __name__, static_folder=str(STATIC), static_url_path="/static")


@bp.get("/")
def index():
    """The single-page admin UI (plain HTML + ES modules, no build step)."""
    return send_from_directory(STATIC, "index.html")


def init_app(app):
    app.register_blueprint(bp)
