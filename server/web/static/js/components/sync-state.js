// A person's sync state per record type (S), in words.
import { h } from "../dom.js";
import { duration, recordLabel } from "../format.js";
import { badge, time } from "./bits.js";

const KIND = { synced: "ok", failed: "error", queued: "busy", running: "busy", skipped: "warn", not_synced: "muted" };
const WORD = { synced: "Synced", failed: "Failed", queued: "Queued", running: "Syncing", skipped: "Skipped", not_synced: "Not synced" };

export const isPending = (state) => Boolean(state) && (state.status === "queued" || state.status === "running");

/** One line: "Candidate: [Synced] CS00019770 · 2 minutes ago". */
export function syncStateLine(recordType, state, { onRetry, who = "" } = {}) {
  const s = state || { status: "not_synced" };
  const details = [];
  if (s.status === "synced") {
    if (s.exelare_id) details.push(h("span", { class: "exelare-id" }, s.exelare_id));
    if (s.synced_at) details.push(time(s.synced_at));
  } else if (s.status === "queued") {
    if (s.paused) details.push("paused until the Exelare integration is connected");
    else if (s.eta_seconds) details.push(`about ${duration(s.eta_seconds)}`);
  } else if (s.status === "failed" || s.status === "skipped") {
    if (s.last_error) details.push(h("span", { class: "error-text" }, s.last_error));
  } else if (s.status === "not_synced" && s.exelare_id) {
    details.push(h("span", { class: "exelare-id" }, s.exelare_id));
  }
  if (s.report) details.push(h("span", { class: "report" }, s.report));
  const parts = [];
  details.forEach((part, i) => parts.push(i ? " · " : " ", part));
  return h("div", { class: "sync-line", "data-record-type": recordType, "data-status": s.status },
    h("span", { class: "sync-type" }, `${recordLabel(recordType)}: `),
    badge(WORD[s.status] || s.status, KIND[s.status] || "muted"),
    parts,
    s.status === "failed" && s.job_id && onRetry
      ? h("button", { type: "button", class: "link retry",
        "aria-label": `Retry the ${recordLabel(recordType).toLowerCase()} sync${who ? " of " + who : ""}`, onclick: (e) => onRetry(s.job_id, e.currentTarget) }, "Retry")
      : null);
}
