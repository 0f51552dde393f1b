"""Fixtures for the Exelare client and sandbox tests: a real sandbox over real HTTP.

Import the fixtures into a test module (pytest finds fixtures in module
globals); conftest.py belongs to the app tests:

    from tests.exelare_fixtures import exelare_client, make_client, sandbox, sandbox_server  # noqa: F401

One sandbox server per test module (starting one costs a thread and a
port); ``sandbox`` resets it before each test, so no test sees another's
records, counts, throttle window or faults.
"""
import socket

import pytest
import requests

from server.exelare.client import ExelareClient
from server.exelare.sandbox import serve_in_thread

COMPANY_ID = "ACME-RECRUIT"
USERNAME = "sync-bot"
# Distinctive, so a leak anywhere (message, repr, log line) is easy to spot.
PASSWORD = "Pw-7f3c-NEVER-LOG-ME"
API_SOURCE_ID = "RecruitSync"
ACCOUNTS = {COMPANY_ID: {"username": USERNAME, "password": PASSWORD}}


class SandboxControl:
    """Drives one running sandbox: its /_sandbox/ endpoints plus raw API calls."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.api_url = server.api_url
        self.http = requests.Session()

    def close(self):
        self.http.close()

    def _post(self, path, payload=None):
        response = self.http.post(f"{self.url}/_sandbox/{path}", json=payload or {}, timeout=5)
        response.raise_for_status()
        return response.json()

    def _get(self, path, **params):
        params = {k: v for k, v in params.items() if v is not None}
        response = self.http.get(f"{self.url}/_sandbox/{path}", params=params, timeout=5)
        response.raise_for_status()
        return response.json()

    def reset(self):
        return self._post("reset")

    def add_account(self, company_id, username, password):
        return self._post("accounts", {"CompanyID": company_id, "Username": username, "Password": password})

    def configure(self, **settings):
        return self._post("config", settings)

    def fault(self, **spec):
        return self._post("faults", spec)

    def records(self, company_id=COMPANY_ID, entity=None):
        return self._get("records", CompanyID=company_id, EntityID=entity)["records"]

    def notes(self, company_id=COMPANY_ID):
        return self._get("notes", CompanyID=company_id)["notes"]

    def counts(self, company_id=COMPANY_ID):
        return self._get("counts", CompanyID=company_id)

    def body(self, entity="Consultants", **extra):
        """A wire body with the test account's credentials, plus ``extra``."""
        return {"CompanyID": COMPANY_ID, "Username": USERNAME, "Password": PASSWORD,
                "APISourceID": API_SOURCE_ID, "EntityID": entity, **extra}

    def call(self, operation, body=None, **extra):
        """POST one API operation as raw HTTP; returns the requests.Response."""
        payload = body if body is not None else self.body(**extra)
        return self.http.post(f"{self.api_url}/{operation}", json=payload, timeout=5)


@pytest.fixture(scope="module")
def sandbox_server():
    """A sandbox (20 requests / 60 s) serving the test account, for the whole module."""
    server = serve_in_thread(accounts=ACCOUNTS)
    yield server
    server.shutdown()


@pytest.fixture
def sandbox(sandbox_server):
    """The module's sandbox, reset to defaults: no records, empty windows, no faults."""
    control = SandboxControl(sandbox_server)
    control.reset()
    control.configure(rate_limit=20, window_seconds=60.0)
    control.add_account(COMPANY_ID, USERNAME, PASSWORD)
    yield control
    control.close()


@pytest.fixture
def make_client(sandbox):
    """Factory for ExelareClients on the sandbox; keyword arguments override the defaults."""
    clients = []

    def make(**overrides):
        settings = {"base_url": sandbox.api_url, "company_id": COMPANY_ID, "username": USERNAME,
                    "password": PASSWORD, "api_source_id": API_SOURCE_ID, "timeout": 2.0}
        settings.update(overrides)
        client = ExelareClient(**settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def exelare_client(make_client):
    """An ExelareClient for the test account on the sandbox."""
    return make_client()


def unused_port():
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def candidate(**fields):
    """Fields for a valid candidate, overridable."""
    return {"FirstName": "Ada", "LastName": "Lovelace", "EMail1": "ada@example.org", **fields}
