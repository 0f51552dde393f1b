// The popup's sign-in form: backend URL, email, password -> a stored session.

import { createClient, hasBackendAccess } from "./api.js";
import * as storage from "./storage.js";
import * as view from "./view.js";

const { $ } = view;

function fail(message) {
  view.setText("signin-message", message);
  document.body.dataset.view = "signin-error";
}

/** Handle the form's submit; `onSignedIn()` runs once the session is stored. */
export function wireSignIn(onSignedIn) {
  $("view-signin").addEventListener("submit", async (event) => {
    event.preventDefault();
    const backendUrl = storage.normaliseBackendUrl($("signin-backend").value);
    const email = $("signin-email").value.trim();
    const password = $("signin-password").value;
    if (!backendUrl) return fail("Enter the backend's address, for example http://127.0.0.1:8000.");
    if (!email || !password) return fail("Enter your email and password.");
    if (!(await hasBackendAccess(backendUrl))) {
      return fail(`The extension may not call ${backendUrl} yet: enter it in Options and allow access there.`);
    }
    view.setBusy($("signin-submit"), true, "Signing in…");
    try {
      const answer = await createClient({ backendUrl }).login(email, password);
      await storage.save({ backendUrl });
      await storage.saveSession(answer);
      $("signin-password").value = "";
    } catch (err) {
      fail(err.message);
      return undefined;
    } finally {
      view.setBusy($("signin-submit"), false);
    }
    return onSignedIn();
  });
}
