"""The Chrome extension in a real Chromium, against the real product (`python -m server`, demo mode).

Profile pages are fixture files served from 127.0.0.1 by a tiny http.server
thread. The popup is opened as a page, chrome-extension://<id>/extension/popup.html?tab=<id>:
a popup page opened in a tab of its own is itself the active tab, so the
test names the profile tab with `?tab=`. Reading that tab needs a host
permission instead of activeTab (which only a click on the toolbar button
grants); the defaults, http://127.0.0.1/* and http://localhost/*, cover the
fixture server.

The fixtures and helpers live here; test_extension_extract.py (manifest and
page reading) and test_extension_sync_states.py (failed syncs, integration
in error, on a product of their own) import them.
"""
import functools
import http.server
import json
import re
import statistics
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
from browser_support import ARTIFACTS, free_port, screenshot
from playwright.sync_api import expect

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LINKEDIN_SLUG = "jana-schmidt-novak-4b2a19"
LINKEDIN_URL = f"https://www.linkedin.com/in/{LINKEDIN_SLUG}"
PRIYA_LINKEDIN_URL = "https://www.linkedin.com/in/priya-raman-data"
BERLIN = "Backend engineers (Berlin)"      # demo campaign, syncs as Candidate
FINTECH = "Hiring managers, fintech"       # demo campaign, syncs as Contact
NOT_A_PROFILE = "Open a person's profile (LinkedIn, or a page with profile data) to add them."
SESSION_EXPIRED = "Your session expired — sign in again."
SYNC_TIMEOUT_MS = 60_000
TIMINGS = ARTIFACTS.parent / "time-to-person.json"


# ---- the fixture pages ----

class FixtureHandler(http.server.SimpleHTTPRequestHandler):
    """Serves tests/browser/fixtures/. `?slug=x` swaps the LinkedIn fixture's profile slug,
    so several tests can use "different people" of the same page shape."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        parsed = urllib.parse.urlsplit(self.path)
        slug = urllib.parse.parse_qs(parsed.query).get("slug", [None])[0]
        if slug and parsed.path == "/linkedin_profile.html" and re.fullmatch(r"[a-z0-9-]{3,60}", slug):
            body = (FIXTURES / "linkedin_profile.html").read_text().replace(LINKEDIN_SLUG, slug).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pages():
    """Base URL of the fixture pages, e.g. pages + "/linkedin_profile.html"."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(FixtureHandler, directory=str(FIXTURES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# ---- the extension ----

class Extension:
    """The unpacked extension in one persistent context: id, service worker, popup and options pages."""

    def __init__(self, context):
        self.context = context
        workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
        self.worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15_000)
        self.id = self.worker.url.split("/")[2]
        self.base = f"chrome-extension://{self.id}/extension/"
        self._helper = None

    def helper(self):
        """An extension page to run chrome.* calls from (it outlives a stopped service worker)."""
        if self._helper is None or self._helper.is_closed():
            self._helper = self.context.new_page()
            self._helper.goto(self.base + "options.html")
        return self._helper

    def set_storage(self, values):
        self.helper().evaluate("values => chrome.storage.local.set(values)", values)

    def get_storage(self):
        return self.helper().evaluate("() => chrome.storage.local.get(null)")

    def sign_in_directly(self, stack, role="recruiter"):
        """Store a session as the popup's sign-in would (the sign-in form has its own test)."""
        email, password = stack.credentials[role]
        answer = requests.post(f"{stack.url}/api/auth/login", json={"email": email, "password": password},
                               timeout=10).json()
        self.set_storage({"backendUrl": stack.url, "token": answer["token"], "user": answer["user"],
                          "lastEmail": email})
        return answer["token"]

    def open_site(self, url):
        """Open a web page in a new tab; answer (page, Chrome's tab id)."""
        page = self.context.new_page()
        page.goto(url)
        return page, self.tab_id(page.url)

    def tab_id(self, url):
        ids = self.worker.evaluate(
            "async url => (await chrome.tabs.query({})).filter(tab => tab.url === url).map(tab => tab.id)", url)
        assert len(ids) == 1, f"expected one tab at {url}, found {ids}"
        return ids[0]

    def popup(self, tab_id=None):
        """The popup as a page of its own, popup-sized."""
        page = self.context.new_page()
        page.set_viewport_size({"width": 360, "height": 600})
        page.goto(self.base + "popup.html" + (f"?tab={tab_id}" if tab_id is not None else ""))
        return page


@pytest.fixture
def ext(extension_context):
    return Extension(extension_context)


def wait_for_view(popup, *views, timeout=15_000):
    """Wait until <body data-view> is one of `views`; answer it."""
    popup.wait_for_function("views => views.includes(document.body.dataset.view)", arg=list(views), timeout=timeout)
    return popup.evaluate("document.body.dataset.view")


def time_to_person(popup):
    return float(popup.evaluate("document.body.dataset.timeToPersonMs"))


def record_timing(name, values):
    data = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    data[name] = values
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(data, indent=2))
    print(f"\ntime-to-person {name}: {values}")


def campaign_id(stack, token, name):
    lookup = stack.api("GET", "/api/people", token, params={"email": "nobody@example.com"}).json()
    return next(c["id"] for c in lookup["campaigns"] if c["name"] == name)


def choose_campaign(popup, name):
    value = popup.locator("#campaign option", has_text=name).get_attribute("value")
    popup.select_option("#campaign", value)


def contacts_for(stack, entity, linkedin_url):
    records = stack.sandbox("records", EntityID=entity)["records"]
    return [r for r in records if (r.get("uuLinkedInURL") or "").rstrip("/") == linkedin_url]


# ---- sign-in and the messages (no people endpoints needed) ----

def test_sign_in_shows_wrong_password_then_the_person(ext, stack, pages):
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html")
    popup = ext.popup(tab)
    wait_for_view(popup, "signin")
    expect(popup.locator("#signin-backend")).to_have_value("http://127.0.0.1:8000")   # the default
    screenshot(popup, "signin")

    email, password = stack.credentials["recruiter"]
    popup.fill("#signin-backend", stack.url + "/")
    popup.fill("#signin-email", email)
    popup.fill("#signin-password", password + "-wrong")
    popup.click("#signin-submit")
    wait_for_view(popup, "signin-error")
    expect(popup.locator("#signin-message")).to_have_text("The email or password is wrong.")
    screenshot(popup, "signin-error")

    popup.fill("#signin-password", password)
    popup.press("#signin-password", "Enter")      # keyboard submit
    wait_for_view(popup, "person-new")
    expect(popup.locator("#person-name")).to_have_text("Jana Schmidt-Novak")
    expect(popup.locator("#person-role")).to_have_text("Senior Backend Engineer · Fernweh Mobility GmbH")
    expect(popup.locator("#person-known")).to_have_text("New — not in your team's records yet.")
    expect(popup.locator("#account")).to_have_text("Riley Recruiter")
    stored = ext.get_storage()
    assert stored["backendUrl"] == stack.url and stored["token"] and stored["user"]["email"] == email
    screenshot(popup, "person-new")

    popup.click("#signout")
    wait_for_view(popup, "signin")
    assert "token" not in ext.get_storage()


def test_page_that_is_not_a_profile_says_what_to_open(ext, stack, pages):
    ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/not_a_profile.html")
    popup = ext.popup(tab)
    wait_for_view(popup, "not-a-profile")
    expect(popup.locator("#message-text")).to_have_text(NOT_A_PROFILE)
    screenshot(popup, "not-a-profile")


def test_backend_down_says_it_cannot_reach_it(ext, stack, pages):
    ext.sign_in_directly(stack)
    closed = f"http://127.0.0.1:{free_port()}"
    ext.set_storage({"backendUrl": closed})          # signed in, then the backend went away
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html")
    popup = ext.popup(tab)
    wait_for_view(popup, "backend-down")
    expect(popup.locator("#message-text")).to_have_text(
        f"Can't reach the backend at {closed} — check the address in Options.")
    expect(popup.locator("#message-retry")).to_be_visible()
    screenshot(popup, "backend-down")

    # Pointing Options at the live backend again and signing in brings the person back.
    options = ext.helper()
    options.reload()
    expect(options.locator("#backend-url")).to_have_value(closed)
    options.fill("#backend-url", stack.url)
    options.click("#save")
    expect(options.locator("#status")).to_contain_text(f"Saved: {stack.url}.")
    screenshot(options, "options-saved")
    assert "token" not in ext.get_storage()          # another backend: signed out
    options.click("#check")
    expect(options.locator("#status")).to_have_text(
        f"The backend at {stack.url} answers; sign in from the toolbar button.")
    popup.reload()
    wait_for_view(popup, "signin")
    expect(popup.locator("#signin-backend")).to_have_value(stack.url)


def test_options_refuse_a_bad_address(ext):
    options = ext.helper()
    options.fill("#backend-url", "ftp://example.com")
    options.click("#save")
    expect(options.locator("#status")).to_have_attribute("data-kind", "error")
    assert ext.get_storage().get("backendUrl") is None


def test_revoked_token_brings_back_sign_in(ext, stack, pages):
    admin = stack.login("admin")
    email, password = "revoked.recruiter@demo.test", "first-password-123"
    created = stack.api("POST", "/api/team/members", admin,
                        json={"email": email, "password": password, "name": "Rae Voked", "role": "member"})
    assert created.status_code == 201, created.text
    token = requests.post(f"{stack.url}/api/auth/login", json={"email": email, "password": password}, timeout=10).json()
    ext.set_storage({"backendUrl": stack.url, "token": token["token"], "user": token["user"], "lastEmail": email})
    changed = stack.api("POST", "/api/auth/password", token["token"],
                        json={"current_password": password, "new_password": "second-password-456"})
    assert changed.status_code == 200, changed.text          # every older token is now revoked

    _, tab = ext.open_site(f"{pages}/linkedin_profile.html")
    popup = ext.popup(tab)
    wait_for_view(popup, "session-expired")
    expect(popup.locator("#signin-message")).to_have_text(SESSION_EXPIRED)
    expect(popup.locator("#signin-email")).to_have_value(email)
    assert "token" not in ext.get_storage()
    screenshot(popup, "session-expired")


# ---- tests with the people endpoints ----

def test_add_as_contact_override_syncs_exactly_one_contact(ext, stack, pages):
    token = ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-new")
    choose_campaign(popup, BERLIN)
    expect(popup.locator("#campaign-default")).to_have_text("This campaign syncs people as Candidate.")
    expect(popup.locator("#sync-as-default-label")).to_have_text("Campaign default (Candidate)")
    expect(popup.locator("#sync-as-default")).to_be_checked()
    popup.get_by_label("Contact", exact=True).check()
    expect(popup.locator("#effective")).to_have_text(
        "Will sync as: Contact — your override (campaign default: Candidate)")

    # Slow the sandbox's next create down, so the popup shows the job in flight before it lands.
    requests.post(f"{stack.sandbox_url}/_sandbox/faults", json={"count": 1, "delay": 2.5, "operations": ["create"]},
                  timeout=5).raise_for_status()
    popup.click("#save")
    popup.wait_for_function("() => ['queued', 'running'].includes(document.body.dataset.syncStatus)")
    expect(popup.locator("#sync-state")).to_have_text(re.compile(
        r"^(Queued to sync as Contact( — about \d+ s)?\.|Syncing to Exelare as Contact…)$"))
    expect(popup.locator("#effective")).to_have_text("Syncs as: Contact — your override (campaign default: Candidate)")
    screenshot(popup, "person-added-queued")

    expect(popup.locator("#sync-state")).to_have_attribute("data-status", "synced", timeout=SYNC_TIMEOUT_MS)
    expect(popup.locator("#sync-state")).to_have_text(re.compile(r"^Synced to Exelare as Contact #\S+\.$"))
    expect(popup.locator("#save")).to_have_text("Save")
    expect(popup.locator("#save")).to_be_disabled()             # nothing changed yet
    screenshot(popup, "person-synced")

    contacts = contacts_for(stack, "Contacts", LINKEDIN_URL)
    assert len(contacts) == 1, contacts
    contact = contacts[0]
    expected = {"FirstName": "Jana", "LastName": "Schmidt-Novak", "JobTitle": "Senior Backend Engineer",
                "CompanyName": "Fernweh Mobility GmbH", "City": "Berlin", "State": "Berlin", "Country": "Germany",
                "uuLinkedInURL": LINKEDIN_URL}
    assert {key: contact.get(key) for key in expected} == expected
    exelare_id = popup.locator("#sync-state").inner_text().split("#")[1].rstrip(".")
    assert exelare_id in json.dumps(contact)
    assert contacts_for(stack, "Consultants", LINKEDIN_URL) == []      # not a Candidate too

    # What the backend holds for the person agrees with the popup.
    lookup = stack.api("GET", "/api/people", token, params={"linkedin_url": LINKEDIN_URL}).json()
    membership = next(m for m in lookup["memberships"] if m["campaign"]["name"] == BERLIN)
    assert membership["membership"]["sync_as_override"] == "contact"
    assert lookup["sync"]["contact"]["status"] == "synced"

    # The campaign is remembered for the next person.
    assert ext.get_storage()["lastCampaignId"] == membership["campaign"]["id"]


def test_change_override_of_a_person_already_in_a_campaign(ext, stack, pages):
    token = ext.sign_in_directly(stack)
    fintech = campaign_id(stack, token, FINTECH)
    added = stack.api("POST", f"/api/campaigns/{fintech}/people", token, json={
        "person": {"first_name": "Priya", "last_name": "Raman", "linkedin_url": PRIYA_LINKEDIN_URL}, "sync_as": None})
    assert added.status_code in (200, 201), added.text

    _, tab = ext.open_site(f"{pages}/jsonld_person.html")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-member")          # no campaign used yet: the person's own is selected
    expect(popup.locator("#campaign")).to_have_value(str(fintech))
    # The page's text is shown as text: the markup in the job title stays characters.
    expect(popup.locator("#person-role")).to_have_text(
        "VP Engineering <b onclick=\"alert(1)\">& Data</b> · Northwind Analytics Ltd")
    assert popup.locator("#person-role b").count() == 0
    expect(popup.locator("#person-known")).to_contain_text("Known — in 1 campaign")
    choose_campaign(popup, FINTECH)
    expect(popup.locator("#sync-as-default")).to_be_checked()
    expect(popup.locator("#effective")).to_have_text("Syncs as: Contact — campaign default")
    expect(popup.locator("#save")).to_be_disabled()

    popup.get_by_label("Candidate", exact=True).check()
    expect(popup.locator("#save")).to_be_enabled()
    popup.click("#save")
    expect(popup.locator("#effective")).to_have_text(
        "Syncs as: Candidate — your override (campaign default: Contact)")
    expect(popup.locator("#sync-as-candidate")).to_be_checked()
    wait_for_view(popup, "person-member")
    screenshot(popup, "override-changed")

    lookup = stack.api("GET", "/api/people", token, params={"linkedin_url": PRIYA_LINKEDIN_URL}).json()
    membership = next(m for m in lookup["memberships"] if m["campaign"]["id"] == fintech)
    assert membership["membership"]["sync_as_override"] == "candidate"
    assert membership["effective_sync_as"]["value"] == "candidate"
    assert membership["effective_sync_as"]["source"] == "person"

    # Back to the campaign default: the override is cleared (null), not set to "contact".
    popup.get_by_label("Campaign default (Contact)").check()
    popup.click("#save")
    expect(popup.locator("#effective")).to_have_text("Syncs as: Contact — campaign default")
    lookup = stack.api("GET", "/api/people", token, params={"linkedin_url": PRIYA_LINKEDIN_URL}).json()
    membership = next(m for m in lookup["memberships"] if m["campaign"]["id"] == fintech)
    assert membership["membership"]["sync_as_override"] is None


def test_popup_works_after_the_service_worker_is_stopped(ext, stack, pages):
    ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html?slug=sam-worker-stopped")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-new")
    choose_campaign(popup, FINTECH)
    popup.click("#save")                                        # action 1
    wait_for_view(popup, "person-member")

    cdp = ext.context.new_cdp_session(popup)
    versions = {}
    cdp.on("ServiceWorker.workerVersionUpdated",
           lambda event: versions.update({v["versionId"]: v["runningStatus"] for v in event["versions"]}))
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    popup.wait_for_function("() => true")                       # let the CDP events arrive
    deadline_ms = 5000
    waited = 0
    while "running" in versions.values() and waited < deadline_ms:
        popup.wait_for_timeout(100)                              # polling CDP events, not a fixed sleep
        waited += 100
    assert versions and "running" not in versions.values(), versions

    popup.get_by_label("Candidate", exact=True).check()         # action 2, with no service worker
    popup.click("#save")
    expect(popup.locator("#effective")).to_have_text(
        "Syncs as: Candidate — your override (campaign default: Contact)")

    # A freshly opened popup works too (and Chrome may wake the worker for its message).
    again = ext.popup(tab)
    wait_for_view(again, "person-member")
    expect(again.locator("#person-known")).to_contain_text("Known — in 1 campaign")
    cdp.detach()


def test_badge_follows_the_sync_after_the_popup_closes(ext, stack, pages):
    """The service worker's one job: keep the tab's badge right once the popup is gone."""
    ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html?slug=bea-badge")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-new")
    choose_campaign(popup, FINTECH)
    requests.post(f"{stack.sandbox_url}/_sandbox/faults", json={"count": 1, "delay": 3, "operations": ["create"]},
                  timeout=5).raise_for_status()
    popup.click("#save")
    popup.wait_for_function("() => ['queued', 'running'].includes(document.body.dataset.syncStatus)")

    def badge():
        return ext.worker.evaluate("tabId => chrome.action.getBadgeText({ tabId })", tab)

    assert badge() == "…"
    popup.close()                                   # only the service worker can change the badge now
    deadline = time.monotonic() + SYNC_TIMEOUT_MS / 1000
    while badge() != "✓" and time.monotonic() < deadline:
        time.sleep(0.25)
    assert badge() == "✓"


def test_popup_is_keyboard_usable_and_labelled(ext, stack, pages):
    ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html?slug=kai-keyboard")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-new")
    unlabelled = popup.evaluate("""() => [...document.querySelectorAll('input, select')]
        .filter(element => element.labels.length === 0).map(element => element.id)""")
    assert unlabelled == []
    popup.focus("#campaign")
    popup.keyboard.press("Tab")
    assert popup.evaluate("document.activeElement.id") == "sync-as-default"
    popup.keyboard.press("ArrowDown")
    popup.keyboard.press("ArrowDown")
    expect(popup.locator("#sync-as-contact")).to_be_checked()
    popup.keyboard.press("Tab")
    assert popup.evaluate("document.activeElement.id") == "save"
    outline = popup.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"                       # a visible focus ring
    popup.keyboard.press("Enter")
    wait_for_view(popup, "person-member")
    expect(popup.locator("#effective")).to_contain_text("Contact — your override")


def test_time_to_person(ext, stack, pages):
    """From opening the popup to the person shown with their known/synced state (one look-up call)."""
    ext.sign_in_directly(stack)
    summaries = {}
    for name, page in (("linkedin_profile", "linkedin_profile.html"), ("jsonld_person", "jsonld_person.html")):
        _, tab = ext.open_site(f"{pages}/{page}")
        samples = []
        for _ in range(5):
            popup = ext.popup(tab)
            wait_for_view(popup, "person-new", "person-known", "person-member")
            samples.append(time_to_person(popup))
            popup.close()
        # The first popup of a fresh browser profile pays for compiling the modules.
        summaries[name] = {"samples_ms": samples, "first_ms": samples[0],
                           "median_ms": statistics.median(samples), "max_ms": max(samples)}
        record_timing(name, summaries[name])
    # No time limit here (shared, noisy machines): the figures are printed and saved for the record.
    for name, summary in summaries.items():
        assert all(sample > 0 for sample in summary["samples_ms"]), summary
        print(f"time to person, {name}: median {summary['median_ms']:.0f} ms, max {summary['max_ms']:.0f} ms")
