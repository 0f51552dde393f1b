// A small form to add one person to a campaign (idempotent on the server).
import { api } from "../api.js";
import { h } from "../dom.js";
import { personName, recordLabel } from "../format.js";
import { busy, clearErrors, field, reportError, select, setStatus, statusLine } from "../forms.js";

const split = (text) => text.split(/[\s,;]+/).map((part) => part.trim()).filter(Boolean);

export function addPersonForm(campaign, { onAdded }) {
  const input = (name, type = "text", autocomplete = "off") => h("input", { type, name, autocomplete });
  const first = input("first_name");
  const last = input("last_name");
  const title = input("title");
  const company = input("company");
  const emails = input("emails", "text");
  const phone = input("phone", "tel");
  const linkedin = input("linkedin_url", "url");
  const syncAs = select([["", `Campaign default (${recordLabel(campaign.sync_as)})`],
    ["candidate", "Candidate"], ["contact", "Contact"]], "", { name: "sync_as" });
  const status = statusLine();
  const submit = h("button", { type: "submit", class: "primary" }, "Add person");
  const form = h("form", { class: "add-person", novalidate: true },
    status,
    h("div", { class: "grid-3" },
      field({ label: "First name", control: first, path: "person.first_name", required: true }),
      field({ label: "Last name", control: last, path: "person.last_name", required: true }),
      field({ label: "Job title", control: title, path: "person.title" }),
      field({ label: "Company", control: company, path: "person.company" }),
      field({ label: "Emails", control: emails, path: "person.emails", hint: "Separate several with commas." }),
      field({ label: "Phone", control: phone, path: "person.phones" }),
      field({ label: "LinkedIn URL", control: linkedin, path: "person.linkedin_url" }),
      field({ label: "Sync as", control: syncAs, path: "sync_as" })),
    h("div", { class: "actions" }, submit));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form);
    const person = { first_name: first.value.trim(), last_name: last.value.trim() };
    const optional = { title: title.value.trim(), company: company.value.trim(), linkedin_url: linkedin.value.trim() };
    for (const [key, value] of Object.entries(optional)) if (value) person[key] = value;
    if (split(emails.value).length) person.emails = split(emails.value);
    if (phone.value.trim()) person.phones = [phone.value.trim()];
    setStatus(status, "Adding…", "busy");
    busy(submit, async () => {
      try {
        // Left out rather than null: re-adding someone must not clear an override set elsewhere.
        const body = syncAs.value ? { person, sync_as: syncAs.value } : { person };
        const added = await api("POST", `/api/campaigns/${campaign.id}/people`, body);
        const who = personName((added && added.person) || person);
        form.reset();
        setStatus(status, `Added ${who}.`, "success");
        first.focus();
        onAdded(added);
      } catch (err) {
        reportError(err, status, form);
      }
    });
  });
  return form;
}
