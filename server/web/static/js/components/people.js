// The people in a campaign: effective "sync as" with its source, sync state,
// the per-person override, preview, sync now and retry. Polls while a sync
// is queued or running, updating only the cells that change so keyboard
// focus stays where it was.
import { api, withQuery } from "../api.js";
import { h, replace } from "../dom.js";
import { MEMBERSHIP_STATUSES, RECORD_TYPES, personName, recordLabel, syncAsText } from "../format.js";
import { busy, select, setStatus, statusLine } from "../forms.js";
import { previewView } from "./preview.js";
import { isPending, syncStateLine } from "./sync-state.js";

const PAGE = 25;
const POLL_MS = 1500;

export function peoplePanel(campaign, ctx, { onTotal = () => {} } = {}) {
  const status = statusLine();
  const slot = h("div", { class: "people-slot" }, h("p", { class: "loading" }, "Loading people…"));
  const pager = h("div", { class: "pager" });
  const previewSlot = h("section", { class: "card preview", id: "preview", hidden: true, "aria-labelledby": "preview-heading" });
  let offset = 0;
  let poll = null;
  let shownIds = "";
  const latestById = new Map();
  const latest = (item) => latestById.get(item.person.id) || item;
  const base = `/api/campaigns/${campaign.id}/people`;

  const personPath = (item) => `${base}/${item.person.id}`;

  async function retry(jobId, button) {
    await busy(button, async () => {
      try {
        await api("POST", `/api/sync-jobs/${jobId}/retry`);
        setStatus(status, "Retry queued.", "success");
        await load();
      } catch (err) {
        setStatus(status, err.message, "error");
      }
    });
  }

  function syncCell(item) {
    const who = personName(item.person);
    const effective = item.effective_sync_as && item.effective_sync_as.value;
    const states = item.sync || {};
    return RECORD_TYPES
      .filter((type) => type === effective || (states[type] && states[type].status !== "not_synced"))
      .map((type) => syncStateLine(type, states[type], { onRetry: retry, who }));
  }

  function overrideForm(item) {
    const who = personName(item.person);
    const m0 = item.membership;
    const defaultAs = item.effective_sync_as && item.effective_sync_as.default;
    const override = select([["", `Campaign default (${recordLabel(defaultAs ? defaultAs.value : campaign.sync_as)})`],
      ["candidate", "Candidate"], ["contact", "Contact"]], m0.sync_as_override || "", { "aria-label": `Sync ${who} as`, name: "sync_as" });
    const stage = select(MEMBERSHIP_STATUSES, m0.status, { "aria-label": `Stage of ${who}`, name: "status" });
    const apply = h("button", { type: "submit", class: "secondary small", "aria-label": `Apply changes to ${who}` }, "Apply");
    const form = h("form", { class: "override-form" }, override, stage, apply);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(apply, async () => {
        const m = latest(item).membership;
        try {
          const changes = [];
          if ((override.value || null) !== (m.sync_as_override || null)) changes.push({ sync_as: override.value || null });
          if (stage.value !== m.status) changes.push({ status: stage.value });
          if (!changes.length) return setStatus(status, `Nothing changed for ${who}.`, "info");
          for (const body of changes) await api("PATCH", personPath(item), body);
          setStatus(status, `Updated ${who}.`, "success");
          await load();
        } catch (err) {
          setStatus(status, err.message, "error");
        }
      });
    });
    return form;
  }

  async function showPreview(item, button) {
    const who = personName(item.person);
    await busy(button, async () => {
      setStatus(status, `Preparing a preview for ${who}…`, "busy");
      try {
        const preview = await api("GET", `${personPath(item)}/preview`, undefined, { signal: ctx.signal });
        setStatus(status, "");
        const close = h("button", { type: "button", class: "secondary small",
          onclick: () => { previewSlot.hidden = true; button.focus(); } }, "Close preview");
        replace(previewSlot,
          h("div", { class: "preview-head" }, h("h2", { id: "preview-heading", tabindex: "-1" }, `Preview: ${who}`), close),
          previewView(preview));
        previewSlot.hidden = false;
        previewSlot.querySelector("h2").focus();
      } catch (err) {
        setStatus(status, err.message, "error");
      }
    });
  }

  async function syncNow(item, button) {
    const who = personName(item.person);
    await busy(button, async () => {
      try {
        await api("POST", `${personPath(item)}/sync`);
        setStatus(status, `Sync of ${who} requested.`, "success");
        await load();
      } catch (err) {
        setStatus(status, err.message, "error");
      }
    });
  }

  function row(item) {
    const p = item.person;
    const who = personName(p);
    const line2 = [p.title, p.company].filter(Boolean).join(" · ");
    const email = (p.emails || [])[0];
    const previewButton = h("button", { type: "button", class: "secondary small", "aria-label": `Preview the sync of ${who}` }, "Preview");
    previewButton.addEventListener("click", () => showPreview(item, previewButton));
    const syncButton = h("button", { type: "button", class: "primary small", "aria-label": `Sync ${who} now` }, "Sync now");
    syncButton.addEventListener("click", () => syncNow(item, syncButton));
    return h("tr", { "data-person-id": String(p.id) },
      h("th", { scope: "row", "data-label": "Person" }, h("span", { class: "person-name" }, who),
        line2 ? h("span", { class: "sub" }, line2) : null, email ? h("span", { class: "sub" }, email) : null),
      h("td", { "data-label": "Sync as" }, h("div", { class: "sync-as" }, syncAsText(item.effective_sync_as)), overrideForm(item)),
      h("td", { "data-label": "Exelare", class: "sync-cell" }, syncCell(item)),
      h("td", { "data-label": "Actions", class: "row-actions" }, previewButton, syncButton));
  }

  function draw(answer) {
    const items = answer.items || [];
    latestById.clear();
    for (const item of items) latestById.set(item.person.id, item);
    const ids = items.map((item) => item.person.id).join(",");
    const body = slot.querySelector("tbody");
    if (body && ids === shownIds) {
      // Same people: refresh the words in place, keep the controls (and focus).
      items.forEach((item, i) => {
        const tr = body.children[i];
        replace(tr.querySelector(".sync-as"), syncAsText(item.effective_sync_as));
        replace(tr.querySelector(".sync-cell"), syncCell(item));
      });
    } else if (!items.length) {
      replace(slot, h("p", { class: "empty" }, "Nobody in this campaign yet. Add a person below."));
    } else {
      replace(slot, h("table", { class: "data people-table" },
        h("caption", { class: "visually-hidden" }, "People in this campaign"),
        h("thead", {}, h("tr", {}, ["Person", "Sync as", "Exelare", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, items.map(row))));
    }
    shownIds = ids;
    const total = answer.total ?? items.length;
    onTotal(total);
    replace(pager, total > PAGE ? [
      h("button", { type: "button", class: "secondary small", disabled: offset === 0,
        onclick: () => { offset = Math.max(0, offset - PAGE); load({ rebuild: true }); } }, "Previous"),
      h("span", {}, `${offset + 1}–${Math.min(offset + PAGE, total)} of ${total}`),
      h("button", { type: "button", class: "secondary small", disabled: offset + PAGE >= total,
        onclick: () => { offset += PAGE; load({ rebuild: true }); } }, "Next"),
    ] : total ? h("span", {}, `${total} ${total === 1 ? "person" : "people"}`) : null);
    return items.some((item) => Object.values(item.sync || {}).some(isPending));
  }

  async function load({ rebuild = false } = {}) {
    if (rebuild) shownIds = "";
    if (poll) ctx.cancel(poll);
    poll = null;
    try {
      const answer = await api("GET", withQuery(base, { limit: PAGE, offset }), undefined, { signal: ctx.signal });
      if (!ctx.active) return;
      if (draw(answer)) poll = ctx.later(POLL_MS, load);
    } catch (err) {
      if (err.name === "AbortError" || !ctx.active) return;
      setStatus(status, `Could not load the people: ${err.message}`, "error");
    }
  }

  const element = h("div", { class: "people" }, status, slot, pager);
  return { element, previewSlot, load };
}
