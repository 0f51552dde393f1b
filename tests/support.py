"""Shared fixtures and helpers: a real app on a real SQLite file, and the Exelare sandbox over real HTTP.

With TEST_DATABASE_URL set to a PostgreSQL URL (a role that may create databases), each test's
app gets a fresh PostgreSQL database instead, copied from one migrated once per session.
"""
import contextlib
import itertools
import os
import shutil
import uuid

import pytest
import requests
from cryptography.fernet import Fernet

from server import create_app
from server.exelare.sandbox import create_sandbox_app, serve_in_thread
from server.extensions import db, limiter

TEST_FERNET_KEY = Fernet.generate_key().decode()
PASSWORD = "correct horse battery"
_counter = itertools.count(1)
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
needs_sqlite = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="reads the SQLite database file directly")


def free_port_url():
    """A URL on this machine where nothing listens: an unreachable Exelare."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/ExelareWebApi/api"


def app_config(tmp_path, **extra):
    config = {
        "APP_ENV": "testing", "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-" + "x" * 32, "FERNET_KEY": TEST_FERNET_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}",
        "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.db'}",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "EXELARE_TIMEOUT_SECONDS": 5.0,
        # Long enough that a retry never falls due inside the same drain: tests make jobs due
        # explicitly (sync_support.make_due), so what one drain did is deterministic.
        "SYNC_BACKOFF_BASE_SECONDS": 30.0,
    }
    config.update(extra)
    return config


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """Run the Alembic migrations once; each test gets a copy of the resulting file."""
    base = tmp_path_factory.mktemp("template")
    template = create_app(app_config(base))
    with template.app_context():
        db.engine.dispose()   # the last connection closing checkpoints the WAL into app.db
    return base / "app.db"


@contextlib.contextmanager
def postgres_database(template=None):
    """A new, uniquely named database on TEST_DATABASE_URL's server (a copy of ``template``); yields its URL."""
    from sqlalchemy import create_engine, make_url, text
    base = make_url(TEST_DATABASE_URL)
    name = f"test_{uuid.uuid4().hex[:16]}"
    # The URL's own database is the maintenance connection that creates and drops the others.
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # Close what the test left open (ours only: WITH (FORCE) would also need to end an
            # autovacuum worker, which a non-superuser may not); DROP waits for autovacuum itself.
            conn.execute(text("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                              "WHERE datname = :name AND usename = current_user AND pid <> pg_backend_pid()"),
                         {"name": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory):
    """TEST_DATABASE_URL only: run the Alembic migrations once into a template database."""
    from sqlalchemy import make_url
    with postgres_database() as url:
        base = tmp_path_factory.mktemp("pg-template")
        template = create_app(app_config(base, SQLALCHEMY_DATABASE_URI=url))
        with template.app_context():
            db.engine.dispose()   # CREATE DATABASE ... TEMPLATE needs the template without connections
        yield make_url(url).database


@pytest.fixture
def postgres_test_database(postgres_template):
    """TEST_DATABASE_URL only: this test's own copy of the migrated template; dropped after the test."""
    with postgres_database(template=postgres_template) as url:
        yield url


@pytest.fixture
def app(tmp_path, migrated_db, request):
    extra = dict(getattr(request, "param", None) or {})
    if TEST_DATABASE_URL:
        extra.setdefault("SQLALCHEMY_DATABASE_URI", request.getfixturevalue("postgres_test_database"))
    else:
        shutil.copy(migrated_db, tmp_path / "app.db")
    application = create_app(app_config(tmp_path, **extra), migrate_db=False)
    with application.app_context():
        limiter.reset()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class Api:
    """A signed-in test client: api.get("/api/...") with the bearer token set."""

    def __init__(self, client, token=None, user=None):
        self.client, self.token, self.user = client, token, user

    def _headers(self, headers):
        merged = dict(headers or {})
        if self.token:
            merged.setdefault("Authorization", f"Bearer {self.token}")
        return merged

    def get(self, path, **kw):
        return self.client.get(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path, json=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, path, json=None, **kw):
        return self.client.put(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, path, json=None, **kw):
        return self.client.patch(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, path, **kw):
        return self.client.delete(path, headers=self._headers(kw.pop("headers", None)), **kw)


def login(client, email, password=PASSWORD):
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.json
    return Api(client, response.json["token"], response.json["user"])


def make_team(app, name="Acme"):
    """A team with an admin and a member; returns their emails."""
    from server.services import accounts
    n = next(_counter)
    with app.app_context():
        team, admin = accounts.create_team(name, f"admin{n}@{name.lower()}.test", PASSWORD, "Ada Admin")
        member = accounts.add_user(team, f"member{n}@{name.lower()}.test", PASSWORD, "member", "Max Member")
        db.session.commit()
        return {"team_id": team.id, "admin": admin.email, "member": member.email}


@pytest.fixture
def team(app, client):
    info = make_team(app)
    info["admin_api"] = login(client, info["admin"])
    info["member_api"] = login(client, info["member"])
    return info


@pytest.fixture
def other_team(app, client):
    info = make_team(app, "Globex")
    info["admin_api"] = login(client, info["admin"])
    return info


@pytest.fixture
def admin(team):
    return team["admin_api"]


@pytest.fixture
def member(team):
    return team["member_api"]


@pytest.fixture(scope="session")
def sandbox():
    """One sandbox server for the session; tests stay apart by using their own CompanyID."""
    server = serve_in_thread(create_sandbox_app(rate_limit=20, window_seconds=60.0))
    yield server
    server.shutdown()


class SandboxAccount:
    def __init__(self, server, company_id, username, password):
        self.server, self.company_id = server, company_id
        self.username, self.password = username, password

    def credentials(self, **overrides):
        body = {"username": self.username, "password": self.password, "company_id": self.company_id,
                "api_source_id": "outreach-tests", "base_url": self.server.api_url}
        body.update(overrides)
        return body

    def _get(self, what, **params):
        response = requests.get(f"{self.server.url}/_sandbox/{what}",
                                params={"CompanyID": self.company_id, **params}, timeout=5)
        response.raise_for_status()
        return response.json()

    def records(self, entity=None):
        return self._get("records", **({"EntityID": entity} if entity else {}))["records"]

    def notes(self):
        return self._get("notes")["notes"]

    def counts(self):
        return self._get("counts")

    def fault(self, **spec):
        requests.post(f"{self.server.url}/_sandbox/faults", json=spec, timeout=5).raise_for_status()


def new_account(sandbox):
    company = f"T{uuid.uuid4().hex[:12].upper()}"
    account = SandboxAccount(sandbox, company, "recruit-api", "s3cret-" + uuid.uuid4().hex[:8])
    requests.post(f"{sandbox.url}/_sandbox/accounts", timeout=5, json={
        "CompanyID": company, "Username": account.username, "Password": account.password}).raise_for_status()
    return account


@pytest.fixture
def exelare(sandbox):
    """A fresh Exelare account on the sandbox, unique to this test."""
    yield new_account(sandbox)
    requests.post(f"{sandbox.url}/_sandbox/faults", json={"count": 0}, timeout=5)


@pytest.fixture
def exelare_factory(sandbox):
    """More sandbox accounts, for tests with several teams."""
    return lambda: new_account(sandbox)


@pytest.fixture
def connected(admin, exelare):
    """The team's integration connected to this test's sandbox account."""
    response = admin.put("/api/integrations/exelare", json=exelare.credentials())
    assert response.status_code == 200, response.json
    return exelare
