// PURE: what the popup is about, worked out from the look-up answer
// (GET /api/people) and the selected campaign. No DOM, no chrome.* here.

import { choiceFor, IN_FLIGHT, previewEffective } from "./describe.js";

export function currentCampaign(lookup, campaignId) {
  return (lookup.campaigns || []).find((campaign) => campaign.id === campaignId) || null;
}

/** The person's membership entry {membership, campaign, effective_sync_as} in that campaign, or null. */
export function currentMembership(lookup, campaignId) {
  return (lookup.memberships || []).find((entry) => entry.campaign && entry.campaign.id === campaignId) || null;
}

/**
 * Which campaign to show: the one already selected, else the last one used,
 * else one the person is in, else the newest. Null when the team has none.
 */
export function pickCampaign(lookup, { selected = null, lastUsed = null } = {}) {
  const ids = (lookup.campaigns || []).map((campaign) => campaign.id);
  const memberOf = (lookup.memberships || []).map((entry) => entry.campaign.id);
  return [selected, lastUsed, ...memberOf, ids[0]].find((id) => id !== null && ids.includes(id)) ?? null;
}

/** The radio value that matches what is stored for the person in that campaign. */
export function savedChoice(lookup, campaignId) {
  const entry = currentMembership(lookup, campaignId);
  return choiceFor(entry ? entry.membership.sync_as_override : null);
}

/**
 * The record type whose sync the popup follows, and its state S (or null):
 * the stored effective type for a member, else what `choice` would give.
 */
export function followedSync(lookup, campaignId, choice) {
  const entry = currentMembership(lookup, campaignId);
  const campaign = currentCampaign(lookup, campaignId);
  const type = entry ? entry.effective_sync_as.value : campaign ? previewEffective(choice, campaign).value : null;
  const state = type && lookup.sync && lookup.sync[type] ? lookup.sync[type] : null;
  return { type, state };
}

/** Worth polling for: queued or running, and not paused (a paused job waits for an admin). */
export function inFlight(syncState) {
  return Boolean(syncState) && IN_FLIGHT.has(syncState.status) && !syncState.paused;
}

/** <body data-view> for the person view: in the selected campaign, known elsewhere, or new. */
export function personState(lookup, campaignId) {
  if (lookup && currentMembership(lookup, campaignId)) return "person-member";
  return lookup && lookup.person ? "person-known" : "person-new";
}

/** The look-up with an add/PATCH answer folded in, so no second call is needed. */
export function withMembership(lookup, answer, campaign) {
  const entry = {
    membership: answer.membership, effective_sync_as: answer.effective_sync_as,
    campaign: { id: campaign.id, name: campaign.name, sync_as: campaign.sync_as },
  };
  const others = (lookup.memberships || []).filter((item) => item.campaign.id !== campaign.id);
  return { ...lookup, person: answer.person, sync: answer.sync, memberships: [...others, entry] };
}
