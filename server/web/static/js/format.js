// Words for codes, and times people can read. Only text comes out of here.

export const RECORD_TYPES = ["candidate", "contact"];
export const RECORD_LABEL = { candidate: "Candidate", contact: "Contact" };
export const CAMPAIGN_TYPES = [["email", "Email"], ["linkedin", "LinkedIn"], ["call", "Call"], ["mixed", "Mixed"]];
export const EVENT_TYPES = [
  ["email_sent", "Email sent"], ["email_opened", "Email opened"], ["link_clicked", "Link clicked"],
  ["replied", "Replied"], ["interested", "Interested"], ["not_interested", "Not interested"],
  ["meeting_booked", "Meeting booked"], ["call_logged", "Call logged"], ["note", "Note"],
];
export const SYNC_UPON = [["added", "Added to a campaign"], ["replied", "Replied"],
  ["interested", "Interested"], ["never", "Never"]];
export const UPDATE_MODES = [["always", "Overwrite (protected fields kept)"],
  ["only_if_blank", "Only fill blank fields"]];
export const MEMBERSHIP_STATUSES = [["added", "Added"], ["replied", "Replied"], ["interested", "Interested"]];
export const JOB_STATUSES = [["queued", "Queued"], ["running", "Running"], ["synced", "Synced"],
  ["failed", "Failed"], ["skipped", "Skipped"]];

const SOURCE_LABEL = {
  system: "built-in default", team: "team default", user: "your preference",
  campaign: "this campaign", person: "person override",
};

export function label(pairs, value) {
  const found = pairs.find(([key]) => key === value);
  return found ? found[1] : String(value ?? "");
}

export function recordLabel(type) {
  return RECORD_LABEL[type] || String(type ?? "");
}

export function sourceLabel(source) {
  return SOURCE_LABEL[source] || String(source ?? "");
}

/** "Contact — person override (campaign: Candidate)" from an effective sync_as. */
export function syncAsText(effective) {
  if (!effective) return "";
  const value = recordLabel(effective.value);
  const fallback = effective.default;
  if (effective.source === "person") {
    const where = fallback && fallback.source === "campaign" ? "campaign" : "default";
    return `${value} — person override (${where}: ${recordLabel(fallback && fallback.value)})`;
  }
  if (effective.source === "campaign") return `${value} — campaign default`;
  return `${value} — ${sourceLabel(effective.source)}`;
}

/** A Date from an API timestamp; timestamps without an offset are UTC. */
export function parseTime(value) {
  if (!value) return null;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : value + "Z";
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function timeAgo(value) {
  const date = parseTime(value);
  if (!date) return "";
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? "just now" : relative.format(seconds, "second");
}

export function fullTime(value) {
  const date = parseTime(value);
  return date ? absolute.format(date) : "";
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.round(m / 60)} h`;
}

export function personName(person) {
  if (!person) return "";
  if (person.name) return person.name;
  return [person.first_name, person.last_name].filter(Boolean).join(" ") || `Person #${person.id}`;
}
