"""Saving and verifying Exelare credentials; the password never leaves encrypted storage."""
import logging
import sqlite3


from support import free_port_url, needs_sqlite


def test_good_credentials_connect(admin, exelare):
    response = admin.put("/api/integrations/exelare", json=exelare.credentials())
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "connected" and body["password_set"] is True
    assert body["last_verified_at"] and body["last_error"] is None
    assert "password" not in body
    assert exelare.password not in response.get_data(as_text=True)
    # Verification made exactly one Exelare request.
    assert exelare.counts()["total"] == 1


def test_bad_password_is_422_and_saves_nothing(admin, exelare):
    response = admin.put("/api/integrations/exelare", json=exelare.credentials(password="wrong-password"))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    assert "credentials" in response.json["error"]["message"]
    assert "password" in response.json["error"]["fields"]
    assert "wrong-password" not in response.get_data(as_text=True)
    assert admin.get("/api/integrations/exelare").json["status"] == "inactive"


def test_unknown_company_is_422(admin, exelare):
    response = admin.put("/api/integrations/exelare", json=exelare.credentials(company_id="NOPE"))
    assert response.status_code == 422


def test_unreachable_exelare_is_502_and_saves_nothing(admin, exelare):
    response = admin.put("/api/integrations/exelare", json=exelare.credentials(base_url=free_port_url()))
    assert response.status_code == 502
    assert response.json["error"]["code"] == "exelare_unreachable"
    assert exelare.password not in response.get_data(as_text=True)
    assert admin.get("/api/integrations/exelare").json["status"] == "inactive"


def test_exelare_answering_500_is_502(admin, exelare):
    exelare.fault(count=1, status=503)
    response = admin.put("/api/integrations/exelare", json=exelare.credentials())
    assert response.status_code == 502


def test_failed_reverify_keeps_the_previous_connection(admin, connected):
    assert admin.put("/api/integrations/exelare",
                     json=connected.credentials(password="wrong-password")).status_code == 422
    assert admin.get("/api/integrations/exelare").json["status"] == "connected"


def test_saving_without_password_keeps_the_saved_one(admin, connected):
    body = connected.credentials(api_source_id="new-source")
    del body["password"]
    response = admin.put("/api/integrations/exelare", json=body)
    assert response.status_code == 200 and response.json["api_source_id"] == "new-source"


def test_first_save_without_password_is_422(admin, exelare):
    body = exelare.credentials()
    del body["password"]
    response = admin.put("/api/integrations/exelare", json=body)
    assert response.status_code == 422 and "password" in response.json["error"]["fields"]


def test_input_is_validated_naming_fields(admin):
    response = admin.put("/api/integrations/exelare", json={
        "username": "", "company_id": "x" * 41, "api_source_id": "s", "base_url": "ftp://x", "requests_per_minute": 0})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) >= {"username", "company_id", "base_url", "requests_per_minute",
                                                     "password"} - {"password"}


def test_member_cannot_change_or_deactivate(member, exelare, connected):
    assert member.get("/api/integrations/exelare").json["status"] == "connected"
    assert member.put("/api/integrations/exelare", json=exelare.credentials()).status_code == 403
    assert member.delete("/api/integrations/exelare").status_code == 403


def test_deactivate_forgets_the_password(admin, connected):
    response = admin.delete("/api/integrations/exelare")
    assert response.status_code == 200 and response.json["status"] == "inactive"
    assert response.json["password_set"] is False


def test_teams_see_only_their_own_integration(connected, other_team):
    assert other_team["admin_api"].get("/api/integrations/exelare").json["status"] == "inactive"


@needs_sqlite
def test_password_is_not_in_the_database_file_in_clear(app, admin, connected):
    db_path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    raw = open(db_path, "rb").read()
    assert connected.password.encode() not in raw
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT password_encrypted FROM integrations").fetchone()[0]
    assert stored and connected.password not in stored


def test_no_secret_in_logs(app, admin, exelare, caplog):
    caplog.set_level(logging.DEBUG)
    admin.put("/api/integrations/exelare", json=exelare.credentials(password="wrong-password"))
    admin.put("/api/integrations/exelare", json=exelare.credentials())
    admin.get("/api/integrations/exelare")
    logged = "\n".join(record.getMessage() + str(record.args) for record in caplog.records)
    assert "connected" in logged  # something was logged at all
    for secret in (exelare.password, "wrong-password", admin.token, app.config["SECRET_KEY"],
                   app.config["FERNET_KEY"]):
        assert secret not in logged
