// The options page: which backend to talk to (asking Chrome for the host
// permission at run time when it is not a default one), and the account.

import { createClient } from "./api.js";
import * as storage from "./storage.js";

const $ = (id) => document.getElementById(id);

function say(text, kind = "") {
  $("status").textContent = text;
  $("status").dataset.kind = kind;
}

async function renderAccount() {
  const { user, token, backendUrl } = await storage.load(["user", "token", "backendUrl"]);
  const signedIn = Boolean(token && user);
  $("account-text").textContent = signedIn
    ? `Signed in to ${backendUrl} as ${user.name ? `${user.name} (${user.email})` : user.email}.`
    : "Not signed in. Sign in from the extension's toolbar button.";
  $("signout").hidden = !signedIn;
}

async function render() {
  const { backendUrl } = await storage.load(["backendUrl"]);
  $("backend-url").value = backendUrl;
  await renderAccount();
}

function onSave(event) {
  event.preventDefault();
  const backendUrl = storage.normaliseBackendUrl($("backend-url").value);
  if (!backendUrl) {
    say("Enter an http(s) address without a query, for example http://127.0.0.1:8000.", "error");
    $("backend-url").focus();
    return;
  }
  // chrome.permissions.request must run in the click's user gesture, so it is
  // called before any await; for a host we already hold it answers true at once.
  const origins = [storage.originPattern(backendUrl)];
  chrome.permissions.request({ origins }).then(async (granted) => {
    if (!granted) {
      say(`Not saved: without access to ${origins[0]} the extension can't call that backend.`, "error");
      return;
    }
    const before = await storage.load(["backendUrl"]);
    await storage.save({ backendUrl });
    $("backend-url").value = backendUrl;
    if (before.backendUrl !== backendUrl) {
      await storage.clearSession();
      say(`Saved: ${backendUrl}. Sign in again from the toolbar button.`, "ok");
    } else {
      say(`Saved: ${backendUrl}.`, "ok");
    }
    await renderAccount();
  }, (err) => say(`Not saved: ${err.message}`, "error"));
}

async function onCheck() {
  const { backendUrl, token } = await storage.load(["backendUrl", "token"]);
  say(`Checking ${backendUrl}…`);
  const client = createClient({ backendUrl, token });
  try {
    // The health check needs no sign-in and tells our backend from any other server.
    const health = await client.health();
    if (health.service !== "exelare-sync") {
      say(`${backendUrl} answers, but it is not the Exelare sync backend.`, "error");
      return;
    }
    if (!token) {
      say(`The backend at ${backendUrl} answers; sign in from the toolbar button.`, "ok");
      return;
    }
    const me = await client.me();
    say(`Connected to ${backendUrl} as ${me.user.email}.`, "ok");
  } catch (err) {
    if (err.status === 401) {
      say(`The backend at ${backendUrl} answers; sign in again from the toolbar button.`, "ok");
    } else {
      say(err.message, "error");
    }
  }
}

function onReset() {
  $("backend-url").value = storage.DEFAULT_BACKEND_URL;
  say("Press Save to use the default address.");
  $("save").focus();
}

async function onSignOut() {
  await storage.clearSession();
  say("Signed out.", "ok");
  await renderAccount();
}

$("backend-form").addEventListener("submit", onSave);
$("check").addEventListener("click", onCheck);
$("reset").addEventListener("click", onReset);
$("signout").addEventListener("click", onSignOut);
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && (changes.token || changes.user)) renderAccount();
});
render();
