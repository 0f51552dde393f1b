// The Exelare integration card: credentials, Activate (save + verify), Deactivate.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, clearErrors, confirmDialog, field, reportError, setStatus, statusLine } from "../forms.js";
import { session } from "../session.js";
import { badge, time } from "./bits.js";

function stateView(info) {
  if (info.status === "connected") {
    return h("div", { class: "connection connection-ok", "data-state": "connected" },
      badge("Connected", "ok"),
      h("span", {}, " Verified ", time(info.last_verified_at) || "just now",
        info.company_id ? ` · company ${info.company_id}` : ""));
  }
  if (info.status === "error") {
    return h("div", { class: "connection connection-error", "data-state": "error" },
      badge("Problem", "error"),
      h("span", {}, " ", info.last_error || "Exelare refused the saved credentials."),
      info.paused_jobs ? h("p", {}, `${info.paused_jobs} sync job(s) are paused until the integration is fixed.`) : null);
  }
  return h("div", { class: "connection connection-off", "data-state": "inactive" },
    badge("Not connected", "muted"),
    h("span", {}, " Nothing is sent to Exelare until an admin activates the integration."),
    info.paused_jobs ? h("p", {}, `${info.paused_jobs} sync job(s) are waiting.`) : null);
}

function readOnly(info) {
  const rows = [["Username", info.username], ["Company ID", info.company_id],
    ["API Source ID", info.api_source_id], ["Base URL", info.base_url],
    ["Requests per minute", info.requests_per_minute]];
  return h("dl", { class: "facts" }, rows.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value ?? "—")]));
}

/** Draw the card into ``root`` from GET /api/integrations/exelare. */
export function renderExelareCard(root, info) {
  const status = statusLine();
  const stateSlot = h("div", { class: "connection-slot" }, stateView(info));

  if (!session.isAdmin) {
    replace(root, stateSlot, readOnly(info),
      h("p", { class: "hint" }, "Only team admins can change the Exelare credentials."));
    return;
  }

  const input = (name, attrs = {}) => h("input", { name, type: "text", ...attrs });
  const username = input("username", { value: info.username || "", autocomplete: "off" });
  const password = input("password", {
    type: "password", autocomplete: "new-password",
    placeholder: info.password_set ? "Saved — leave blank to keep it" : "",
  });
  const companyId = input("company_id", { value: info.company_id || "" });
  const apiSourceId = input("api_source_id", { value: info.api_source_id || "" });
  const baseUrl = input("base_url", { type: "url", value: info.base_url || info.default_base_url || "" });
  const rate = input("requests_per_minute", { type: "number", min: 1, max: 600, step: 1,
    value: String(info.requests_per_minute || 20) });
  const activate = h("button", { type: "submit", class: "primary" },
    info.status === "connected" ? "Save and verify" : "Activate");
  const deactivate = h("button", { type: "button", class: "danger",
    disabled: info.status === "inactive" }, "Deactivate");

  const form = h("form", { class: "exelare-form", novalidate: true },
    h("div", { class: "grid-2" },
      field({ label: "Username", control: username, path: "username", required: true }),
      field({ label: "Password", control: password, path: "password",
        required: !info.password_set, hint: info.password_set ? "A password is saved; type a new one to replace it." : null }),
      field({ label: "Company ID", control: companyId, path: "company_id", required: true }),
      field({ label: "API Source ID", control: apiSourceId, path: "api_source_id", required: true }),
      field({ label: "Base URL", control: baseUrl, path: "base_url", required: true,
        hint: "Your Exelare Web API address, e.g. https://yourfirm.exelare.com/ExelareWebApi/api" }),
      field({ label: "Requests per minute", control: rate, path: "requests_per_minute",
        hint: "Exelare allows 20 per account unless agreed otherwise." })),
    h("div", { class: "actions" }, activate, deactivate));

  const redraw = (next, message, kind = "success") => {
    renderExelareCard(root, next);
    const newStatus = root.querySelector(".status");
    if (newStatus) setStatus(newStatus, message, kind);
    // The buttons were redrawn: keep keyboard focus in the card.
    const again = root.querySelector("form button[type=submit]");
    if (again) again.focus();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form);
    setStatus(status, "Checking the credentials with Exelare…", "busy");
    const body = {
      username: username.value.trim(), company_id: companyId.value.trim(),
      api_source_id: apiSourceId.value.trim(), base_url: baseUrl.value.trim(),
      requests_per_minute: rate.value === "" ? undefined : Number(rate.value),
    };
    if (password.value) body.password = password.value;
    busy(activate, async () => {
      try {
        const next = await api("PUT", "/api/integrations/exelare", body);
        redraw(next, "Connected: Exelare accepted the credentials.");
      } catch (err) {
        reportError(err, status, form);
      }
    });
  });

  deactivate.addEventListener("click", async () => {
    const ok = await confirmDialog({
      title: "Deactivate Exelare?", danger: true, confirmLabel: "Deactivate",
      message: "Syncing stops and the saved password is forgotten. Queued jobs wait until you activate again.",
    });
    if (!ok) return;
    busy(deactivate, async () => {
      try {
        const next = await api("DELETE", "/api/integrations/exelare");
        redraw(next, "Deactivated. Nothing is sent to Exelare until you activate again.", "info");
      } catch (err) {
        reportError(err, status, form);
      }
    });
  });

  replace(root, stateSlot, status, form);
}
