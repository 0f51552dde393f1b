// Hash routes (#/campaigns/3?tab=x). Each visit gets a context whose signal is
// aborted, and whose timers are cleared, as soon as the visitor moves on.

let routes = [];
let fallback = "/";
let renderRoute = () => {};
let visit = null;

/** The current hash as {path, query}. */
export function current() {
  const raw = location.hash.replace(/^#/, "") || fallback;
  const [path, search = ""] = raw.split("?");
  return { path: path || fallback, query: new URLSearchParams(search) };
}

/** "#/activity?status=failed" from a path and a {key: value} query (empty values dropped). */
export function href(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  const search = params.toString();
  return `#${path}${search ? "?" + search : ""}`;
}

export function navigate(path, query = {}, { replace = false } = {}) {
  const target = href(path, query);
  if (target === location.hash) return refresh();
  if (replace) {
    history.replaceState(null, "", target);
    return refresh();
  }
  location.hash = target;
}

function match(path) {
  for (const { pattern, page } of routes) {
    const found = pattern.exec(path);
    if (found) return { page, params: found.groups || {} };
  }
  return null;
}

/** Leave the current page: abort its requests and stop its timers. */
export function leave() {
  if (!visit) return;
  visit.controller.abort();
  visit.timers.forEach(clearTimeout);
  visit.cleanups.forEach((fn) => fn());
  visit = null;
}

/** Render the page for the current hash. */
export function refresh() {
  leave();
  const { path, query } = current();
  const found = match(path);
  if (!found) {
    history.replaceState(null, "", "#" + fallback);
    return refresh();
  }
  const controller = new AbortController();
  visit = { controller, timers: new Set(), cleanups: [] };
  const mine = visit;
  const ctx = {
    path, query, params: found.params, signal: controller.signal,
    get active() { return visit === mine; },
    onLeave(fn) { mine.cleanups.push(fn); },
    /** setTimeout that dies with the visit. */
    later(ms, fn) {
      if (visit !== mine) return null;
      const id = setTimeout(() => { mine.timers.delete(id); if (visit === mine) fn(); }, ms);
      mine.timers.add(id);
      return id;
    },
    cancel(id) { clearTimeout(id); mine.timers.delete(id); },
  };
  renderRoute(found.page, ctx);
}

/**
 * routes: [[/^\/campaigns\/(?<id>\d+)$/, page], ...]; render(page, ctx) draws one.
 * Call once; later hash changes re-render.
 */
export function startRouter(table, { defaultPath, render }) {
  routes = table.map(([pattern, page]) => ({ pattern, page }));
  fallback = defaultPath;
  renderRoute = render;
  window.addEventListener("hashchange", () => {
    if (location.hash.startsWith("#/") || location.hash === "") refresh();
  });
}
