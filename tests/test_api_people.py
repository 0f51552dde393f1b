"""People in campaigns over the API: idempotent adds, dedup, overrides, lists, look-ups, edits."""
import pytest

from api_helpers import ADA, add, assert_error, jobs_of, make_campaign

MEMBERSHIP_KEYS = {"id", "campaign_id", "person_id", "status", "sync_as_override", "override_set_by",
                   "override_set_at", "created_at", "updated_at"}
PERSON_KEYS = {"id", "first_name", "middle_name", "last_name", "company", "title", "city", "state", "country",
               "zip_code", "skills", "emails", "phones", "linkedin_url", "twitter_url", "facebook_url",
               "github_url", "created_at", "updated_at"}
STATE_KEYS = {"status", "exelare_id", "job_id", "eta_seconds", "last_error", "report", "synced_at", "paused"}


@pytest.fixture
def campaign(member):
    return make_campaign(member)


def test_add_answers_the_extension_shape(app, member, campaign, team):
    response = add(member, campaign["id"], sync_as="contact")
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == {"membership", "person", "effective_sync_as", "effective", "sync"}
    assert set(body["membership"]) == MEMBERSHIP_KEYS
    assert set(body["person"]) == PERSON_KEYS
    assert body["membership"]["sync_as_override"] == "contact"
    assert body["membership"]["override_set_by"]["email"] == team["member"]
    assert body["membership"]["override_set_at"] and body["membership"]["status"] == "added"
    assert body["effective_sync_as"] == {"value": "contact", "source": "person",
                                         "default": {"value": "candidate", "source": "campaign"}}
    assert body["effective"]["record"] == body["effective"]["contact"]
    assert set(body["sync"]) == {"candidate", "contact"} and set(body["sync"]["contact"]) == STATE_KEYS
    assert body["sync"]["contact"]["status"] == "queued" and body["sync"]["contact"]["paused"] is True
    assert body["sync"]["candidate"]["status"] == "not_synced"
    [job] = jobs_of(app)
    assert (job["record_type"], job["trigger"], job["priority"], job["id"]) == \
        ("contact", "added", 0, body["sync"]["contact"]["job_id"])


def test_identical_repeat_changes_nothing(app, member, campaign):
    first = add(member, campaign["id"], sync_as="contact").json
    for extra in ({"sync_as": "contact"}, {}):
        again = add(member, campaign["id"], **extra)
        assert again.status_code == 200
        assert again.json["membership"] == first["membership"]
        assert again.json["person"] == first["person"]
    assert len(jobs_of(app)) == 1


def test_absent_sync_as_keeps_override_and_null_clears_it(app, member, campaign):
    add(member, campaign["id"], sync_as="contact")
    kept = add(member, campaign["id"]).json
    assert kept["membership"]["sync_as_override"] == "contact"
    cleared = add(member, campaign["id"], sync_as=None)
    assert cleared.status_code == 200
    assert cleared.json["membership"]["sync_as_override"] is None
    assert cleared.json["membership"]["override_set_by"] is None
    assert cleared.json["effective_sync_as"]["source"] == "campaign"
    assert [j["record_type"] for j in jobs_of(app)] == ["contact", "candidate"]


@pytest.mark.parametrize("url", [
    "https://www.linkedin.com/in/ada-lovelace/", "http://linkedin.com/in/Ada-Lovelace",
    "https://www.linkedin.com/in/ada-lovelace?trk=profile", "https://WWW.LINKEDIN.COM/in/ada-lovelace/#top",
])
def test_same_linkedin_profile_is_one_person(member, campaign, url):
    first = add(member, campaign["id"]).json["person"]
    other = make_campaign(member, name="Other")
    again = add(member, other["id"], {"first_name": "Ada", "linkedin_url": url})
    assert again.status_code == 201  # a new membership, the same person
    assert again.json["person"]["id"] == first["id"]
    assert again.json["person"]["linkedin_url"] == ADA["linkedin_url"]


def test_same_email_any_case_is_one_person(member, campaign):
    first = add(member, campaign["id"], {"first_name": "Grace", "emails": ["Grace@Navy.test"]}).json["person"]
    again = add(member, campaign["id"], {"first_name": "G", "last_name": "Hopper",
                                         "emails": ["other@x.test", "grace@NAVY.test"]})
    assert again.status_code == 200
    assert again.json["person"]["id"] == first["id"]
    # Empty fields are filled in; filled ones are never overwritten or blanked.
    assert again.json["person"]["first_name"] == "Grace" and again.json["person"]["last_name"] == "Hopper"
    assert again.json["person"]["emails"] == ["Grace@Navy.test"]


def test_fill_does_not_blank(member, campaign):
    add(member, campaign["id"])
    again = add(member, campaign["id"], {"linkedin_url": ADA["linkedin_url"], "title": "", "company": None,
                                         "city": "London"}).json["person"]
    assert (again["title"], again["company"], again["city"]) == ("Analyst", "Engines Ltd", "London")


def test_other_team_is_a_different_person(member, campaign, other_team):
    mine = add(member, campaign["id"]).json["person"]
    theirs = add(other_team["admin_api"], make_campaign(other_team["admin_api"])["id"]).json["person"]
    assert theirs["id"] != mine["id"]


@pytest.mark.parametrize("body, field", [
    ({}, "person"),
    ({"person": {"first_name": "No key"}}, "person.linkedin_url"),
    ({"person": {**ADA, "emails": ["not-an-email"]}}, "person.emails.0"),
    ({"person": {**ADA, "emails": [f"a{i}@x.test" for i in range(6)]}}, "person.emails"),
    ({"person": {**ADA, "phones": ["1" * 41]}}, "person.phones.0"),
    ({"person": {**ADA, "linkedin_url": "ftp://linkedin.com/in/ada"}}, "person.linkedin_url"),
    ({"person": {**ADA, "github_url": "github.com/ada"}}, "person.github_url"),
    ({"person": {**ADA, "first_name": "x" * 101}}, "person.first_name"),
    ({"person": {**ADA, "zip_code": "1" * 21}}, "person.zip_code"),
    ({"person": {**ADA, "nickname": "Ada"}}, "person.nickname"),
    ({"person": ADA, "sync_as": "lead"}, "sync_as"),
    ({"person": ADA, "status": "won"}, "status"),
])
def test_add_bad_input_is_422(member, campaign, body, field):
    assert_error(member.post(f"/api/campaigns/{campaign['id']}/people", json=body), 422, "validation_error", field)


def test_bulk_add(app, member, campaign):
    add(member, campaign["id"])
    people = [{"person": ADA}, {"person": {"first_name": "Grace", "emails": ["grace@navy.test"]}, "sync_as": "contact"},
              {"person": {"first_name": "Grace", "emails": ["GRACE@navy.test"]}}]
    response = member.post(f"/api/campaigns/{campaign['id']}/people/bulk", json={"people": people})
    assert response.status_code == 200, response.json
    results = response.json["results"]
    assert [r["created"] for r in results] == [False, True, False]
    assert results[1]["person_id"] == results[2]["person_id"] and results[1]["membership_id"] == results[2]["membership_id"]
    new_job = jobs_of(app, person_id=results[1]["person_id"])
    assert [(j["record_type"], j["priority"]) for j in new_job] == [("contact", 1)]


@pytest.mark.parametrize("body, field", [
    ({"people": []}, "people"),
    ({"people": [{"person": ADA}] * 501}, "people"),
    ({"people": [{"person": ADA}, {"person": {**ADA, "emails": ["bad"]}}]}, "people.1.person.emails.0"),
    ({}, "people"),
])
def test_bulk_bad_input_is_422(member, campaign, body, field):
    assert_error(member.post(f"/api/campaigns/{campaign['id']}/people/bulk", json=body), 422, "validation_error", field)


def test_patch_membership_override_and_status(app, member, campaign):
    person = add(member, campaign["id"]).json["person"]
    url = f"/api/campaigns/{campaign['id']}/people/{person['id']}"
    to_contact = member.patch(url, json={"sync_as": "contact"})
    assert to_contact.status_code == 200
    assert to_contact.json["effective_sync_as"]["value"] == "contact"
    assert jobs_of(app)[-1]["trigger"] == "override_changed"
    status = member.patch(url, json={"status": "interested"}).json
    assert status["membership"]["status"] == "interested"
    cleared = member.patch(url, json={"sync_as": None}).json
    assert cleared["membership"]["sync_as_override"] is None and cleared["effective_sync_as"]["source"] == "campaign"


@pytest.mark.parametrize("body, field", [({}, "sync_as"), ({"sync_as": "lead"}, "sync_as"),
                                         ({"status": "won"}, "status"), ({"x": 1}, "x")])
def test_patch_membership_bad_input_is_422(member, campaign, body, field):
    person = add(member, campaign["id"]).json["person"]
    response = member.patch(f"/api/campaigns/{campaign['id']}/people/{person['id']}", json=body)
    assert_error(response, 422, "validation_error", field)


def test_remove_membership(member, campaign):
    person = add(member, campaign["id"]).json["person"]
    assert member.delete(f"/api/campaigns/{campaign['id']}/people/{person['id']}").status_code == 204
    assert_error(member.delete(f"/api/campaigns/{campaign['id']}/people/{person['id']}"), 404, "not_found")
    assert member.get(f"/api/campaigns/{campaign['id']}/people").json == {"items": [], "total": 0}


def test_list_people_paginates(member, campaign):
    for i in range(3):
        add(member, campaign["id"], {"first_name": f"P{i}", "emails": [f"p{i}@x.test"]}, sync_as="contact" if i else None)
    page = member.get(f"/api/campaigns/{campaign['id']}/people?limit=2&offset=0").json
    assert page["total"] == 3 and len(page["items"]) == 2
    item = page["items"][0]
    assert set(item) == {"membership", "person", "effective_sync_as", "sync"}
    assert item["person"]["first_name"] == "P2" and item["effective_sync_as"]["value"] == "contact"
    assert [i["person"]["first_name"] for i in member.get(f"/api/campaigns/{campaign['id']}/people?offset=2").json["items"]] == ["P0"]


@pytest.mark.parametrize("query, field", [("limit=500", "limit"), ("limit=0", "limit"), ("offset=-1", "offset"),
                                          ("limit=x", "limit")])
def test_list_people_bad_query_is_422(member, campaign, query, field):
    assert_error(member.get(f"/api/campaigns/{campaign['id']}/people?{query}"), 422, "validation_error", field)


def test_lookup_unknown_and_known(member, campaign):
    unknown = member.get("/api/people", query_string={"linkedin_url": ADA["linkedin_url"]})
    assert unknown.status_code == 200
    assert unknown.json == {"person": None, "memberships": [], "sync": None,
                            "campaigns": [{"id": campaign["id"], "name": campaign["name"], "sync_as": "candidate",
                                           "type": "email"}],
                            "integration": {"status": "inactive", "last_error": None}}
    added = add(member, campaign["id"], sync_as="contact").json
    known = member.get("/api/people", query_string={"linkedin_url": "linkedin.com/in/ADA-lovelace"}).json
    assert known["person"] == added["person"]
    assert known["memberships"] == [{"membership": added["membership"],
                                     "campaign": {"id": campaign["id"], "name": campaign["name"], "sync_as": "candidate"},
                                     "effective_sync_as": added["effective_sync_as"]}]
    assert known["sync"] == added["sync"]
    by_email = member.get("/api/people", query_string={"email": "ADA@engines.test"}).json
    assert by_email["person"]["id"] == added["person"]["id"]


@pytest.mark.parametrize("query, field", [({}, "linkedin_url"), ({"linkedin_url": " "}, "email"),
                                          ({"email": "nope"}, "email")])
def test_lookup_needs_a_key(member, query, field):
    assert_error(member.get("/api/people", query_string=query), 422, "validation_error", field)


def test_get_and_edit_person(app, member, campaign):
    person = add(member, campaign["id"]).json["person"]
    got = member.get(f"/api/people/{person['id']}").json
    assert set(got) == {"person", "memberships", "sync"} and got["person"] == person
    edited = member.patch(f"/api/people/{person['id']}",
                          json={"title": "Countess", "linkedin_url": "https://linkedin.com/in/countess-ada"})
    assert edited.status_code == 200, edited.json
    assert edited.json["person"]["title"] == "Countess"
    found = member.get("/api/people", query_string={"linkedin_url": "https://www.linkedin.com/in/countess-ada/"}).json
    assert found["person"]["id"] == person["id"]
    assert member.get("/api/people", query_string={"linkedin_url": ADA["linkedin_url"]}).json["person"] is None


def test_edit_to_another_persons_linkedin_is_409(member, campaign):
    add(member, campaign["id"])
    grace = add(member, campaign["id"], {"first_name": "Grace", "emails": ["grace@navy.test"]}).json["person"]
    response = member.patch(f"/api/people/{grace['id']}", json={"linkedin_url": "http://linkedin.com/in/ada-lovelace"})
    assert_error(response, 409, "conflict", "linkedin_url")
    assert member.get(f"/api/people/{grace['id']}").json["person"]["linkedin_url"] == ""


@pytest.mark.parametrize("body, field", [({"emails": ["x"]}, "emails.0"), ({"twitter_url": "twitter"}, "twitter_url"),
                                         ({"title": "t" * 201}, "title"), ({"id": 5}, "id")])
def test_edit_person_bad_input_is_422(member, campaign, body, field):
    person = add(member, campaign["id"]).json["person"]
    assert_error(member.patch(f"/api/people/{person['id']}", json=body), 422, "validation_error", field)


def test_another_teams_ids_are_404(member, campaign, other_team):
    them = other_team["admin_api"]
    their_campaign = make_campaign(them)
    their_person = add(them, their_campaign["id"]).json["person"]
    my_person = add(member, campaign["id"], {"first_name": "Mine", "emails": ["mine@x.test"]}).json["person"]
    cases = [
        ("get", f"/api/people/{their_person['id']}", None),
        ("patch", f"/api/people/{their_person['id']}", {"title": "x"}),
        ("get", f"/api/campaigns/{their_campaign['id']}/people", None),
        ("post", f"/api/campaigns/{their_campaign['id']}/people", {"person": ADA}),
        ("post", f"/api/campaigns/{their_campaign['id']}/people/bulk", {"people": [{"person": ADA}]}),
        ("patch", f"/api/campaigns/{their_campaign['id']}/people/{their_person['id']}", {"status": "replied"}),
        ("patch", f"/api/campaigns/{campaign['id']}/people/{their_person['id']}", {"status": "replied"}),
        ("delete", f"/api/campaigns/{their_campaign['id']}/people/{their_person['id']}", None),
        ("delete", f"/api/campaigns/{their_campaign['id']}/people/{my_person['id']}", None),
    ]
    for method, url, body in cases:
        call = getattr(member, method)
        assert_error(call(url, **({"json": body} if body is not None else {})), 404, "not_found")
    assert member.get("/api/people", query_string={"linkedin_url": ADA["linkedin_url"]}).json["person"] is None


def test_a_person_is_found_by_any_of_their_stored_emails(admin):
    campaign = admin.post("/api/campaigns", json={"name": "Dedup"}).json["id"]
    first = admin.post(f"/api/campaigns/{campaign}/people", json={"person": {
        "first_name": "Jane", "last_name": "Roe", "emails": ["jane@work.test", "Jane_Roe@Home.test"]}}).json
    again = admin.post(f"/api/campaigns/{campaign}/people", json={"person": {
        "first_name": "Jane", "last_name": "Roe", "emails": ["jane_roe@home.test"]}})
    assert again.status_code == 200 and again.json["person"]["id"] == first["person"]["id"]
    other = admin.post(f"/api/campaigns/{campaign}/people", json={"person": {
        "first_name": "Janet", "last_name": "Roe", "emails": ["janexroe@home.test"]}})   # "_" is not a wildcard
    assert other.status_code == 201 and other.json["person"]["id"] != first["person"]["id"]
