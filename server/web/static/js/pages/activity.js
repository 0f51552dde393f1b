// #/activity: recent sync jobs with filters (kept in the hash), errors in
// words, retry; refreshes itself while anything is queued or running.
import { api, itemsOf, withQuery } from "../api.js";
import { h, replace } from "../dom.js";
import { EVENT_TYPES, JOB_STATUSES, duration, label, recordLabel } from "../format.js";
import { busy, field, select, setStatus, statusLine } from "../forms.js";
import { href, navigate } from "../router.js";
import { badge, section, time } from "../components/bits.js";

const POLL_MS = 2000;
const LIMIT = 50;
const KIND = { synced: "ok", failed: "error", queued: "busy", running: "busy", skipped: "warn" };
const ACTION_WORD = { create: "created", update: "updated", link: "linked to an existing record", none: "no change needed", note: "note added" };
const TRIGGER_WORD = { added: "added to a campaign", manual: "sync now", manual_update: "profile edited",
  override_changed: "sync as changed", status_changed: "stage changed", retry: "retry" };
const triggerWord = (trigger) => TRIGGER_WORD[trigger]
  || (EVENT_TYPES.some(([key]) => key === trigger) ? label(EVENT_TYPES, trigger).toLowerCase() : trigger.replaceAll("_", " "));

function what(job) {
  const type = recordLabel(job.record_type);
  const base = job.kind === "note" ? `Note on ${type}` : `${type} record`;
  const trigger = job.trigger ? ` · ${triggerWord(job.trigger)}` : "";
  return `${base}${trigger}${job.priority === "interactive" ? " · interactive" : ""}`;
}

function outcome(job) {
  const parts = [];
  if (job.status === "synced") {
    parts.push([job.exelare_id ? `Exelare ${job.exelare_id}` : "Done", job.action ? ` (${ACTION_WORD[job.action] || job.action})` : ""].join(""));
  }
  if (job.status === "queued") {
    if (job.waiting_reason) parts.push(job.waiting_reason);
    else if (job.eta_seconds) parts.push(`Starts in about ${duration(job.eta_seconds)}`);
  }
  if (job.last_error) parts.push(h("span", { class: "error-text" }, job.last_error));
  if (job.report) parts.push(h("span", { class: "report" }, job.report));
  return parts.map((part) => h("div", {}, part));
}

function filtersForm(query, campaigns, people) {
  const status = select([["", "Any status"], ...JOB_STATUSES], query.get("status") || "", { name: "status" });
  const campaign = select([["", "Any campaign"], ...campaigns.map((c) => [String(c.id), c.name])],
    query.get("campaign_id") || "", { name: "campaign_id" });
  const person = select([["", "Anyone"], ...people], query.get("person_id") || "", { name: "person_id" });
  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter sync jobs" },
    field({ label: "Status", control: status }),
    field({ label: "Campaign", control: campaign }),
    field({ label: "Person", control: person }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Filter"),
      h("a", { href: href("/activity"), class: "button-link" }, "Clear")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate("/activity", { status: status.value, campaign_id: campaign.value, person_id: person.value });
  });
  return form;
}

export async function render(root, ctx) {
  const query = ctx.query;
  const filters = { status: query.get("status"), campaign_id: query.get("campaign_id"), person_id: query.get("person_id") };
  const status = statusLine();
  const listSlot = h("div", { class: "jobs-slot" });
  const countSlot = h("p", { class: "hint" });
  let poll = null;
  const seenPeople = new Map();

  async function retry(job, button) {
    await busy(button, async () => {
      try {
        await api("POST", `/api/sync-jobs/${job.id}/retry`);
        setStatus(status, `Retry of job ${job.id} queued.`, "success");
        await load();
      } catch (err) {
        setStatus(status, err.message, "error");
      }
    });
  }

  function table(jobs) {
    if (!jobs.length) return h("p", { class: "empty" }, "No sync jobs match.");
    return h("table", { class: "data jobs-table" },
      h("caption", { class: "visually-hidden" }, "Sync jobs, newest first"),
      h("thead", {}, h("tr", {}, ["When", "Person", "What", "Status", "Details", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, jobs.map((job) => h("tr", { "data-job-id": String(job.id), "data-status": job.status },
        h("td", { "data-label": "When" }, time(job.finished_at || job.updated_at || job.created_at)),
        h("th", { scope: "row", "data-label": "Person" },
          job.person ? h("a", { href: href("/activity", { ...filters, person_id: job.person.id }) }, job.person.name || `#${job.person.id}`) : "—",
          job.campaign ? h("span", { class: "sub" }, h("a", { href: `#/campaigns/${job.campaign.id}` }, job.campaign.name)) : null),
        h("td", { "data-label": "What" }, what(job)),
        h("td", { "data-label": "Status" }, badge(JOB_STATUSES.find(([k]) => k === job.status)?.[1] || job.status, KIND[job.status]),
          job.attempts > 1 ? h("span", { class: "sub" }, `${job.attempts} attempts`) : null),
        h("td", { "data-label": "Details" }, outcome(job)),
        h("td", { "data-label": "", class: "row-actions" }, job.status === "failed"
          ? h("button", { type: "button", class: "secondary small", "aria-label": `Retry job ${job.id}`,
              onclick: (e) => retry(job, e.currentTarget) }, "Retry") : null)))));
  }

  async function load() {
    if (poll) ctx.cancel(poll);
    poll = null;
    try {
      const answer = await api("GET", withQuery("/api/sync-jobs", { ...filters, limit: LIMIT }), undefined, { signal: ctx.signal });
      if (!ctx.active) return;
      const jobs = itemsOf(answer);
      for (const job of jobs) if (job.person) seenPeople.set(String(job.person.id), job.person.name || `#${job.person.id}`);
      replace(listSlot, table(jobs));
      const total = answer.total ?? jobs.length;
      const pending = jobs.some((job) => job.status === "queued" || job.status === "running");
      countSlot.textContent = `Showing ${jobs.length} of ${total}.` + (pending ? " Refreshing while jobs are queued or running." : "");
      if (pending) poll = ctx.later(POLL_MS, load);
    } catch (err) {
      if (err.name === "AbortError" || !ctx.active) return;
      setStatus(status, `Could not load sync jobs: ${err.message}`, "error");
    }
  }

  const [campaigns] = await Promise.all([
    api("GET", "/api/campaigns", undefined, { signal: ctx.signal }).then(itemsOf, () => []),
    load(),
  ]);
  if (!ctx.active) return;
  if (filters.person_id && !seenPeople.has(filters.person_id)) seenPeople.set(filters.person_id, `Person #${filters.person_id}`);
  const refreshButton = h("button", { type: "button", class: "secondary small" }, "Refresh");
  refreshButton.addEventListener("click", () => busy(refreshButton, load));
  replace(root,
    h("h1", {}, "Sync activity"),
    section("Filters", { id: "job-filters" }, filtersForm(query, campaigns, [...seenPeople.entries()])),
    section("Recent jobs", { id: "jobs" }, h("div", { class: "toolbar" }, countSlot, refreshButton), status, listSlot));
}
