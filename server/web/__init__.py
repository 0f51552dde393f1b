"""The admin web pages, served by the Flask app at /.

A single page (static/index.html) plus ES modules and CSS under /static/;
no templates and no build step. The pages talk to the JSON API only.
"""
from pathlib import Path

from flask import Blueprint, send_from_directory

STATIC = Path(__file__).parent / "static"
bp = Blueprint("web", __name__, static_folder=str(STATIC), static_url_path="/static")

# The pages never build HTML from API data; the policy makes sure nothing else does either.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")


@bp.get("/")
def index():
    """The single-page admin UI (plain HTML + ES modules, no build step)."""
    return send_from_directory(STATIC, "index.html")


@bp.after_request
def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    # Revalidate every time (ETag / Last-Modified): a deploy is seen at once, unchanged files cost a 304.
    response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app):
    app.register_blueprint(bp)
