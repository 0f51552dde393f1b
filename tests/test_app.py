"""The factory, configuration, the one error shape, OpenAPI, CORS and the CLI."""
import logging
import sqlite3

import pytest

from support import PASSWORD, app_config, login
from server import create_app
from server.config import ConfigError

ERROR_KEYS = {"code", "message", "fields"}


def test_create_app_migrates_a_new_database(tmp_path):
    app = create_app(app_config(tmp_path))
    with sqlite3.connect(tmp_path / "app.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"teams", "users", "integrations", "sync_jobs", "alembic_version"} <= tables
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_production_without_secrets_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FERNET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY and FERNET_KEY must be set"):
        create_app({"APP_ENV": "production", "INSTANCE_PATH": str(tmp_path)}, migrate_db=False)


def test_bad_fernet_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="FERNET_KEY is not a valid"):
        create_app({"APP_ENV": "production", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s" * 40,
                    "FERNET_KEY": "nope"}, migrate_db=False)


def test_development_generates_secrets_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FERNET_KEY", raising=False)
    config = {"APP_ENV": "development", "INSTANCE_PATH": str(tmp_path / "inst"),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}", "QUEUE_URL": f"sqlite:///{tmp_path / 'q.db'}"}
    first = create_app(config, migrate_db=False)
    second = create_app(config, migrate_db=False)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] and len(first.config["SECRET_KEY"]) > 40
    key_file = tmp_path / "inst" / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("method,path,status,code", [
    ("get", "/api/nothing-here", 404, "not_found"),
    ("delete", "/api/auth/login", 405, "method_not_allowed"),
    ("get", "/api/auth/me", 401, "unauthorized"),
])
def test_errors_have_one_shape(client, method, path, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert set(response.json["error"]) == ERROR_KEYS and response.json["error"]["code"] == code


def test_malformed_json_is_400(client):
    response = client.post("/api/auth/login", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "malformed_json"


def test_body_over_one_mib_is_413(client):
    response = client.post("/api/auth/login", data="x" * (1024 * 1024 + 1), content_type="application/json")
    assert response.status_code == 413 and response.json["error"]["code"] == "payload_too_large"


def test_unexpected_error_is_500_without_details(tmp_path, migrated_db, caplog):
    import shutil
    shutil.copy(migrated_db, tmp_path / "app.db")
    app = create_app(app_config(tmp_path), migrate_db=False)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("internal detail: db password hunter2")

    caplog.set_level(logging.ERROR)
    response = app.test_client().get("/api/boom")
    assert response.status_code == 500
    assert response.json["error"] == {"code": "internal_error", "message": "Something went wrong on our side.",
                                      "fields": {}}
    assert "hunter2" not in response.get_data(as_text=True)


def test_openapi_document_lists_the_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json["paths"]
    assert {"/api/auth/login", "/api/auth/me", "/api/integrations/exelare", "/api/team/members"} <= set(paths)


@pytest.mark.parametrize("app", [{"CORS_ORIGINS": ["chrome-extension://abcdefghijklmnop", "https://app.example.com"]}],
                         indirect=True)
def test_cors_allows_only_configured_origins(client):
    allowed = client.options("/api/auth/login", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"})
    assert allowed.headers.get("Access-Control-Allow-Origin") == "https://app.example.com"
    ext = client.get("/api/auth/me", headers={"Origin": "chrome-extension://abcdefghijklmnop"})
    assert ext.headers.get("Access-Control-Allow-Origin") == "chrome-extension://abcdefghijklmnop"
    denied = client.options("/api/auth/login", headers={
        "Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_cli_creates_a_team_and_first_admin(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-team", "--team", "Initech", "--email", "Boss@Initech.test",
                                 "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "Created team 'Initech'" in result.output
    me = login(client, "boss@initech.test").get("/api/auth/me").json
    assert me["user"]["role"] == "admin" and me["team"]["name"] == "Initech"
    again = runner.invoke(args=["create-team", "--team", "Other", "--email", "boss@initech.test",
                                "--password", PASSWORD])
    assert again.exit_code != 0 and "already exists" in again.output


def test_cli_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(args=["create-team", "--team", "T", "--email", "a@b.test",
                                                "--password", "short"])
    assert result.exit_code != 0 and "at least 8" in result.output


def test_health_needs_no_sign_in(client):
    response = client.get("/api/health")
    assert response.status_code == 200 and response.json == {"status": "ok", "service": "exelare-sync"}
