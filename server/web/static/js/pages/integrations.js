// #/integrations: the Exelare card, sync settings (team defaults for admins,
// own preferences for members) and the field mapping of both record types.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { RECORD_TYPES, recordLabel } from "../format.js";
import { session } from "../session.js";
import { section } from "../components/bits.js";
import { renderExelareCard } from "../components/exelare-card.js";
import { renderMappingEditor } from "../components/mapping-editor.js";
import { settingsBlock } from "../components/settings-form.js";

const BLOCKS = ["general", ...RECORD_TYPES];

function failed(err, what) {
  return h("p", { class: "status", "data-kind": "error", role: "alert" }, `Could not load ${what}: ${err.message}`);
}

/** Fetch without letting one failing endpoint blank the whole page. */
function settle(promise) {
  return promise.then((value) => ({ value }), (error) => {
    if (error.name === "AbortError" || error.status === 401) throw error;
    return { error };
  });
}

function settingsSection(answer, mappings) {
  const admin = session.isAdmin;
  const layer = admin ? "team" : "user";
  const path = admin ? "/api/settings/team" : "/api/settings/me";
  const intro = admin
    ? "Team defaults. Members may change unlocked settings for themselves and campaigns may adjust them; lock a block to prevent that."
    : "Your own preferences. Settings your team admin locked can't be changed.";
  const body = h("div", { class: "settings-blocks" });
  if (answer.error) body.append(failed(answer.error, "the sync settings"));
  else {
    for (const block of BLOCKS) {
      body.append(settingsBlock({
        block, layer, canEdit: true, canLock: admin,
        effective: answer.value.effective[block],
        fieldOptions: block === "general" ? null : mappings[block] && mappings[block].fields,
        save: async (patch) => (await api("PUT", path, { [block]: patch })).effective[block],
      }));
    }
  }
  return section(admin ? "Sync settings" : "My sync preferences", { id: "sync-settings", intro }, body);
}

function mappingSection(mappings, errors) {
  const parts = RECORD_TYPES.map((type) => {
    const slot = h("div", {});
    if (mappings[type]) renderMappingEditor(slot, mappings[type], { canEdit: session.isAdmin });
    else slot.append(failed(errors[type], `the ${type} field mapping`));
    return h("section", { class: "card mapping", id: `mapping-${type}`, "aria-labelledby": `mapping-${type}-heading` },
      h("h3", { id: `mapping-${type}-heading` }, `${recordLabel(type)} (${type === "candidate" ? "Consultants" : "Contacts"})`),
      slot);
  });
  return section("Field mapping", { id: "field-mapping",
    intro: "Which Exelare field each piece of a person's profile is written to. An Exelare field can take only one variable." },
  parts);
}

export async function render(root, ctx) {
  const settingsPath = session.isAdmin ? "/api/settings/team" : "/api/settings/me";
  const [integration, settings, ...mappingAnswers] = await Promise.all([
    settle(api("GET", "/api/integrations/exelare", undefined, { signal: ctx.signal })),
    settle(api("GET", settingsPath, undefined, { signal: ctx.signal })),
    ...RECORD_TYPES.map((type) => settle(api("GET", `/api/field-mappings/${type}`, undefined, { signal: ctx.signal }))),
  ]);
  if (!ctx.active) return;
  const mappings = {};
  const mappingErrors = {};
  RECORD_TYPES.forEach((type, i) => {
    if (mappingAnswers[i].error) mappingErrors[type] = mappingAnswers[i].error;
    else mappings[type] = mappingAnswers[i].value;
  });

  const card = h("div", {});
  if (integration.error) card.append(failed(integration.error, "the integration"));
  else renderExelareCard(card, integration.value);

  replace(root,
    h("h1", {}, "Integrations"),
    section("Exelare", { id: "exelare",
      intro: "Exelare's Web API credentials (ask Exelare support for an API licence and API Source ID)." }, card),
    settingsSection(settings, mappings),
    mappingSection(mappings, mappingErrors));
}
