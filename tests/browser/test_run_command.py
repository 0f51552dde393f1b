"""The README's run command, tried as a newcomer would: start it, read the printed sign-in, use it."""
import requests


def test_run_command_prints_demo_sign_ins_that_work(stack):
    assert set(stack.credentials) == {"admin", "recruiter"}
    for role in ("admin", "recruiter"):
        email, password = stack.credentials[role]
        response = requests.post(f"{stack.url}/api/auth/login", json={"email": email, "password": password},
                                 timeout=5)
        assert response.status_code == 200, response.text
    token = stack.login("admin")
    assert stack.api("GET", "/api/integrations/exelare", token).json()["status"] == "connected"
    campaigns = stack.api("GET", "/api/campaigns", token).json()["items"]
    assert {c["sync_as"] for c in campaigns} == {"candidate", "contact"}
    page = requests.get(f"{stack.url}/", timeout=5)
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert requests.get(f"{stack.sandbox_url}/_sandbox/counts", timeout=5).headers["Server"].endswith("(not Exelare)")


def test_a_person_added_through_the_api_reaches_the_sandbox_via_the_worker(stack):
    import time
    token = stack.login("recruiter")
    campaign = [c for c in stack.api("GET", "/api/campaigns", token).json()["items"] if c["sync_as"] == "contact"][0]
    added = stack.api("POST", f"/api/campaigns/{campaign['id']}/people", token, json={
        "person": {"first_name": "Run", "last_name": "Command", "emails": ["run.command@example.test"]}})
    assert added.status_code == 201, added.text
    deadline = time.time() + 30
    while time.time() < deadline:
        records = stack.sandbox("records", EntityID="Contacts")["records"]
        if any(r.get("EMail1") == "run.command@example.test" for r in records):
            break
        time.sleep(0.3)
    else:
        raise AssertionError("the worker did not push the person to the sandbox")
