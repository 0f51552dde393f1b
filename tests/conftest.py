"""Fixtures live in support.py (importable by name from test modules; a module named
"conftest" is ambiguous once tests/browser has its own)."""
from support import (  # noqa: F401  (pytest finds fixtures by name here)
    admin, app, client, connected, exelare, exelare_factory, member, migrated_db, other_team,
    postgres_template, postgres_test_database, sandbox, team,
)
