"""Inputs that once reached a 500: each now gets a 4xx in the one shape, naming the field."""
import pytest

BIG = 2 ** 64


@pytest.mark.parametrize("method,path", [
    ("get", f"/api/campaigns/{BIG}"), ("patch", f"/api/campaigns/{BIG}"), ("post", f"/api/sync-jobs/{BIG}/retry"),
    ("delete", f"/api/team/members/{BIG}"), ("get", f"/api/people/{BIG}"), ("get", "/api/campaigns/0"),
])
def test_ids_too_big_for_the_database_are_404(admin, method, path):
    response = getattr(admin, method)(path, **({"json": {}} if method in ("patch", "post") else {}))
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("query,field", [
    (f"campaign_id={BIG}", "campaign_id"), (f"person_id={BIG}", "person_id"), (f"offset={BIG}", "offset"),
])
def test_query_numbers_too_big_are_422(admin, query, field):
    response = admin.get(f"/api/sync-jobs?{query}")
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_ids_past_32_bits_are_refused(admin):
    # INTEGER columns are 32 bits on PostgreSQL: a bigger id must not reach the database.
    assert admin.get(f"/api/people/{2 ** 31}").status_code == 404
    response = admin.get(f"/api/sync-jobs?person_id={2 ** 31}")
    assert response.status_code == 422 and "person_id" in response.json["error"]["fields"]


def test_nul_in_a_query_value_is_422_naming_it(admin):
    response = admin.get("/api/people?linkedin_url=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fx%00")
    assert response.status_code == 422 and "NUL" in response.json["error"]["fields"]["linkedin_url"]


@pytest.mark.parametrize("text,problem", [("\ud800", "lone surrogate"), ("Gra\x00ce", "NUL")])
def test_text_that_cannot_be_stored_is_422_naming_the_field(admin, text, problem):
    campaign = admin.post("/api/campaigns", json={"name": "C"}).json
    response = admin.post(f"/api/campaigns/{campaign['id']}/people",
                          json={"person": {"first_name": text, "last_name": "H", "emails": ["g@x.test"]}})
    assert response.status_code == 422
    assert problem in response.json["error"]["fields"]["person.first_name"]


def test_deeply_nested_json_is_400(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/auth/login", data=body, content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "malformed_json"


def test_event_time_out_of_range_in_utc_is_422(admin):
    campaign = admin.post("/api/campaigns", json={"name": "C"}).json
    added = admin.post(f"/api/campaigns/{campaign['id']}/people",
                       json={"person": {"first_name": "G", "last_name": "H", "emails": ["g@x.test"]}}).json
    response = admin.post(f"/api/campaigns/{campaign['id']}/people/{added['person']['id']}/events",
                          json={"type": "note", "occurred_at": "9999-12-31T23:59:59-14:00"})
    assert response.status_code == 422 and "occurred_at" in response.json["error"]["fields"]


@pytest.mark.parametrize("app", [{"EXELARE_READS_RATE_LIMIT": "2 per minute"}], indirect=True)
def test_exelare_reads_are_limited_per_user(connected, member, admin):
    for _ in range(2):
        assert member.get("/api/crm/search?LastName=x").status_code == 200
    limited = member.get("/api/crm/search?LastName=x")
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert admin.get("/api/crm/search?LastName=x").status_code == 200   # another user is not affected
