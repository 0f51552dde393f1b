"""The feature end to end, as a recruiter and their admin live it (GitHub issue 3)."""
from api_helpers import jobs_of

PROFILE = {"first_name": "Ada", "last_name": "Lovelace", "title": "Analyst", "company": "Engines Ltd",
           "linkedin_url": "https://www.linkedin.com/in/ada-lovelace/", "emails": ["ada@engines.test"]}


def test_sync_as_override_story(app, admin, member):
    # The admin sets team defaults and locks the contact block.
    team = admin.put("/api/settings/team", json={
        "general": {"create_notes_upon": ["replied", "interested"]},
        "contact": {"sync_upon": "added", "protected_fields": ["JobTitle"], "locked": True},
    })
    assert team.status_code == 200, team.json
    assert team.json["effective"]["contact"]["protected_fields"] == {"value": ["JobTitle"], "source": "team", "locked": True}

    # A member may tune unlocked blocks, but a change to a locked key is refused by name.
    assert member.put("/api/settings/me", json={"general": {"update_mode": "only_if_blank"}}).status_code == 200
    refused = member.put("/api/settings/me", json={"contact": {"protected_fields": []}})
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "locked"
    assert refused.json["error"]["message"] == "contact.protected_fields is locked by your team admin"
    assert list(refused.json["error"]["fields"]) == ["contact.protected_fields"]

    # The campaign syncs as Candidate.
    campaign = member.post("/api/campaigns", json={"name": "Analysts, spring", "sync_as": "candidate"}).json
    assert campaign["effective"]["sync_as"]["value"] == "candidate"

    # From the profile, the member adds the person, overriding "sync as" to Contact.
    added = member.post(f"/api/campaigns/{campaign['id']}/people", json={"person": PROFILE, "sync_as": "contact"})
    assert added.status_code == 201, added.json
    person_id, membership_id = added.json["person"]["id"], added.json["membership"]["id"]

    # The effective answer: Contact, from the person, with the campaign's Candidate beneath it.
    assert added.json["effective_sync_as"] == {"value": "contact", "source": "person",
                                               "default": {"value": "candidate", "source": "campaign"}}
    effective = member.get(f"/api/settings/effective?campaign_id={campaign['id']}&person_id={person_id}").json["effective"]
    assert effective["sync_as"]["value"] == "contact" and effective["sync_as"]["default"]["value"] == "candidate"
    # The contact block is the team's, locked; the member's own preference still applies elsewhere.
    assert effective["record"]["protected_fields"] == {"value": ["JobTitle"], "source": "team", "locked": True}
    assert effective["general"]["update_mode"]["source"] == "user"

    # A record job for Contact was queued, interactively.
    [job] = jobs_of(app)
    assert (job["kind"], job["record_type"], job["status"], job["priority"]) == ("record", "contact", "queued", 0)
    assert added.json["sync"]["contact"]["status"] == "queued"

    # Clearing the override brings back Candidate, from the campaign.
    cleared = member.patch(f"/api/campaigns/{campaign['id']}/people/{person_id}", json={"sync_as": None})
    assert cleared.status_code == 200
    assert cleared.json["effective_sync_as"] == {"value": "candidate", "source": "campaign",
                                                 "default": {"value": "candidate", "source": "campaign"}}
    assert cleared.json["membership"]["sync_as_override"] is None
    jobs_before = jobs_of(app)
    assert [j["record_type"] for j in jobs_before] == ["contact", "candidate"]

    # Adding the same person again, from the same profile, changes nothing.
    again = member.post(f"/api/campaigns/{campaign['id']}/people", json={"person": PROFILE})
    assert again.status_code == 200
    assert (again.json["person"]["id"], again.json["membership"]["id"]) == (person_id, membership_id)
    assert again.json["membership"] == cleared.json["membership"]
    assert again.json["person"] == cleared.json["person"]
    assert jobs_of(app) == jobs_before

    # The popup's one call tells the same story.
    popup = member.get("/api/people", query_string={"linkedin_url": "linkedin.com/in/Ada-Lovelace"}).json
    assert popup["person"]["id"] == person_id
    assert popup["memberships"][0]["effective_sync_as"]["value"] == "candidate"
    assert popup["campaigns"] == [{"id": campaign["id"], "name": "Analysts, spring", "sync_as": "candidate",
                                   "type": "email"}]
