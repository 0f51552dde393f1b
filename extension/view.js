// The popup's DOM, and only that. Every string that comes from a page or the
// backend is set with textContent or as an attribute value: never as HTML.

import { recordLabel } from "./describe.js";

export const $ = (id) => document.getElementById(id);

const VIEWS = ["loading", "message", "signin", "person"];

/** Show one view. `state` (default: the view's name) goes to <body data-view> for tests and CSS. */
export function showView(name, state = name) {
  for (const view of VIEWS) $(`view-${view}`).hidden = view !== name;
  document.body.dataset.view = state;
}

export function setText(id, text) {
  const element = $(id);
  element.textContent = text || "";
  element.hidden = !text;
}

export function showNotice(text) {
  setText("notice", text);
}

export function showIntegration(text) {
  setText("integration", text);
}

/** A full-popup message (not a profile, backend unreachable...) with optional buttons. */
export function showMessage(state, text, { retry = false, options = false } = {}) {
  $("message-text").textContent = text;
  $("message-retry").hidden = !retry;
  $("message-options").hidden = !options;
  showView("message", state);
}

export function showLoading(text) {
  $("loading-text").textContent = text;
  showView("loading");
}

export function renderAccount(user) {
  const signedIn = Boolean(user);
  setText("account", signedIn ? (user.name || user.email) : "");
  if (signedIn) $("account").title = user.email;
  $("signout").hidden = !signedIn;
}

export function showSignIn({ backendUrl, email, message = "", state = "signin" }) {
  $("signin-backend").value = backendUrl || "";
  if (email && !$("signin-email").value) $("signin-email").value = email;
  $("signin-password").value = "";
  setText("signin-message", message);
  showView("signin", state);
  ($("signin-email").value ? $("signin-password") : $("signin-email")).focus();
}

export function renderPersonCard({ name, title, company, place, known, source }) {
  $("person-name").textContent = name || "(no name on the page)";
  setText("person-role", [title, company].filter(Boolean).join(" · "));
  setText("person-location", place);
  setText("person-known", known);
  setText("person-source", source);
}

/** The campaign <select>: "<name> (Candidate)", the campaign's own "sync as". */
export function renderCampaigns(campaigns, selectedId) {
  const select = $("campaign");
  const options = campaigns.map((campaign) => {
    const option = document.createElement("option");
    option.value = String(campaign.id);
    option.textContent = `${campaign.name} (${recordLabel(campaign.sync_as)})`;
    option.selected = campaign.id === selectedId;
    return option;
  });
  select.replaceChildren(...options);
  select.disabled = campaigns.length === 0;
}

/** The Candidate / Contact / campaign default radios and the lines around them. */
export function renderSyncAs({ campaign, choice, effectiveText, member }) {
  const label = recordLabel(campaign.sync_as);
  $("campaign-default").textContent = `This campaign syncs people as ${label}${member ? "; this person is in it." : "."}`;
  $("sync-as-default-label").textContent = `Campaign default (${label})`;
  for (const input of document.querySelectorAll("input[name=sync_as]")) input.checked = input.value === choice;
  $("effective").textContent = effectiveText;
}

export function selectedChoice() {
  const checked = document.querySelector("input[name=sync_as]:checked");
  return checked ? checked.value : "default";
}

export function renderActions({ member, changed, busy, canSyncNow }) {
  const save = $("save");
  save.textContent = member ? "Save" : "Add to campaign";
  save.disabled = busy || (member && !changed);
  const syncNow = $("sync-now");
  syncNow.hidden = !canSyncNow;
  syncNow.disabled = busy;
}

/** described: describe.js describeSync(); other: describeOther(). null hides the section. */
export function renderSync(described, other) {
  $("sync").hidden = !described;
  if (!described) return;
  const state = $("sync-state");
  state.textContent = described.text;
  state.dataset.status = described.status;
  setText("sync-detail", described.detail);
  setText("sync-other", other);
  $("retry").hidden = !described.retryJobId;
}

export function setBusy(button, busy, busyText) {
  if (busy) {
    button.dataset.idleText = button.textContent;
    button.textContent = busyText;
  } else if (button.dataset.idleText) {
    button.textContent = button.dataset.idleText;
    delete button.dataset.idleText;
  }
  button.disabled = busy;
  button.setAttribute("aria-busy", String(busy));
}
