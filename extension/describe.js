// PURE: API answers -> the words and states the popup shows. No DOM here.

export const RECORD_TYPES = ["candidate", "contact"];
const LABELS = { candidate: "Candidate", contact: "Contact" };

// A sync that will not change by itself any more; "not_synced" waits for a
// trigger (a reply, "sync now") and polling would not see it move.
export const SETTLED = new Set(["synced", "failed", "skipped", "not_synced"]);
export const IN_FLIGHT = new Set(["queued", "running"]);

export function recordLabel(type) {
  return LABELS[type] || "—";
}

const SOURCE_WORDS = {
  person: "override for this person",
  campaign: "campaign default",
  user: "your default",
  team: "team default",
  system: "built-in default",
};

/**
 * effective_sync_as {value, source, default: {value, source}} -> one line, e.g.
 * "Contact — your override (campaign default: Candidate)".
 * `mine`: the override was set by the signed-in user.
 */
export function effectiveLabel(effective, { mine = true } = {}) {
  if (!effective || !effective.value) return "";
  const value = recordLabel(effective.value);
  if (effective.source === "person") {
    const fallback = effective.default && effective.default.value
      ? ` (${SOURCE_WORDS[effective.default.source] || "default"}: ${recordLabel(effective.default.value)})` : "";
    return `${value} — ${mine ? "your override" : SOURCE_WORDS.person}${fallback}`;
  }
  return `${value} — ${SOURCE_WORDS[effective.source] || "default"}`;
}

/** What adding with radio `choice` ("default" | "candidate" | "contact") would give, before any call. */
export function previewEffective(choice, campaign) {
  const fallback = { value: campaign.sync_as, source: "campaign" };
  if (choice === "candidate" || choice === "contact") return { value: choice, source: "person", default: fallback };
  return { ...fallback, default: fallback };
}

/** The radio value for a stored override (null = no override). */
export function choiceFor(override) {
  return override === "candidate" || override === "contact" ? override : "default";
}

export function overrideFor(choice) {
  return choice === "candidate" || choice === "contact" ? choice : null;
}

function aboutSeconds(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

/**
 * One record type's sync state S -> {status, text, detail, retryJobId}.
 * `text` is the headline, `detail` the reason or report (may be "").
 */
export function describeSync(state, type) {
  const label = recordLabel(type);
  const s = state || { status: "not_synced" };
  const paused = s.paused ? " Pushes to Exelare are paused." : "";
  const report = typeof s.report === "string" ? s.report : "";
  switch (s.status) {
    case "queued": {
      const eta = aboutSeconds(s.eta_seconds);
      return { status: "queued", text: `Queued to sync as ${label}${eta ? ` — ${eta}` : ""}.${paused}`, detail: report, retryJobId: null };
    }
    case "running":
      return { status: "running", text: `Syncing to Exelare as ${label}…`, detail: report, retryJobId: null };
    case "synced":
      return {
        status: "synced",
        text: `Synced to Exelare as ${label}${s.exelare_id ? ` #${s.exelare_id}` : ""}.`,
        detail: report, retryJobId: null,
      };
    case "failed":
      return {
        status: "failed", text: `Sync as ${label} failed.${paused}`,
        detail: s.last_error || report || "No reason was given.", retryJobId: s.job_id || null,
      };
    case "skipped":
      return { status: "skipped", text: `Not synced as ${label}: skipped.`, detail: s.last_error || report, retryJobId: null };
    default:
      return { status: "not_synced", text: `Not in Exelare as ${label} yet.`, detail: "", retryJobId: null };
  }
}

/** The other record type, when it has something to say ("Also a Contact in Exelare: #12"). */
export function describeOther(sync, effectiveType) {
  const other = RECORD_TYPES.find((type) => type !== effectiveType);
  const state = sync && sync[other];
  if (!state || state.status === "not_synced") return "";
  if (state.status === "synced") return `Also a ${recordLabel(other)} in Exelare${state.exelare_id ? `: #${state.exelare_id}` : ""}.`;
  return `As ${recordLabel(other)}: ${state.status.replace("_", " ")}.`;
}

/** integration {status, last_error} -> a warning, or "" when pushes flow. */
export function integrationNotice(integration) {
  if (!integration || integration.status === "connected") return "";
  if (integration.status === "error") {
    const reason = integration.last_error ? `: ${integration.last_error}` : ".";
    return `The Exelare integration is in error${reason} Pushes to Exelare are paused until an admin fixes it.`;
  }
  return "The Exelare integration is not active: pushes to Exelare are paused until an admin connects it.";
}

/** "known and synced" in a few words, for the person card. */
export function knownSummary(lookup) {
  if (!lookup || !lookup.person) return "New — not in your team's records yet.";
  const campaigns = (lookup.memberships || []).length;
  const synced = RECORD_TYPES.filter((type) => lookup.sync && lookup.sync[type] && lookup.sync[type].status === "synced")
    .map(recordLabel);
  const where = campaigns === 0 ? "in no campaign" : `in ${campaigns} campaign${campaigns === 1 ? "" : "s"}`;
  return `Known — ${where}; ${synced.length ? `synced as ${synced.join(" and ")}` : "not synced to Exelare yet"}.`;
}

/** The badge for a tab: short text and a colour, or null to clear it. */
export function badgeFor(status) {
  return {
    queued: { text: "…", color: "#1d4ed8" },
    running: { text: "…", color: "#1d4ed8" },
    synced: { text: "✓", color: "#15803d" },
    failed: { text: "!", color: "#b91c1c" },
    skipped: { text: "–", color: "#6b7280" },
  }[status] || null;
}
