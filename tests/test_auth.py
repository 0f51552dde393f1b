"""Sign-in, tokens and their revocation, login rate limits."""
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from support import PASSWORD, Api, login


def test_login_with_good_password_returns_token_and_user(client, team):
    response = client.post("/api/auth/login", json={"email": team["admin"].upper(), "password": PASSWORD})
    assert response.status_code == 200
    body = response.json
    assert body["user"]["email"] == team["admin"] and body["user"]["role"] == "admin"
    assert body["expires_in"] == 12 * 3600
    me = Api(client, body["token"]).get("/api/auth/me")
    assert me.status_code == 200 and me.json["team"]["name"] == "Acme"


@pytest.mark.parametrize("email,password", [
    ("admin-missing@acme.test", PASSWORD),   # unknown email
    (None, "wrong password"),                # known email, wrong password
])
def test_login_with_bad_credentials_is_401_without_saying_which(client, team, email, password):
    response = client.post("/api/auth/login", json={"email": email or team["admin"], "password": password})
    assert response.status_code == 401
    assert response.json["error"] == {"code": "unauthorized", "message": "The email or password is wrong.",
                                      "fields": {}}


def test_login_validation_names_the_field(client):
    response = client.post("/api/auth/login", json={"email": "not-an-email", "password": "x"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"email"}


def _token_signed_at(app, payload, seconds_ago):
    class PastSigner(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - seconds_ago
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="auth-token", signer=PastSigner)
    return serializer.dumps(payload)


def test_expired_token_is_401_token_expired(app, client, team):
    me = team["admin_api"].get("/api/auth/me").json["user"]
    token = _token_signed_at(app, {"uid": me["id"], "v": 1}, app.config["TOKEN_MAX_AGE_SECONDS"] + 5)
    response = Api(client, token).get("/api/auth/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "token_expired"


def test_token_just_inside_max_age_still_works(app, client, team):
    me = team["admin_api"].get("/api/auth/me").json["user"]
    token = _token_signed_at(app, {"uid": me["id"], "v": 1}, app.config["TOKEN_MAX_AGE_SECONDS"] - 60)
    assert Api(client, token).get("/api/auth/me").status_code == 200


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),   # signature changed
    lambda t: t.replace(t.split(".")[0], "eyJ1aWQiOjk5OSwidiI6MX0"),  # payload swapped for uid 999
    lambda t: "garbage",
])
def test_tampered_token_is_401(client, team, mangle):
    response = Api(client, mangle(team["admin_api"].token)).get("/api/auth/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_token_signed_with_another_secret_is_401(client, team):
    forged = URLSafeTimedSerializer("not-our-secret", salt="auth-token").dumps({"uid": 1, "v": 1})
    assert Api(client, forged).get("/api/auth/me").status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Basic abc", "Token abc"])
def test_missing_or_malformed_authorization_is_401(client, header):
    response = client.get("/api/auth/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_password_change_revokes_older_tokens(client, team):
    old = team["member_api"]
    response = old.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "a new long password"})
    assert response.status_code == 200
    assert old.get("/api/auth/me").json["error"]["code"] == "token_expired"
    assert Api(client, response.json["token"]).get("/api/auth/me").status_code == 200
    assert client.post("/api/auth/login", json={"email": team["member"], "password": PASSWORD}).status_code == 401
    login(client, team["member"], "a new long password")


def test_password_change_needs_the_current_password(team):
    response = team["member_api"].post("/api/auth/password",
                                       json={"current_password": "nope", "new_password": "a new long password"})
    assert response.status_code == 422 and "current_password" in response.json["error"]["fields"]
    assert team["member_api"].get("/api/auth/me").status_code == 200


@pytest.mark.parametrize("app", [{"LOGIN_RATE_LIMIT": "3 per minute"}], indirect=True)
def test_failed_logins_are_rate_limited_per_email(client, team):
    for _ in range(3):
        assert client.post("/api/auth/login", json={"email": team["member"], "password": "bad"},
                           environ_base={"REMOTE_ADDR": f"10.0.0.{_}"}).status_code == 401
    blocked = client.post("/api/auth/login", json={"email": team["member"], "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert blocked.status_code == 429
    assert blocked.json["error"]["code"] == "rate_limited"
    assert int(blocked.headers["Retry-After"]) > 0
    # Another email from a fresh address is not affected.
    assert client.post("/api/auth/login", json={"email": team["admin"], "password": PASSWORD},
                       environ_base={"REMOTE_ADDR": "10.0.0.10"}).status_code == 200


@pytest.mark.parametrize("app", [{"LOGIN_RATE_LIMIT": "3 per minute"}], indirect=True)
def test_failed_logins_are_rate_limited_per_address(client, team):
    for n in range(3):
        client.post("/api/auth/login", json={"email": f"nobody{n}@acme.test", "password": "bad"},
                    environ_base={"REMOTE_ADDR": "10.1.1.1"})
    blocked = client.post("/api/auth/login", json={"email": team["admin"], "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers


@pytest.mark.parametrize("app", [{"LOGIN_RATE_LIMIT": "3 per minute"}], indirect=True)
def test_successful_logins_do_not_use_up_the_limit(client, team):
    for _ in range(5):
        assert client.post("/api/auth/login", json={"email": team["admin"], "password": PASSWORD}).status_code == 200
