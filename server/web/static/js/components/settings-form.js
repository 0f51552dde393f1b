// One settings block (general, candidate or contact) for one layer: team
// defaults (admin), my preferences (member) or a campaign's adjustments.
// Each control starts at the effective value and says where it comes from;
// Save sends only what changed, Reset removes this layer's value (null).
import { h, replace, uid } from "../dom.js";
import { EVENT_TYPES, SYNC_UPON, UPDATE_MODES, recordLabel, sourceLabel } from "../format.js";
import { busy, checkField, clearErrors, field, group, reportError, select, setStatus, statusLine } from "../forms.js";
import { lockNote } from "./bits.js";

const GENERAL_KEYS = [
  { key: "sync_manual_updates", type: "bool", label: "Sync manual updates",
    hint: "Push edits made to a person's details to Exelare." },
  { key: "create_notes_upon", type: "choices", label: "Create a note in Exelare upon", choices: EVENT_TYPES },
  { key: "update_mode", type: "select", label: "When updating an existing record", choices: UPDATE_MODES,
    hint: "“Only fill blank fields” treats every field like a protected one." },
  { key: "merge_duplicates", type: "bool", label: "Merge duplicates",
    hint: "Link to a matching Exelare record instead of creating another one." },
];
const RECORD_KEYS = [
  { key: "sync_upon", type: "select", label: "Sync upon", choices: SYNC_UPON },
  { key: "only_notes_to_synced", type: "bool", label: "Only add notes to synced records",
    hint: "Off: notes may also go to a matching record that already exists in Exelare." },
  { key: "protected_fields", type: "fields", label: "Protected fields",
    hint: "Never overwritten when Exelare already has a value." },
  { key: "filterable_fields", type: "fields", label: "Filterable fields",
    hint: "Fields recruiters may search Exelare by." },
];
const LAYER_WORD = { team: "team default", user: "your preference", campaign: "this campaign" };

const sameValue = (a, b) => JSON.stringify(Array.isArray(a) ? [...a].sort() : a)
  === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

function checkboxGrid(name, choices, selected) {
  return h("div", { class: "check-grid" }, choices.map(([value, text]) => {
    const id = uid("opt");
    return h("div", { class: "check-row" },
      h("input", { type: "checkbox", id, name, value, checked: selected.includes(value) }),
      h("label", { for: id }, text));
  }));
}

function sourceTag(entry, layer) {
  const here = entry.source === layer;
  return h("span", { class: ["source", here && "source-here"] },
    here ? `Set here (${LAYER_WORD[layer]})` : `From: ${sourceLabel(entry.source)}`);
}

/** A control for one key: {element, read() -> the value it shows now}. */
function control(block, spec, entry, fieldOptions) {
  const name = `${block}.${spec.key}`;
  const value = entry.value;
  if (spec.type === "bool") {
    const input = h("input", { type: "checkbox", name, checked: Boolean(value) });
    return { element: checkField({ label: spec.label, control: input, hint: spec.hint, path: name }), read: () => input.checked };
  }
  if (spec.type === "select") {
    const input = select(spec.choices, value, { name });
    return { element: field({ label: spec.label, control: input, hint: spec.hint, path: name }), read: () => input.value };
  }
  const selected = Array.isArray(value) ? value : [];
  const choices = spec.type === "choices" ? spec.choices
    : [...new Set([...(fieldOptions || []), ...selected])].sort().map((f) => [f, f]);
  const grid = checkboxGrid(name, choices, selected);
  const read = () => [...grid.querySelectorAll("input:checked")].map((input) => input.value);
  let body = grid;
  if (spec.type === "fields") {
    const summary = h("summary", {});
    const describe = () => {
      const chosen = read();
      summary.textContent = chosen.length ? `${chosen.length} selected: ${chosen.join(", ")}` : "None selected";
    };
    describe();
    grid.addEventListener("change", describe);
    body = h("details", { class: "field-picker" }, summary,
      fieldOptions ? grid : h("p", { class: "hint" }, "The list of Exelare fields could not be loaded."));
  }
  return { element: group({ legend: spec.label, path: name, hint: spec.hint, children: [body] }), read };
}

/**
 * options: {block, effective: E[block], layer: team|user|campaign, canEdit,
 * canLock, fieldOptions: [Exelare fields] (record blocks), strip: a prefix the
 * server adds to error keys ("settings."), save(patch) -> Promise<new E[block]>}.
 * ``patch`` is the block's partial doc.
 */
export function settingsBlock(options) {
  const root = h("section", { class: "card settings-block", id: `settings-${options.block}`,
    "aria-labelledby": `settings-${options.block}-heading` });
  draw(root, options, options.effective);
  return root;
}

function draw(root, options, effective) {
  const { block, layer, canLock, fieldOptions, save } = options;
  const locked = Boolean(effective.locked && effective.locked.value);
  const lockedForMe = locked && layer !== "team";
  const editable = options.canEdit && !lockedForMe;
  const specs = block === "general" ? GENERAL_KEYS : RECORD_KEYS;
  const title = block === "general" ? "General" : recordLabel(block);
  const status = statusLine();
  const rows = [];
  const readers = {};

  for (const spec of specs) {
    const entry = effective[spec.key] || { value: null, source: "system" };
    const { element, read } = control(block, spec, entry, fieldOptions);
    readers[spec.key] = { read, initial: entry.value };
    const reset = editable && entry.source === layer
      ? h("button", { type: "button", class: "link reset", "aria-label": `Reset ${spec.label}`,
          onclick: (event) => submit(event.currentTarget, { [spec.key]: null }, "Reset.") }, "Reset")
      : null;
    rows.push(h("div", { class: "setting-row" }, element, h("div", { class: "setting-meta" }, sourceTag(entry, layer), reset)));
  }

  let lockInput = null;
  if (canLock) {
    lockInput = h("input", { type: "checkbox", name: `${block}.locked`, checked: locked });
    readers.locked = { read: () => lockInput.checked, initial: locked };
  }
  const saveButton = h("button", { type: "submit", class: "primary" }, "Save");
  const fields = h("fieldset", { class: "plain", disabled: !editable }, h("legend", { class: "visually-hidden" }, `${title} settings`), rows);
  const form = h("form", { novalidate: true },
    status,
    lockedForMe ? lockNote() : null,
    fields,
    lockInput ? checkField({ control: lockInput, path: `${block}.locked`,
      label: `Lock the ${title.toLowerCase()} settings`,
      hint: "Members can't change locked settings and campaigns can't adjust them." }) : null,
    editable ? h("div", { class: "actions" }, saveButton) : null);

  async function submit(button, patch, doneText) {
    clearErrors(form);
    setStatus(status, "Saving…", "busy");
    await busy(button, async () => {
      try {
        const next = await save(patch);
        draw(root, options, next || effective);
        setStatus(root.querySelector(".status"), doneText, "success");
        // The form was redrawn: keep keyboard focus in this block.
        const again = root.querySelector("button[type=submit]");
        if (again) again.focus();
      } catch (err) {
        reportError(err, status, form, { strip: options.strip || "" });
      }
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const patch = {};
    for (const [key, { read, initial }] of Object.entries(readers)) {
      const now = read();
      if (!sameValue(now, initial)) patch[key] = now;
    }
    if (!Object.keys(patch).length) {
      setStatus(status, "Nothing changed.", "info");
      return;
    }
    submit(saveButton, patch, "Saved.");
  });

  replace(root, h("h3", { id: `settings-${block}-heading` }, title,
    locked ? h("span", { class: "badge badge-warn" }, "Locked") : null), form);
}
