"""Members and admins; tenancy."""
from support import PASSWORD, login


def test_admin_lists_adds_and_removes_members(client, admin, team):
    listed = admin.get("/api/team/members")
    assert listed.status_code == 200
    assert {u["email"] for u in listed.json} == {team["admin"], team["member"]}
    assert all("password" not in str(u) for u in listed.json)
    added = admin.post("/api/team/members", json={"email": "New@Acme.test", "password": "long enough pw", "name": "Nia"})
    assert added.status_code == 201 and added.json["email"] == "new@acme.test" and added.json["role"] == "member"
    new_api = login(client, "new@acme.test", "long enough pw")
    assert admin.delete(f"/api/team/members/{added.json['id']}").status_code == 204
    assert new_api.get("/api/auth/me").status_code == 401


def test_member_cannot_manage_members(member):
    assert member.get("/api/team/members").status_code == 403
    response = member.post("/api/team/members", json={"email": "x@acme.test", "password": "long enough pw"})
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


def test_adding_an_existing_email_is_409(admin, team):
    response = admin.post("/api/team/members", json={"email": team["member"], "password": "long enough pw"})
    assert response.status_code == 409 and "email" in response.json["error"]["fields"]


def test_member_payload_is_validated(admin):
    response = admin.post("/api/team/members", json={"email": "x@acme.test", "password": "short", "role": "owner",
                                                     "extra": 1})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"password", "role", "extra"}


def test_removing_another_teams_member_is_404(admin, other_team, client):
    other_user = other_team["admin_api"].get("/api/auth/me").json["user"]
    assert admin.delete(f"/api/team/members/{other_user['id']}").status_code == 404
    assert login(client, other_team["admin"], PASSWORD).get("/api/auth/me").status_code == 200


def test_admin_cannot_remove_themselves(admin):
    me = admin.get("/api/auth/me").json["user"]
    assert admin.delete(f"/api/team/members/{me['id']}").status_code == 403
