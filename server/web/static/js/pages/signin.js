// The sign-in form: the same accounts as the extension, through POST /api/auth/login.
import { api, token } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, checkField, field, reportError, setStatus, statusLine } from "../forms.js";

export function renderSignIn(root, { message, kind = "error", onSignedIn }) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username" });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password" });
  const remember = h("input", { type: "checkbox", name: "remember" });
  const status = statusLine();
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { class: "card signin", novalidate: true },
    h("p", { class: "brand-line" }, "Exelare sync"),
    h("h1", { tabindex: "-1" }, "Sign in"),
    h("p", { class: "lead" }, "Use your Exelare sync account (the same one as the Chrome extension)."),
    status,
    field({ label: "Email", control: email, path: "email", required: true }),
    field({ label: "Password", control: password, path: "password", required: true }),
    checkField({ label: "Keep me signed in on this device", control: remember }),
    h("div", { class: "actions" }, submit));
  if (message) setStatus(status, message, kind);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setStatus(status, "Signing in…");
    busy(submit, async () => {
      try {
        const answer = await api("POST", "/api/auth/login",
          { email: email.value.trim(), password: password.value }, { auth: false });
        token.set(answer.token, remember.checked);
        setStatus(status, "Signed in.", "success");
        onSignedIn();
      } catch (err) {
        reportError(err, status, form);
        if (!form.querySelector("[aria-invalid]")) password.focus();
      }
    });
  });

  replace(root, h("div", { class: "signin-page" }, form));
  document.title = "Sign in — Exelare sync";
  (email.value ? password : email).focus();
}
