// The dry-run preview of one person's sync: create or update, and the field diff.
import { h } from "../dom.js";
import { recordLabel } from "../format.js";

const ACTION_WORD = { set: "Will be written", kept: "Kept (Exelare's value stays)", same: "Unchanged" };

function summary(preview) {
  const type = recordLabel(preview.record_type);
  const id = preview.exelare_id ? ` ${preview.exelare_id}` : "";
  if (preview.action === "create") return `Syncing now would create a new ${type} in Exelare (${preview.entity || type}).`;
  if (preview.action === "update") return `Syncing now would update ${type}${id} in Exelare.`;
  if (preview.action === "link") return `Syncing now would link to the existing ${type}${id} in Exelare and update it.`;
  return `Nothing to send: Exelare's ${type}${id} already has these values.`;
}

function matchText(match) {
  if (!match || typeof match !== "object") return null;
  const id = match.RecordID || match.exelare_id || match.id;
  const name = [match.FirstName, match.LastName].filter(Boolean).join(" ");
  const extra = [name, match.EMail1, match.CompanyName].filter(Boolean).join(", ");
  return `Matches an existing Exelare record${id ? " " + id : ""}${extra ? ` (${extra})` : ""}.`;
}

function diffTable(diff) {
  if (!diff || !diff.length) return h("p", { class: "empty" }, "No mapped fields have a value.");
  return h("table", { class: "data diff-table" },
    h("caption", {}, "Field by field"),
    h("thead", {}, h("tr", {}, ["Exelare field", "In Exelare", "Ours", "Result"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, diff.map((row) => h("tr", { class: `diff-${row.action}`, "data-field": row.field },
      h("th", { scope: "row", "data-label": "Exelare field" }, row.field),
      h("td", { "data-label": "In Exelare" }, row.exelare ?? (row.action === "same" ? "As last pushed" : "—")),
      h("td", { "data-label": "Ours" }, row.ours ?? "—"),
      h("td", { "data-label": "Result" }, ACTION_WORD[row.action] || row.action)))));
}

/** The preview body for GET .../preview. */
export function previewView(preview) {
  return h("div", { class: "preview-body", "data-action": preview.action },
    h("p", { class: "preview-summary" }, summary(preview)),
    preview.match ? h("p", {}, matchText(preview.match)) : null,
    diffTable(preview.diff),
    preview.kept && preview.kept.length
      ? h("p", {}, `Protected or already filled, so not overwritten: ${preview.kept.join(", ")}.`) : null,
    preview.report ? h("p", { class: "report" }, preview.report) : null);
}
