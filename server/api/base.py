"""flask-smorest's Api, answering every error in the application's one JSON shape."""
from flask_smorest import Api as SmorestApi

from ..errors import _http_exception


class Api(SmorestApi):
    def handle_http_exception(self, error):
        return _http_exception(error)
