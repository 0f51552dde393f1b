"""The admin web pages (#/integrations, #/campaigns, #/activity) against the real product in demo mode.

Each test signs in through the page itself; state a test is not about is set
up through the JSON API so that tests do not depend on each other's order.
"""
import json
import re

import pytest
import requests
from browser_support import screenshot
from playwright.sync_api import expect

expect.set_options(timeout=10_000)
SYNC_TIMEOUT = 60_000  # worker + queue; a full 20-per-minute throttle window at worst


def sign_in(page, stack, role="admin", route="#/integrations"):
    email, password = stack.credentials[role]
    page.goto(f"{stack.url}/{route}")
    form = page.locator("form.signin")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(password)
    form.get_by_role("button", name="Sign in").click()
    expect(page.locator("#app-header")).to_contain_text("Sign out")
    expect(page.locator("main h1")).not_to_have_text("Sign in")


def sandbox_password(stack):
    return json.loads((stack.tmp / "instance" / "demo.json").read_text())["exelare_password"]


@pytest.fixture(scope="module")
def token(stack):
    return stack.login("admin")


def new_campaign(stack, token, name, sync_as="candidate"):
    response = stack.api("POST", "/api/campaigns", token, json={"name": name, "type": "email", "sync_as": sync_as})
    assert response.status_code == 201, response.text
    return response.json()


def test_sign_in_form_shows_the_problem_and_signs_in(stack, browser_page):
    page = browser_page
    page.goto(f"{stack.url}/#/campaigns")
    form = page.locator("form.signin")
    expect(form.get_by_role("heading", name="Sign in")).to_be_visible()
    form.get_by_label("Email").fill(stack.credentials["admin"][0])
    form.get_by_label("Password").fill("not-the-password")
    form.get_by_role("button", name="Sign in").click()
    expect(form.locator(".status")).to_have_attribute("data-kind", "error")
    expect(form.locator(".status")).not_to_be_empty()
    screenshot(page, "web-signin")

    form.get_by_label("Password").fill(stack.credentials["admin"][1])
    form.get_by_label("Password").press("Enter")  # keyboard only
    # Back to the page that was asked for, signed in.
    expect(page.locator("main h1")).to_have_text("Campaigns")
    expect(page.locator("#app-header")).to_contain_text("Dana Admin")


def test_the_pages_work_from_the_keyboard_with_visible_focus(stack, browser_page):
    page = browser_page
    sign_in(page, stack, route="#/campaigns")
    expect(page.locator("main h1")).to_be_focused()  # focus follows the page change
    page.reload()  # the session survives a reload (sessionStorage)
    expect(page.locator("main h1")).to_have_text("Campaigns")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Tab")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Sync activity")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    assert link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Sync activity")
    expect(page.locator("main h1")).to_be_focused()
    expect(link).to_have_attribute("aria-current", "page")


def test_a_rejected_token_brings_back_the_sign_in_form_with_the_message(stack, browser_page):
    page = browser_page
    page.goto(f"{stack.url}/")
    page.evaluate("sessionStorage.setItem('exelare-sync-token', 'not-a-real-token')")
    page.goto(f"{stack.url}/#/activity")
    page.reload()  # a hash-only goto stays in the same document
    form = page.locator("form.signin")
    expect(form).to_be_visible()
    expect(form.locator(".status")).to_have_attribute("data-kind", "error")
    expect(form.locator(".status")).not_to_be_empty()
    assert page.evaluate("sessionStorage.getItem('exelare-sync-token')") is None


def test_admin_connects_the_integration_and_sees_a_wrong_password_in_words(stack, browser_page):
    page = browser_page
    sign_in(page, stack)
    card = page.locator("#exelare")
    expect(card.locator("[data-state=connected]")).to_contain_text("Connected")

    card.get_by_role("button", name="Deactivate").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Deactivate").click()
    expect(card.locator("[data-state=inactive]")).to_contain_text("Not connected")
    expect(card.get_by_role("button", name="Deactivate")).to_be_disabled()
    # The base URL stays filled in (the saved one, else the server's default).
    expect(card.get_by_label("Base URL")).to_have_value(re.compile(re.escape(stack.sandbox_url)))

    card.get_by_label("Username").fill("demo-api")
    card.get_by_label("Password").fill("wrong-password")
    card.get_by_label("Company ID").fill("DEMO")
    card.get_by_label("API Source ID").fill("outreach-demo")
    card.get_by_role("button", name="Activate", exact=True).click()
    expect(card.locator(".status")).to_contain_text("Exelare refused these credentials")
    password = card.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("refused", re.I))
    expect(card.locator("[data-state=inactive]")).to_be_visible()
    screenshot(page, "web-integration-error")

    password.fill(sandbox_password(stack))
    card.get_by_role("button", name="Activate", exact=True).click()
    connected = card.locator("[data-state=connected]")
    expect(connected).to_contain_text("Connected")
    expect(connected).to_contain_text("Verified")
    expect(card.locator(".status")).to_contain_text("Exelare accepted")
    expect(password).not_to_have_attribute("aria-invalid", "true")
    info = stack.api("GET", "/api/integrations/exelare", stack.login()).json()
    assert info["status"] == "connected" and info["company_id"] == "DEMO"
    screenshot(page, "web-integration-connected")


def test_admin_sets_team_defaults_and_locks_the_candidate_settings(stack, browser_page, token):
    page = browser_page
    sign_in(page, stack)
    general = page.locator("#settings-general")
    general.get_by_label("When updating an existing record").select_option("only_if_blank")
    general.get_by_role("button", name="Save").click()
    expect(general.locator(".status")).to_have_text("Saved.")
    expect(general).to_contain_text("Set here (team default)")

    candidate = page.locator("#settings-candidate")
    candidate.get_by_label("Sync upon").select_option("added")  # unchanged: not sent
    candidate.locator("summary", has_text="selected").first.click()  # open the protected fields picker
    candidate.get_by_role("group", name="Protected fields").get_by_label("JobTitle", exact=True).check()
    candidate.get_by_label("Lock the candidate settings").check()
    candidate.get_by_role("button", name="Save").click()
    expect(candidate.locator(".status")).to_have_text("Saved.")
    expect(candidate.get_by_role("heading", name=re.compile("Candidate"))).to_contain_text("Locked")
    # Admins keep editing locked team defaults.
    expect(candidate.get_by_label("Sync upon")).to_be_enabled()

    saved = stack.api("GET", "/api/settings/team", token).json()["settings"]
    assert saved["general"] == {"update_mode": "only_if_blank"}
    assert saved["candidate"] == {"protected_fields": ["JobTitle"], "locked": True}
    screenshot(page, "web-settings-locked-admin")


def test_member_sees_locked_settings_disabled_with_the_reason(stack, browser_page, token):
    response = stack.api("PUT", "/api/settings/team", token, json={"candidate": {"locked": True}})
    assert response.ok, response.text
    page = browser_page
    sign_in(page, stack, "recruiter")
    expect(page.get_by_role("heading", name="My sync preferences")).to_be_visible()

    candidate = page.locator("#settings-candidate")
    expect(candidate).to_contain_text("Locked by your team admin")
    expect(candidate.get_by_label("Sync upon")).to_be_disabled()
    expect(candidate.get_by_label("Only add notes to synced records")).to_be_disabled()
    expect(candidate.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.get_by_label(re.compile("^Lock the"))).to_have_count(0)  # only admins see lock toggles

    contact = page.locator("#settings-contact")
    expect(contact).not_to_contain_text("Locked by your team admin")
    contact.get_by_label("Sync upon").select_option("replied")
    contact.get_by_role("button", name="Save").click()
    expect(contact.locator(".status")).to_have_text("Saved.")
    expect(contact).to_contain_text("Set here (your preference)")
    # Members read the credentials and the mapping but cannot change them.
    expect(page.locator("#exelare")).to_contain_text("Only team admins can change the Exelare credentials")
    expect(page.locator("#mapping-candidate").get_by_label("Job title")).to_be_disabled()
    screenshot(page, "web-settings-locked-member")

    member_token = stack.login("recruiter")
    assert stack.api("GET", "/api/settings/me", member_token).json()["settings"] == {"contact": {"sync_upon": "replied"}}
    stack.api("PUT", "/api/settings/me", member_token, json={"contact": {"sync_upon": None}})


def test_an_invalid_mapping_shows_the_error_beside_the_field(stack, browser_page, token):
    page = browser_page
    sign_in(page, stack)
    mapping = page.locator("#mapping-candidate")
    title = mapping.get_by_label("Job title")
    title.select_option("FirstName")  # FirstName is already the target of first_name
    mapping.get_by_role("button", name="Save candidate mapping").click()
    expect(mapping.locator(".status")).to_have_attribute("data-kind", "error")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("FirstName is already the target"))
    screenshot(page, "web-mapping-error")
    assert stack.api("GET", "/api/field-mappings/candidate", token).json()["mapping"]["strings"]["title"] == "JobTitle"

    # Fixed, plus an ordered list edit: the mapping saves and the error goes away.
    title.select_option("JobTitle")
    mapping.get_by_label("GitHub URL").select_option("UserField1")
    mapping.get_by_role("button", name="Add Email field").click()
    mapping.get_by_label("Email 3 →").select_option("UserField2")
    mapping.get_by_role("button", name="Save candidate mapping").click()
    expect(mapping.locator(".status")).to_have_text("Mapping saved.")
    expect(mapping.get_by_label("Job title")).not_to_have_attribute("aria-invalid", "true")
    saved = stack.api("GET", "/api/field-mappings/candidate", token).json()["mapping"]
    assert saved["social"]["github"] == "UserField1"
    assert saved["lists"]["emails"] == ["EMail1", "EMail2", "UserField2"]


def test_admin_creates_a_campaign_adds_a_person_and_sees_them_synced(stack, browser_page, token):
    stack.api("PUT", "/api/settings/team", token, json={"candidate": {"locked": True}}).raise_for_status()
    page = browser_page
    sign_in(page, stack, route="#/campaigns")
    create = page.locator("#new-campaign")
    create.get_by_label("Name").fill("Platform engineers")
    create.get_by_label("Type").select_option("email")
    create.get_by_label("Sync people as").select_option("candidate")
    create.get_by_role("button", name="Create campaign").click()
    expect(page.locator("main h1")).to_have_text("Platform engineers")
    campaign_id = int(re.search(r"#/campaigns/(\d+)", page.url).group(1))

    # Rename it, and adjust one unlocked setting; the locked candidate block is out of reach.
    edit = page.locator("#campaign-edit")
    edit.get_by_role("textbox", name="Name", exact=True).fill("Platform engineers (Berlin)")
    edit.get_by_role("button", name="Save campaign").click()
    expect(page.locator("main h1")).to_have_text("Platform engineers (Berlin)")
    edit.get_by_text("Adjust sync settings for this campaign").click()
    expect(edit.locator("#settings-candidate")).to_contain_text("Locked by your team admin")
    expect(edit.locator("#settings-candidate").get_by_label("Sync upon")).to_be_disabled()
    contact_settings = edit.locator("#settings-contact")
    contact_settings.get_by_label("Only add notes to synced records").uncheck()
    contact_settings.get_by_role("button", name="Save").click()
    expect(contact_settings.locator(".status")).to_have_text("Saved.")
    expect(contact_settings).to_contain_text("Set here (this campaign)")
    saved = stack.api("GET", f"/api/campaigns/{campaign_id}", token).json()
    assert saved["name"] == "Platform engineers (Berlin)"
    assert saved["settings"] == {"contact": {"only_notes_to_synced": False}}

    add = page.locator("#add-person")
    add.get_by_label("First name").fill("Ada")
    add.get_by_label("Last name").fill("Lovelace")
    add.get_by_label("Job title").fill("Staff Engineer")
    add.get_by_label("Company").fill("Analytical Engines")
    add.get_by_label("Emails").fill("ada.web-test@example.test")
    add.get_by_label("LinkedIn URL").fill("https://www.linkedin.com/in/ada-web-test")
    add.get_by_role("button", name="Add person").click()
    expect(add.locator(".status")).to_have_text("Added Ada Lovelace.")

    row = page.locator("#people tbody tr", has_text="Ada Lovelace")
    expect(row).to_contain_text("Candidate — campaign default")
    synced = row.locator("[data-record-type=candidate][data-status=synced]")
    expect(synced).to_be_visible(timeout=SYNC_TIMEOUT)  # the page polls while the job is queued/running
    exelare_id = synced.locator(".exelare-id").inner_text()
    assert exelare_id
    records = stack.sandbox("records", EntityID="Consultants")["records"]
    assert any(r["RecordID"] == exelare_id and r.get("FirstName") == "Ada" for r in records), records

    # A dry run: the diff table for the record that now exists.
    row.get_by_role("button", name="Preview the sync of Ada Lovelace").click()
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="Preview: Ada Lovelace")).to_be_focused()
    expect(preview.locator(".preview-summary")).to_contain_text(exelare_id)
    expect(preview.locator("table.diff-table tr[data-field=FirstName]")).to_contain_text("Ada")

    row.get_by_role("button", name="Sync Ada Lovelace now").click()
    expect(page.locator("#people .status")).to_contain_text("Sync of Ada Lovelace requested.")
    expect(row.locator("[data-record-type=candidate][data-status=synced]")).to_be_visible(timeout=SYNC_TIMEOUT)

    # One person's override, with where the answer comes from.
    row.get_by_label("Sync Ada Lovelace as").select_option("contact")
    row.get_by_role("button", name="Apply").click()
    expect(row.locator(".sync-as")).to_have_text("Contact — person override (campaign: Candidate)")
    people = stack.api("GET", f"/api/campaigns/{campaign_id}/people", token).json()["items"]
    assert people[0]["membership"]["sync_as_override"] == "contact"
    contact = row.locator("[data-record-type=contact][data-status=synced]")
    expect(contact).to_be_visible(timeout=SYNC_TIMEOUT)
    contact_id = contact.locator(".exelare-id").inner_text()
    assert any(r["RecordID"] == contact_id for r in stack.sandbox("records", EntityID="Contacts")["records"])
    expect(page.locator("main .facts-line")).to_contain_text("1 person")
    screenshot(page, "web-campaign")
    preview.get_by_role("button", name="Close preview").click()
    expect(row.get_by_role("button", name="Preview the sync of Ada Lovelace")).to_be_focused()

    page.set_viewport_size({"width": 400, "height": 800})
    expect(row).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the campaign page scrolls sideways by {overflow}px at 400px"
    screenshot(page, "web-campaign-400px")


def test_sync_activity_shows_a_failure_in_words_and_retries_it(stack, browser_page, token):
    campaign = new_campaign(stack, token, "Activity check")
    # The next create is refused as Exelare refuses an unknown field: a fatal failure for that job.
    fault = {"count": 1, "status": 400, "operations": ["create"]}
    assert stack.api("GET", "/api/integrations/exelare", token).json()["status"] == "connected"
    requests.post(f"{stack.sandbox_url}/_sandbox/faults", json=fault, timeout=5).raise_for_status()
    added = stack.api("POST", f"/api/campaigns/{campaign['id']}/people", token,
                      json={"person": {"first_name": "Grace", "last_name": "Hopper",
                                       "emails": ["grace.web-test@example.test"]}})
    assert added.status_code == 201, added.text

    page = browser_page
    sign_in(page, stack, route=f"#/activity?campaign_id={campaign['id']}")
    failed = page.locator("#jobs tbody tr[data-status=failed]", has_text="Grace Hopper")
    expect(failed).to_be_visible(timeout=SYNC_TIMEOUT)  # auto-refreshes while the job is queued/running
    expect(failed.locator(".error-text")).not_to_be_empty()
    screenshot(page, "web-activity")

    failed.get_by_role("button", name=re.compile("^Retry job")).click()
    expect(page.locator("#jobs .status")).to_contain_text("queued")
    expect(page.locator("#jobs tbody tr[data-status=synced]", has_text="Grace Hopper")).to_be_visible(
        timeout=SYNC_TIMEOUT)
    records = stack.sandbox("records", EntityID="Consultants")["records"]
    assert any(r.get("FirstName") == "Grace" for r in records)

    # The filters live in the address, so a filtered view can be shared.
    page.locator("#job-filters").get_by_label("Status").select_option("failed")
    page.locator("#job-filters").get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"status=failed"))
    expect(page.locator("#jobs")).to_contain_text("No sync jobs match.")
