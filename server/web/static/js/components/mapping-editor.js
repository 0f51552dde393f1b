// The field mapping for one record type: which person variable lands in which
// Exelare field. Errors come back keyed "strings.title", "lists.emails.1",
// "social.github" and show beside that select.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { recordLabel } from "../format.js";
import { busy, clearErrors, field, group, reportError, select, setStatus, statusLine } from "../forms.js";

const WORDS = {
  first_name: "First name", middle_name: "Middle name", last_name: "Last name", company: "Company",
  title: "Job title", city: "City", state: "State / region", zip_code: "ZIP / postal code",
  country: "Country", skills: "Skills", emails: "Emails", phones: "Phone numbers",
  linkedin: "LinkedIn URL", twitter: "Twitter / X URL", facebook: "Facebook URL", github: "GitHub URL",
};
const word = (name) => WORDS[name] || name.replaceAll("_", " ");
const SINGULAR = { emails: "Email", phones: "Phone" };

function fieldSelect(fields, value, attrs) {
  const options = [["", "— not sent —"], ...fields.map((f) => [f, f])];
  if (value && !fields.includes(value)) options.push([value, `${value} (not allowed)`]);
  return select(options, value || "", attrs);
}

/** An ordered list of selects with move up/down, remove and add. */
function listEditor(recordType, variable, fields, initial, canEdit) {
  const items = h("ol", { class: "field-list" });
  const add = h("button", { type: "button", class: "secondary small" }, `Add ${SINGULAR[variable] || "field"} field`);
  let values = [...initial];

  const draw = (focusIndex, focusWhat) => {
    replace(items, values.map((value, i) => {
      const control = fieldSelect(fields, value, { name: `${recordType}.lists.${variable}.${i}` });
      control.addEventListener("change", () => { values[i] = control.value; });
      const move = (delta) => {
        [values[i], values[i + delta]] = [values[i + delta], values[i]];
        draw(i + delta, delta < 0 ? "up" : "down");
      };
      const label = `${SINGULAR[variable] || word(variable)} ${i + 1} →`;
      return h("li", { class: "field-list-item" },
        field({ label, control, path: `lists.${variable}.${i}` }),
        h("div", { class: "row-buttons" },
          h("button", { type: "button", class: "icon", "data-action": "up", disabled: i === 0,
            "aria-label": `Move ${SINGULAR[variable] || word(variable)} ${i + 1} up`, onclick: () => move(-1) }, "↑"),
          h("button", { type: "button", class: "icon", "data-action": "down", disabled: i === values.length - 1,
            "aria-label": `Move ${SINGULAR[variable] || word(variable)} ${i + 1} down`, onclick: () => move(1) }, "↓"),
          h("button", { type: "button", class: "icon", "data-action": "remove",
            "aria-label": `Remove ${SINGULAR[variable] || word(variable)} ${i + 1}`,
            onclick: () => {
              values.splice(i, 1);
              if (values.length) draw(Math.min(i, values.length - 1), "remove");
              else draw(undefined, "add");
            } }, "✕")));
    }));
    if (!values.length) items.append(h("li", { class: "hint" }, "Not sent to Exelare."));
    if (focusIndex !== undefined && focusIndex >= 0) {
      const row = items.children[focusIndex];
      const target = row && (row.querySelector(`[data-action="${focusWhat}"]:not(:disabled)`) || row.querySelector("select"));
      if (target) target.focus();
    } else if (focusWhat === "add") add.focus();
  };
  add.addEventListener("click", () => {
    values.push("");
    draw(values.length - 1, "select");
  });
  draw();
  const element = group({ legend: `${word(variable)} (in order)`, path: `lists.${variable}`,
    hint: `The person's first ${variable === "emails" ? "email" : "phone"} goes to the first field, and so on.`,
    children: [items, canEdit ? add : null] });
  return { element, read: () => values.filter((value) => value !== "") };
}

/** Draw the editor for ``data`` (GET /api/field-mappings/{type}) into ``root``. */
export function renderMappingEditor(root, data, { canEdit }) {
  const recordType = data.record_type;
  const fields = [...(data.fields || [])].sort();
  const variables = data.variables || {};
  const mapping = data.mapping || {};
  const readers = { strings: {}, lists: {}, social: {} };
  const status = statusLine();

  const singles = (section) => (variables[section] || []).map((variable) => {
    const control = fieldSelect(fields, (mapping[section] || {})[variable], { name: `${recordType}.${section}.${variable}` });
    readers[section][variable] = () => control.value || null;
    return field({ label: word(variable), control, path: `${section}.${variable}` });
  });
  const lists = (variables.lists || []).map((variable) => {
    const editor = listEditor(recordType, variable, fields, (mapping.lists || {})[variable] || [], canEdit);
    readers.lists[variable] = editor.read;
    return editor.element;
  });

  const save = h("button", { type: "submit", class: "primary" }, `Save ${recordLabel(recordType).toLowerCase()} mapping`);
  const form = h("form", { class: "mapping-form", novalidate: true },
    status,
    h("fieldset", { class: "plain", disabled: !canEdit },
      h("legend", { class: "visually-hidden" }, `${recordLabel(recordType)} field mapping`),
      h("h4", {}, "Text"), h("div", { class: "grid-3" }, singles("strings")),
      h("h4", {}, "Lists"), h("div", { class: "grid-2" }, lists),
      h("h4", {}, "Social profiles"), h("div", { class: "grid-3" }, singles("social"))),
    canEdit ? h("div", { class: "actions" }, save)
      : h("p", { class: "hint" }, "Only team admins can change the field mapping."));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { strings: {}, lists: {}, social: {} };
    for (const [section, byVariable] of Object.entries(readers)) {
      for (const [variable, read] of Object.entries(byVariable)) body[section][variable] = read();
    }
    setStatus(status, "Saving…", "busy");
    busy(save, async () => {
      try {
        const next = await api("PUT", `/api/field-mappings/${recordType}`, { mapping: body });
        renderMappingEditor(root, { ...data, ...next }, { canEdit });
        const saved = root.querySelector(".status");
        setStatus(saved, "Mapping saved.", "success");
        root.querySelector("button[type=submit]").focus();
        saved.scrollIntoView({ block: "nearest" });
      } catch (err) {
        reportError(err, status, form, { strip: "mapping." });
      }
    });
  });
  replace(root, form);
}
