// The service worker. Stateless: Chrome stops it whenever it is idle, so
// listeners are registered at the top level and anything that must outlive
// it lives in chrome.storage. The popup never depends on it; it only
// follows a sync after the popup has closed, to keep the tab's badge right.

import { createClient } from "./api.js";
import { clearAllBadges, setTabBadge } from "./badge.js";
import { IN_FLIGHT, RECORD_TYPES } from "./describe.js";
import * as storage from "./storage.js";

const WATCH_INTERVAL_MS = 3000;
const WATCH_LIMIT_MS = 120000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const watchKey = (tabId) => `watch:${tabId}`;

function validKey(key) {
  if (!key || typeof key !== "object") return false;
  return (typeof key.linkedinUrl === "string" && key.linkedinUrl.length > 0)
    || (typeof key.email === "string" && key.email.length > 0);
}

/** Poll the person's sync state until it settles, showing it on the tab's badge. */
async function watchSync(tabId, key, recordType) {
  const id = crypto.randomUUID();
  await chrome.storage.session.set({ [watchKey(tabId)]: id });
  const deadline = Date.now() + WATCH_LIMIT_MS;
  while (Date.now() < deadline) {
    await sleep(WATCH_INTERVAL_MS);
    // A newer watch for this tab (or its closing) ends this one. Calling an
    // extension API here also keeps the worker awake while it follows a sync.
    const current = (await chrome.storage.session.get(watchKey(tabId)))[watchKey(tabId)];
    if (current !== id) return;
    const { backendUrl, token } = await storage.load(["backendUrl", "token"]);
    if (!token) break;
    let status;
    try {
      const lookup = await createClient({ backendUrl, token }).lookupPerson(key);
      status = lookup.sync && lookup.sync[recordType] ? lookup.sync[recordType].status : null;
    } catch {
      break;   // backend gone or session over: the popup says why when opened
    }
    await setTabBadge(tabId, status);
    if (!IN_FLIGHT.has(status)) break;
  }
  await chrome.storage.session.remove(watchKey(tabId));
}

// One router, keyed by action name. Each handler gets the message and answers a JSON value.
const handlers = {
  async ping() {
    return { version: chrome.runtime.getManifest().version };
  },

  async watchSync({ tabId, key, recordType }) {
    if (!Number.isInteger(tabId) || !validKey(key) || !RECORD_TYPES.includes(recordType)) {
      throw new Error("watchSync needs tabId, key {linkedinUrl|email} and recordType");
    }
    watchSync(tabId, key, recordType).catch(() => {});   // runs on after we answer
    return { watching: true };
  },
};

/** Only our own extension pages may use the router (no content script, no other extension). */
function fromOurPages(sender) {
  return sender.id === chrome.runtime.id
    && typeof sender.url === "string" && sender.url.startsWith(chrome.runtime.getURL(""));
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const action = message && typeof message.action === "string" ? message.action : "";
  if (!Object.hasOwn(handlers, action)) return false;
  if (!fromOurPages(sender)) {
    sendResponse({ ok: false, error: "not allowed" });
    return false;
  }
  handlers[action](message, sender).then(
    (result) => sendResponse({ ok: true, result }),
    (err) => sendResponse({ ok: false, error: String(err && err.message ? err.message : err) }),
  );
  return true;   // we answer asynchronously
});

// Signing out (from the popup or the options page) clears every tab's badge.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.token && !changes.token.newValue) clearAllBadges().catch(() => {});
});

chrome.tabs.onRemoved.addListener((tabId) => {
  chrome.storage.session.remove(watchKey(tabId)).catch(() => {});
});
