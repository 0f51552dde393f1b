"""What the extension is made of: the manifest, and reading people from pages (no backend needed).

The extractor runs exactly as the popup runs it: chrome.scripting.executeScript
with extract.js's function and selectors.js's config, on fixture pages served
from 127.0.0.1; person.js then turns what it read into the API's person.
"""
import json

from browser_support import REPO
from test_extension import LINKEDIN_URL, PRIYA_LINKEDIN_URL, ext, pages  # noqa: F401 (fixtures)


def test_manifest_asks_for_little():
    manifest = json.loads((REPO / "manifest.json").read_text())
    assert manifest["manifest_version"] == 3
    assert sorted(manifest["permissions"]) == ["activeTab", "scripting", "storage"]
    assert sorted(manifest["host_permissions"]) == ["http://127.0.0.1/*", "http://localhost/*"]
    assert sorted(manifest["optional_host_permissions"]) == ["http://*/*", "https://*/*"]
    assert manifest["background"] == {"service_worker": "extension/background.js", "type": "module"}
    assert manifest["action"]["default_popup"] == "extension/popup.html"
    assert manifest["options_ui"]["page"] == "extension/options.html"
    csp = manifest["content_security_policy"]["extension_pages"]
    assert "script-src 'self'" in csp and "object-src 'self'" in csp and "unsafe" not in csp
    for path in [manifest["background"]["service_worker"], manifest["action"]["default_popup"],
                 manifest["options_ui"]["page"], *manifest["icons"].values()]:
        assert (REPO / path).is_file(), path


def test_no_page_text_is_inserted_as_html():
    """Page and backend text only ever goes through textContent: no innerHTML & co. in the extension."""
    for path in (REPO / "extension").glob("*.js"):
        source = path.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{path.name} uses {sink}"


def test_extractor_reads_each_page_shape(ext, pages):
    """LinkedIn (two DOM generations), JSON-LD Person, Open Graph profile; an article is no profile."""
    helper = ext.helper()
    read = """async tabId => {
        const { extractProfile } = await import('./extract.js');
        const { extractorConfig } = await import('./selectors.js');
        const { toPerson } = await import('./person.js');
        const [injection] = await chrome.scripting.executeScript(
            { target: { tabId }, func: extractProfile, args: [extractorConfig()] });
        const raw = injection.result;
        return { raw, person: raw.found ? toPerson(raw) : null };
    }"""
    expected = {
        "linkedin_profile.html": ("linkedin", "top-card-2023", {
            "first_name": "Jana", "last_name": "Schmidt-Novak", "title": "Senior Backend Engineer",
            "company": "Fernweh Mobility GmbH", "city": "Berlin", "state": "Berlin", "country": "Germany",
            "emails": [], "linkedin_url": LINKEDIN_URL}),
        "linkedin_profile_2020.html": ("linkedin", "pv-top-card-2020", {
            "first_name": "Ola", "last_name": "Nordmann", "title": "Head of Platform", "company": "Fjord Freight AS",
            "city": "Oslo", "country": "Norway", "emails": []}),
        "jsonld_person.html": ("json-ld", "schema.org Person", {
            "first_name": "Priya", "last_name": "Raman", "title": "VP Engineering <b onclick=\"alert(1)\">& Data</b>",
            "company": "Northwind Analytics Ltd", "city": "London", "state": "England", "country": "United Kingdom",
            "emails": ["priya.raman@northwind.example"], "linkedin_url": PRIYA_LINKEDIN_URL,
            "twitter_url": "https://twitter.com/priyaraman", "github_url": "https://github.com/praman"}),
        "opengraph_profile.html": ("open-graph", "og:type=profile", {
            "first_name": "Tomás", "last_name": "Ferreira", "emails": [],
            "github_url": "https://github.com/tferreira"}),
    }
    for name, (source, shape, person) in expected.items():
        page, tab = ext.open_site(f"{pages}/{name}")
        result = helper.evaluate(read, tab)
        assert result["raw"]["source"] == source, name
        assert result["raw"]["shape"] == shape, name
        assert result["person"] == person, name
        page.close()
    page, tab = ext.open_site(f"{pages}/not_a_profile.html")
    assert helper.evaluate(read, tab)["raw"]["found"] is False


def test_person_helpers_split_names_and_locations(ext):
    """The pure helpers in person.js, with a table of cases."""
    cases = ext.helper().evaluate("""async () => {
        const p = await import('./person.js');
        return {
            locations: ['Berlin, Berlin, Germany', 'Oslo, Norway', 'Germany', 'Greater Berlin Area', '',
                        'Austin, Texas Metropolitan Area, Texas, United States'].map(p.splitLocation),
            names: ['Jane Q. Doe', 'Jane Doe, PhD', 'Cher', '  '].map(p.splitName),
            headlines: ['CTO at Acme', 'Builder | Go, Rust', 'Engineer @ Foo'].map(p.splitHeadline),
            urls: p.socialUrls(['https://de.linkedin.com/in/jane-doe/details/', 'https://x.com/jd',
                                'javascript:alert(1)', 'https://www.facebook.com/jd', 'not a url']),
            emails: p.cleanEmails(['mailto:a@b.co', 'A@B.co', 'nope', 'c@d.io']),
        };
    }""")
    assert cases["locations"] == [
        {"city": "Berlin", "state": "Berlin", "country": "Germany"},
        {"city": "Oslo", "state": "", "country": "Norway"},
        {"city": "", "state": "", "country": "Germany"},
        {"city": "Greater Berlin Area", "state": "", "country": ""},
        {"city": "", "state": "", "country": ""},
        {"city": "Austin", "state": "Texas Metropolitan Area, Texas", "country": "United States"},
    ]
    assert cases["names"] == [{"first": "Jane", "last": "Q. Doe"}, {"first": "Jane", "last": "Doe"},
                              {"first": "Cher", "last": ""}, {"first": "", "last": ""}]
    assert cases["headlines"] == [{"title": "CTO", "company": "Acme"}, {"title": "Builder", "company": ""},
                                  {"title": "Engineer", "company": "Foo"}]
    assert cases["urls"] == {"linkedin_url": "https://www.linkedin.com/in/jane-doe",
                             "twitter_url": "https://x.com/jd", "facebook_url": "https://www.facebook.com/jd"}
    assert cases["emails"] == ["a@b.co", "c@d.io"]


def test_selection_rules(ext):
    """selection.js: which campaign is shown and which sync the popup follows."""
    result = ext.helper().evaluate("""async () => {
        const s = await import('./selection.js');
        const campaigns = [{ id: 3, name: 'C', sync_as: 'contact' }, { id: 1, name: 'A', sync_as: 'candidate' }];
        const S = (status, extra = {}) => ({ status, exelare_id: null, job_id: 7, paused: false, ...extra });
        const member = { membership: { person_id: 9, sync_as_override: 'contact' }, campaign: { id: 1 },
                         effective_sync_as: { value: 'contact', source: 'person' } };
        const known = { person: { id: 9 }, campaigns, memberships: [member],
                        sync: { candidate: S('not_synced'), contact: S('queued') } };
        const unknown = { person: null, campaigns, memberships: [], sync: null };
        const answer = { membership: { person_id: 9, sync_as_override: null }, person: { id: 9 },
                         effective_sync_as: { value: 'contact', source: 'campaign' },
                         sync: { candidate: S('not_synced'), contact: S('synced') } };
        const merged = s.withMembership(known, answer, campaigns[0]);
        return {
            pickNewest: s.pickCampaign(unknown),
            pickLastUsed: s.pickCampaign(unknown, { lastUsed: 1 }),
            pickGoneLastUsed: s.pickCampaign(unknown, { lastUsed: 42 }),
            pickMemberOf: s.pickCampaign(known),
            pickSelected: s.pickCampaign(known, { selected: 3, lastUsed: 1 }),
            pickNone: s.pickCampaign({ campaigns: [], memberships: [] }),
            savedMember: s.savedChoice(known, 1),
            savedOther: s.savedChoice(known, 3),
            followMember: s.followedSync(known, 1, 'candidate'),
            followPreview: s.followedSync(known, 3, 'candidate').type,
            followUnknown: s.followedSync(unknown, 3, 'default'),
            states: [s.personState(known, 1), s.personState(known, 3), s.personState(unknown, 3)],
            inFlight: [s.inFlight(S('queued')), s.inFlight(S('running')), s.inFlight(S('queued', { paused: true })),
                       s.inFlight(S('failed')), s.inFlight(null)],
            mergedCampaigns: merged.memberships.map(entry => entry.campaign.id).sort(),
            mergedSync: merged.sync.contact.status,
            originalUntouched: known.memberships.length,
        };
    }""")
    assert result["pickNewest"] == 3
    assert result["pickLastUsed"] == 1
    assert result["pickGoneLastUsed"] == 3
    assert result["pickMemberOf"] == 1
    assert result["pickSelected"] == 3
    assert result["pickNone"] is None
    assert (result["savedMember"], result["savedOther"]) == ("contact", "default")
    assert result["followMember"]["type"] == "contact" and result["followMember"]["state"]["status"] == "queued"
    assert result["followPreview"] == "candidate"
    assert result["followUnknown"] == {"type": "contact", "state": None}
    assert result["states"] == ["person-member", "person-known", "person-new"]
    assert result["inFlight"] == [True, True, False, False, False]
    assert result["mergedCampaigns"] == [1, 3] and result["mergedSync"] == "synced"
    assert result["originalUntouched"] == 1
