// The popup: sign in, read the person from the tab, look them up in one
// call, add them to a campaign with a "sync as" choice, and follow the sync.
//
// It talks to the backend itself (api.js) and to the page through
// chrome.scripting, so it works while the service worker is stopped; the
// worker is only told to keep the tab's badge up to date after we close.
//
// Which tab: the active tab of the popup's window. Tests (and anyone opening
// popup.html in a tab of its own) pass ?tab=<tabId> instead, because the
// popup page is then the active tab itself. A page cannot use this to read
// other tabs: executeScript still needs activeTab or a host permission.

import { createClient, hasBackendAccess, SESSION_EXPIRED_MESSAGE } from "./api.js";
import { setTabBadge } from "./badge.js";
import * as describe from "./describe.js";
import { extractProfile } from "./extract.js";
import { displayName, lookupKey, toPerson } from "./person.js";
import * as selection from "./selection.js";
import { extractorConfig } from "./selectors.js";
import { wireSignIn } from "./signin.js";
import * as storage from "./storage.js";
import * as view from "./view.js";

const { $ } = view;
const POLL_INTERVAL_MS = 1500;
const POLL_LIMIT_MS = 120000;
const NOT_A_PROFILE = "Open a person's profile (LinkedIn, or a page with profile data) to add them.";
const SOURCES = { linkedin: "LinkedIn profile", "json-ld": "the page's schema.org data", "open-graph": "the page's Open Graph tags" };

const state = {
  options: null,     // storage.load()
  tabId: null,
  raw: null,         // what extract.js read from the page
  person: null,      // what we send to the backend (person.js)
  key: null,         // the look-up query
  lookup: null,      // the GET /api/people answer, updated by every later answer
  campaignId: null,
  busy: false,
  pollRun: 0,        // bumping it stops the current polling loop
};

const elapsed = () => String(Math.round(performance.now() * 10) / 10);   // since the popup opened
const client = () => createClient({ backendUrl: state.options.backendUrl, token: state.options.token });

// ---- what is selected (selection.js has the rules) ----

const currentCampaign = () => selection.currentCampaign(state.lookup, state.campaignId);
const currentMembership = () => selection.currentMembership(state.lookup, state.campaignId);
const savedChoice = () => selection.savedChoice(state.lookup, state.campaignId);
const followed = () => selection.followedSync(state.lookup, state.campaignId, view.selectedChoice());
const personState = () => selection.personState(state.lookup, state.campaignId);
const syncInFlight = () => selection.inFlight(followed().state);
const pickCampaign = () =>
  selection.pickCampaign(state.lookup, { selected: state.campaignId, lastUsed: state.options.lastCampaignId });

// ---- rendering ----

function renderPerson() {
  const person = state.person;
  view.renderPersonCard({
    name: displayName(person) || state.raw.name,
    title: person.title, company: person.company,
    place: [person.city, person.state, person.country].filter(Boolean).join(", "),
    known: state.lookup ? describe.knownSummary(state.lookup) : "Looking them up…",
    source: `Read from ${SOURCES[state.raw.source] || "the page"}.`,
  });
}

function renderCampaignPart({ keepChoice }) {
  const campaign = currentCampaign();
  $("campaign-form").hidden = !campaign;
  if (!campaign) {
    view.showNotice("Your team has no campaigns yet: create one in the web app first.");
    view.renderSync(null);
    return;
  }
  const membership = currentMembership();
  const choice = keepChoice ? view.selectedChoice() : savedChoice();
  const unchanged = Boolean(membership) && choice === savedChoice();
  let effectiveText;
  if (unchanged) {
    const setBy = membership.membership.override_set_by;
    const mine = !setBy || !state.options.user || setBy.id === state.options.user.id;
    effectiveText = `Syncs as: ${describe.effectiveLabel(membership.effective_sync_as, { mine })}`;
  } else {
    effectiveText = `Will sync as: ${describe.effectiveLabel(describe.previewEffective(choice, campaign))}`;
  }
  view.renderSyncAs({ campaign, choice, effectiveText, member: Boolean(membership) });
  const { state: sync } = followed();
  view.renderActions({
    member: Boolean(membership), changed: !unchanged, busy: state.busy,
    canSyncNow: Boolean(membership) && !describe.IN_FLIGHT.has(sync ? sync.status : "not_synced"),
  });
  renderSyncState();
}

function renderSyncState() {
  const { type } = followed();
  const sync = state.lookup.sync;
  if (!sync || !type) {
    view.renderSync(null);
    delete document.body.dataset.syncStatus;
    return;
  }
  const described = describe.describeSync(sync[type], type);
  view.renderSync(described, describe.describeOther(sync, type));
  document.body.dataset.syncStatus = described.status;
  if (currentMembership()) setTabBadge(state.tabId, described.status);
}

function renderLookup({ keepChoice }) {
  state.campaignId = pickCampaign();
  renderPerson();
  view.showIntegration(describe.integrationNotice(state.lookup.integration));
  view.renderCampaigns(state.lookup.campaigns || [], state.campaignId);
  renderCampaignPart({ keepChoice });
}

// ---- flows ----

async function targetTabId() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : null;
}

async function readPage(tabId) {
  if (tabId === null) return { found: false };
  try {
    const [injection] = await chrome.scripting.executeScript({
      target: { tabId }, func: extractProfile, args: [extractorConfig()],
    });
    return injection && injection.result ? injection.result : { found: false };
  } catch {
    return { found: false };   // chrome:// pages, the Web Store, a closed tab: nothing to read
  }
}

function showSignIn(message = "", viewState = "signin") {
  stopPolling();
  view.renderAccount(null);
  view.showNotice("");
  view.showIntegration("");
  view.showSignIn({ backendUrl: state.options.backendUrl, email: state.options.lastEmail, message, state: viewState });
}

async function handleError(err) {
  if (err && err.isSessionError) {
    await storage.clearSession();
    state.options = await storage.load();
    showSignIn(SESSION_EXPIRED_MESSAGE, "session-expired");
  } else if (err && err.isConnectionError) {
    stopPolling();
    view.showIntegration("");
    view.showMessage("backend-down", err.message, { retry: true, options: true });
  } else {
    view.showNotice(err && err.message ? err.message : String(err));
  }
}

async function readAndLookUp() {
  stopPolling();
  view.showNotice("");
  view.showIntegration("");
  view.showLoading("Reading the page…");
  state.tabId = await targetTabId();
  const raw = await readPage(state.tabId);
  document.body.dataset.timeToPageMs = elapsed();
  if (!raw.found) {
    view.showMessage("not-a-profile", NOT_A_PROFILE);
    return;
  }
  state.raw = raw;
  state.person = toPerson(raw);
  state.key = lookupKey(state.person);
  state.lookup = null;
  if (!state.key) {
    const who = displayName(state.person) || "This person";
    view.showMessage("no-identifier",
      `${who}: the page shows no LinkedIn URL or email, so they can't be matched or added. Open their LinkedIn profile instead.`);
    return;
  }
  if (!(await hasBackendAccess(state.options.backendUrl))) {
    view.showMessage("no-permission",
      `The extension may not call ${state.options.backendUrl} yet: open Options, save this address and allow access.`,
      { options: true });
    return;
  }
  // The name from the page at once; known/synced follows from the one call.
  renderPerson();
  $("campaign-form").hidden = true;
  view.renderSync(null);
  view.showView("person", "person-loading");
  try {
    state.lookup = await client().lookupPerson(state.key);
  } catch (err) {
    if (err.isSessionError || err.isConnectionError) await handleError(err);
    else view.showMessage("error", err.message || String(err), { retry: true });
    return;
  }
  renderLookup({ keepChoice: false });
  view.showView("person", personState());
  document.body.dataset.timeToPersonMs = elapsed();
  if (syncInFlight()) startPolling();
}

async function withBusy(button, busyText, action) {
  if (state.busy) return;
  state.busy = true;
  stopPolling();     // an answer from before this action must not overwrite its result
  view.showNotice("");
  view.setBusy(button, true, busyText);
  try {
    await action();
  } catch (err) {
    await handleError(err);
  } finally {
    state.busy = false;
    view.setBusy(button, false);
  }
  if (document.body.dataset.view.startsWith("person")) {
    renderLookup({ keepChoice: true });
    view.showView("person", personState());
    if (syncInFlight()) startPolling();
  }
}

function onSave(event) {
  event.preventDefault();
  const campaign = currentCampaign();
  const membership = currentMembership();
  if (!campaign) return;
  const syncAs = describe.overrideFor(view.selectedChoice());
  withBusy($("save"), membership ? "Saving…" : "Adding…", async () => {
    const api = client();
    const answer = membership
      ? await api.setOverride(campaign.id, membership.membership.person_id, syncAs)
      : await api.addToCampaign(campaign.id, state.person, syncAs);
    state.lookup = selection.withMembership(state.lookup, answer, campaign);
    await storage.save({ lastCampaignId: campaign.id });
    state.options.lastCampaignId = campaign.id;
  });
}

function onSyncNow() {
  const membership = currentMembership();
  if (!membership) return;
  withBusy($("sync-now"), "Queuing…", async () => {
    const answer = await client().syncNow(state.campaignId, membership.membership.person_id);
    if (answer && answer.sync) state.lookup.sync = answer.sync;
  });
}

function onRetry() {
  const { state: sync } = followed();
  const jobId = sync && sync.job_id;
  if (!jobId) return;
  withBusy($("retry"), "Retrying…", async () => {
    await client().retryJob(jobId);
    state.lookup = await client().lookupPerson(state.key);
  });
}

// ---- polling until the sync settles ----

function stopPolling() {
  state.pollRun += 1;
}

function startPolling() {
  stopPolling();
  const run = state.pollRun;
  const deadline = Date.now() + POLL_LIMIT_MS;
  // Ask the service worker to follow this sync for the tab's badge once the popup has closed.
  chrome.runtime.sendMessage({ action: "watchSync", tabId: state.tabId, key: state.key, recordType: followed().type })
    .catch(() => {});
  const tick = async () => {
    if (run !== state.pollRun) return;
    if (Date.now() > deadline) {
      view.setText("sync-detail", "Still not finished after 2 minutes: open the popup again later to see the result.");
      return;
    }
    try {
      const lookup = await client().lookupPerson(state.key);
      if (run !== state.pollRun) return;
      state.lookup = lookup;
    } catch (err) {
      if (run !== state.pollRun) return;
      if (err.isSessionError || err.isConnectionError) {
        await handleError(err);
        return;
      }
    }
    if (!state.busy) renderLookup({ keepChoice: true });
    if (syncInFlight()) setTimeout(tick, POLL_INTERVAL_MS);
  };
  setTimeout(tick, POLL_INTERVAL_MS);
}

// ---- signing in and out ----

async function onSignedIn() {
  state.options = await storage.load();
  view.renderAccount(state.options.user);
  await readAndLookUp();
}

async function onSignOut() {
  await storage.clearSession();
  state.options = await storage.load();
  await setTabBadge(state.tabId, null);
  showSignIn("You are signed out.");
}

function wire() {
  wireSignIn(onSignedIn);
  $("signout").addEventListener("click", onSignOut);
  $("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
  $("message-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
  $("message-retry").addEventListener("click", () => readAndLookUp());
  $("campaign-form").addEventListener("submit", onSave);
  $("campaign").addEventListener("change", (event) => {
    state.campaignId = Number(event.target.value);
    renderCampaignPart({ keepChoice: false });
    document.body.dataset.view = personState();
  });
  for (const radio of document.querySelectorAll("input[name=sync_as]")) {
    radio.addEventListener("change", () => renderCampaignPart({ keepChoice: true }));
  }
  $("sync-now").addEventListener("click", onSyncNow);
  $("retry").addEventListener("click", onRetry);
}

async function main() {
  wire();
  state.options = await storage.load();
  view.renderAccount(state.options.user);
  if (!state.options.token) {
    showSignIn();
    return;
  }
  await readAndLookUp();
}

main().catch((err) => view.showMessage("error", `Something went wrong: ${err && err.message ? err.message : err}`));
