// The toolbar badge of one tab: the sync state of the person shown in it.
// Used by the popup (while open) and by the service worker (after it closed).

import { badgeFor } from "./describe.js";

export async function setTabBadge(tabId, status) {
  if (!Number.isInteger(tabId)) return;
  const badge = badgeFor(status);
  try {
    await chrome.action.setBadgeText({ tabId, text: badge ? badge.text : "" });
    if (badge) await chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color });
  } catch {
    // the tab was closed meanwhile: nothing to show
  }
}

export async function clearAllBadges() {
  const tabs = await chrome.tabs.query({});
  await Promise.all(tabs.map((tab) => setTabBadge(tab.id, null)));
}
