"""Fixtures live in browser_support.py, so test modules can import helpers by an unambiguous name."""
from browser_support import (  # noqa: F401
    browser_page, extension_context, playwright_instance, stack,
)
