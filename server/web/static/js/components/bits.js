// Small shared pieces: times, badges, section shells.
import { h } from "../dom.js";
import { fullTime, timeAgo } from "../format.js";

/** <time> reading "3 minutes ago", with the exact time on hover. */
export function time(value) {
  if (!value) return null;
  return h("time", { datetime: value, title: fullTime(value) }, timeAgo(value));
}

/** A coloured status word; ``kind`` is one of ok, warn, error, busy, muted. */
export function badge(text, kind = "muted", attrs = {}) {
  return h("span", { class: `badge badge-${kind}`, ...attrs }, text);
}

/** A titled section with an id for its heading (aria-labelledby). */
export function section(title, { id, level = "h2", intro, className } = {}, ...children) {
  const headingId = `${id}-heading`;
  return h("section", { class: ["card", className], id, "aria-labelledby": headingId },
    h(level, { id: headingId }, title),
    intro ? h("p", { class: "lead" }, intro) : null,
    children);
}

/** A line saying why the controls are disabled. */
export function lockNote(text = "Locked by your team admin") {
  return h("p", { class: "lock-note" }, text);
}
