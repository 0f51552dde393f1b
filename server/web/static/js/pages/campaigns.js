// #/campaigns: the team's campaigns and a form to create one.
import { api, itemsOf } from "../api.js";
import { h, replace } from "../dom.js";
import { CAMPAIGN_TYPES, RECORD_LABEL, label, recordLabel } from "../format.js";
import { busy, field, reportError, select, setStatus, statusLine } from "../forms.js";
import { navigate } from "../router.js";
import { section } from "../components/bits.js";

export function creatorName(createdBy) {
  if (!createdBy) return "—";
  if (typeof createdBy === "object") return createdBy.name || createdBy.email || `User #${createdBy.id}`;
  return `User #${createdBy}`;
}

function table(campaigns) {
  if (!campaigns.length) return h("p", { class: "empty" }, "No campaigns yet. Create the first one below.");
  return h("table", { class: "data campaigns-table" },
    h("caption", { class: "visually-hidden" }, "Campaigns"),
    h("thead", {}, h("tr", {}, ["Name", "Type", "Sync as", "People", "Created by"].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, campaigns.map((c) => h("tr", {},
      h("th", { scope: "row", "data-label": "Name" }, h("a", { href: `#/campaigns/${c.id}` }, c.name)),
      h("td", { "data-label": "Type" }, label(CAMPAIGN_TYPES, c.type)),
      h("td", { "data-label": "Sync as" }, recordLabel(c.sync_as)),
      h("td", { "data-label": "People", class: "num" }, String(c.people_count ?? 0)),
      h("td", { "data-label": "Created by" }, creatorName(c.created_by))))));
}

function createForm() {
  const name = h("input", { type: "text", name: "name", autocomplete: "off" });
  const type = select(CAMPAIGN_TYPES, "email", { name: "type" });
  const syncAs = select(Object.entries(RECORD_LABEL), "candidate", { name: "sync_as" });
  const status = statusLine();
  const submit = h("button", { type: "submit", class: "primary" }, "Create campaign");
  const form = h("form", { class: "create-campaign", novalidate: true },
    status,
    h("div", { class: "grid-3" },
      field({ label: "Name", control: name, path: "name", required: true }),
      field({ label: "Type", control: type, path: "type" }),
      field({ label: "Sync people as", control: syncAs, path: "sync_as",
        hint: "The Exelare record type; each person can be overridden." })),
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setStatus(status, "Creating…", "busy");
    busy(submit, async () => {
      try {
        const created = await api("POST", "/api/campaigns",
          { name: name.value.trim(), type: type.value, sync_as: syncAs.value });
        setStatus(status, `Created ${created.name}.`, "success");
        navigate(`/campaigns/${created.id}`);
      } catch (err) {
        reportError(err, status, form);
      }
    });
  });
  return form;
}

export async function render(root, ctx) {
  const campaigns = itemsOf(await api("GET", "/api/campaigns", undefined, { signal: ctx.signal }));
  if (!ctx.active) return;
  replace(root,
    h("h1", {}, "Campaigns"),
    section("All campaigns", { id: "campaign-list" }, table(campaigns)),
    section("New campaign", { id: "new-campaign" }, createForm()));
}
