// #/campaigns/<id>: edit the campaign and its settings, and work with its people.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { CAMPAIGN_TYPES, RECORD_LABEL, RECORD_TYPES, label, recordLabel } from "../format.js";
import { busy, confirmDialog, field, reportError, select, setStatus, statusLine } from "../forms.js";
import { href, navigate } from "../router.js";
import { section } from "../components/bits.js";
import { addPersonForm } from "../components/add-person.js";
import { peoplePanel } from "../components/people.js";
import { settingsBlock } from "../components/settings-form.js";
import { creatorName } from "./campaigns.js";

function editForm(campaign, { onSaved }) {
  const name = h("input", { type: "text", name: "name", value: campaign.name, autocomplete: "off" });
  const type = select(CAMPAIGN_TYPES, campaign.type, { name: "type" });
  const syncAs = select(Object.entries(RECORD_LABEL), campaign.sync_as, { name: "sync_as" });
  const status = statusLine();
  const save = h("button", { type: "submit", class: "primary" }, "Save campaign");
  const remove = h("button", { type: "button", class: "danger" }, "Delete campaign");
  const form = h("form", { class: "edit-campaign", novalidate: true },
    status,
    h("div", { class: "grid-3" },
      field({ label: "Name", control: name, path: "name", required: true }),
      field({ label: "Type", control: type, path: "type" }),
      field({ label: "Sync people as", control: syncAs, path: "sync_as",
        hint: "Used for everyone without a person override." })),
    h("div", { class: "actions" }, save, remove));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setStatus(status, "Saving…", "busy");
    busy(save, async () => {
      try {
        const next = await api("PATCH", `/api/campaigns/${campaign.id}`,
          { name: name.value.trim(), type: type.value, sync_as: syncAs.value });
        setStatus(status, "Campaign saved.", "success");
        onSaved(next);
      } catch (err) {
        reportError(err, status, form);
      }
    });
  });
  remove.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: `Delete ${campaign.name}?`, danger: true, confirmLabel: "Delete",
      message: "The campaign and its memberships are removed. Records already in Exelare stay there." });
    if (!ok) return;
    busy(remove, async () => {
      try {
        await api("DELETE", `/api/campaigns/${campaign.id}`);
        navigate("/campaigns");
      } catch (err) {
        reportError(err, status, form);
      }
    });
  });
  return form;
}

function settingsPanel(campaign, fieldOptions, onSaved) {
  const blocks = ["general", ...RECORD_TYPES].map((block) => settingsBlock({
    block, layer: "campaign", canEdit: true, canLock: false, strip: "settings.",
    effective: campaign.effective[block], fieldOptions: fieldOptions[block],
    save: async (patch) => {
      const next = await api("PATCH", `/api/campaigns/${campaign.id}`, { settings: { [block]: patch } });
      onSaved(next);
      return next.effective[block];
    },
  }));
  return h("details", { class: "campaign-settings" },
    h("summary", {}, "Adjust sync settings for this campaign"),
    h("p", { class: "hint" }, "Only unlocked settings can be adjusted; everything else follows the team defaults."),
    h("div", { class: "settings-blocks" }, blocks));
}

function facts(campaign) {
  return h("p", { class: "lead facts-line" },
    `${label(CAMPAIGN_TYPES, campaign.type)} campaign · syncs people as ${recordLabel(campaign.sync_as)} · `,
    `${campaign.people_count ?? 0} ${campaign.people_count === 1 ? "person" : "people"} · created by ${creatorName(campaign.created_by)}`);
}

export async function render(root, ctx) {
  const id = ctx.params.id;
  const fieldAnswers = RECORD_TYPES.map((type) => api("GET", `/api/field-mappings/${type}`, undefined, { signal: ctx.signal })
    .then((answer) => answer.fields, () => null));
  const campaign = await api("GET", `/api/campaigns/${id}`, undefined, { signal: ctx.signal });
  const fieldLists = await Promise.all(fieldAnswers);
  if (!ctx.active) return;
  const fieldOptions = Object.fromEntries(RECORD_TYPES.map((type, i) => [type, fieldLists[i]]));

  const heading = h("h1", {}, campaign.name);
  const factsSlot = h("div", {}, facts(campaign));
  const people = peoplePanel(campaign, ctx, {
    onTotal: (total) => {
      if (total === campaign.people_count) return;
      campaign.people_count = total;
      replace(factsSlot, facts(campaign));
    },
  });
  const onSaved = (next) => {
    Object.assign(campaign, next);
    heading.textContent = next.name;
    replace(factsSlot, facts(next));
    people.load({ rebuild: true });
  };

  replace(root,
    h("p", { class: "breadcrumb" }, h("a", { href: href("/campaigns") }, "← All campaigns")),
    heading, factsSlot,
    section("People", { id: "people" }, people.element),
    people.previewSlot,
    section("Add a person", { id: "add-person" }, addPersonForm(campaign, { onAdded: () => people.load({ rebuild: true }) })),
    section("Campaign", { id: "campaign-edit" }, editForm(campaign, { onSaved }),
      settingsPanel(campaign, fieldOptions, onSaved)),
    h("p", {}, h("a", { href: href("/activity", { campaign_id: campaign.id }) }, "Sync activity for this campaign →")));
  await people.load();
}
