// Labelled controls, errors beside the control they belong to, status lines.
import { h, uid } from "./dom.js";

function wire(control, path, hint) {
  control.id ||= uid("field");
  if (path) control.dataset.path = path;
  const hintEl = hint ? h("p", { class: "hint", id: uid("hint") }, hint) : null;
  const errorEl = h("p", { class: "field-error", id: uid("error"), hidden: true });
  control.dataset.errorId = errorEl.id;
  control.setAttribute("aria-describedby", [hintEl && hintEl.id, errorEl.id].filter(Boolean).join(" "));
  return { hintEl, errorEl };
}

/** A label above a control, with an optional hint and a slot for its error. */
export function field({ label, control, hint, path, required }) {
  const { hintEl, errorEl } = wire(control, path, hint);
  if (required) control.required = true;
  return h("div", { class: "field" },
    h("label", { for: control.id }, label, required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null),
    control, hintEl, errorEl);
}

/** A checkbox with its label beside it. */
export function checkField({ label, control, hint, path }) {
  const { hintEl, errorEl } = wire(control, path, hint);
  return h("div", { class: "field check" },
    h("div", { class: "check-row" }, control, h("label", { for: control.id }, label)), hintEl, errorEl);
}

/** A fieldset (checkbox lists, lists of selects); errors for ``path`` show under the legend. */
export function group({ legend, path, hint, children, className }) {
  const set = h("fieldset", { class: ["group", className] }, h("legend", {}, legend));
  const { hintEl, errorEl } = wire(set, path, hint);
  set.append(...[hintEl, errorEl].filter(Boolean));
  for (const child of children.flat()) if (child) set.append(child);
  return set;
}

export function select(options, value, attrs = {}) {
  return h("select", attrs, options.map(([optionValue, label]) =>
    h("option", { value: optionValue, selected: optionValue === value }, label)));
}

export function clearErrors(container) {
  for (const target of container.querySelectorAll("[aria-invalid]")) target.removeAttribute("aria-invalid");
  for (const el of container.querySelectorAll(".field-error")) {
    el.textContent = "";
    el.hidden = true;
  }
}

function bestTarget(targets, key) {
  let best = null;
  for (const target of targets) {
    const path = target.dataset.path;
    if ((key === path || key.startsWith(path + ".")) && (!best || path.length > best.dataset.path.length)) best = target;
  }
  return best;
}

/**
 * Put each {"dotted.path": message} beside the control whose data-path matches
 * (the longest prefix wins, so "lists.emails.1" finds that select and
 * "person.emails.0" the emails input). ``strip`` drops a prefix the server adds.
 * Returns the messages that matched nothing.
 */
export function showErrors(container, fields = {}, { strip = "" } = {}) {
  clearErrors(container);
  const targets = [...container.querySelectorAll("[data-path]")];
  const unmatched = {};
  for (const [rawKey, message] of Object.entries(fields || {})) {
    const key = strip && rawKey.startsWith(strip) ? rawKey.slice(strip.length) : rawKey;
    const target = bestTarget(targets, key);
    const errorEl = target && document.getElementById(target.dataset.errorId);
    if (!errorEl) {
      unmatched[rawKey] = message;
      continue;
    }
    errorEl.textContent = errorEl.hidden ? String(message) : `${errorEl.textContent} ${message}`;
    errorEl.hidden = false;
    target.setAttribute("aria-invalid", "true");
  }
  return unmatched;
}

/** A polite live region for one form's or section's outcome. */
export function statusLine(className = "") {
  return h("p", { class: ["status", className], "aria-live": "polite", "aria-atomic": "true" });
}

export function setStatus(el, text, kind = "info") {
  el.dataset.kind = kind;
  el.textContent = text || "";
}

/** Show an ApiError: its message in ``status``, its field messages beside the controls in ``form``. */
export function reportError(err, status, form, options) {
  if (err && err.name === "AbortError") return;
  let message = (err && err.message) || "Something went wrong.";
  if (form) {
    const unmatched = showErrors(form, err.fields, options);
    const extra = Object.entries(unmatched).filter(([, text]) => !message.includes(text));
    if (extra.length) message += " " + extra.map(([key, text]) => `${key}: ${text}`).join(" ");
  }
  setStatus(status, message, "error");
  // Take the user to the first problem: its control, else (a closed picker) the group, else the message.
  const invalid = form && form.querySelector("[aria-invalid]");
  const control = invalid && (invalid.matches("input, select, textarea") ? invalid : invalid.querySelector("input, select, textarea"));
  if (control && control.getClientRects().length) control.focus();
  else (invalid || status).scrollIntoView({ block: "nearest" });
}

/** Disable a button while ``work`` runs; returns what ``work`` returns. */
export async function busy(button, work) {
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = wasDisabled;
    button.removeAttribute("aria-busy");
  }
}

/** A modal yes/no question (native <dialog>: focus trap and Escape for free). */
export function confirmDialog({ title, message, confirmLabel = "Confirm", danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": titleId },
      h("form", { method: "dialog" },
        h("h2", { id: titleId }, title),
        h("p", {}, message),
        h("div", { class: "actions" },
          h("button", { value: "cancel", class: "secondary" }, "Cancel"),
          h("button", { value: "confirm", class: danger ? "danger" : "primary" }, confirmLabel))));
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
