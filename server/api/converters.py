"""URL converters."""
from werkzeug.routing import IntegerConverter

from ..schemas.common import MAX_ID


class IdConverter(IntegerConverter):
    """A database id in a URL: a positive integer that fits the column (else 404, never a 500)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)
