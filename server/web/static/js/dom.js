// A tiny DOM helper. API data only ever reaches the page as text nodes or
// attribute values: nothing here parses HTML.

const PROPERTIES = new Set(["value", "checked", "disabled", "selected", "hidden", "required",
  "readOnly", "multiple", "open", "htmlFor", "tabIndex", "type", "name", "id", "min", "max", "step"]);

/** h("button", {class: "primary", onclick: fn}, "Save") -> HTMLButtonElement. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "for") el.htmlFor = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append strings (as text), nodes and nested arrays; null/false/undefined are skipped. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace every child of ``el``. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;
/** A unique id for label/describedby wiring. */
export function uid(prefix = "id") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Say something to screen readers without moving focus. */
export function announce(text) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A fresh text node in a later frame makes repeated messages announce again.
  requestAnimationFrame(() => { region.textContent = text; });
}
