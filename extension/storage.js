// Everything the extension keeps, with its type and default, in one place.
// Values live in chrome.storage.local (the token must never leave this
// machine, so storage.sync is not used). A stored value of the wrong type
// reads as the default, so a half-written or old value cannot break the popup.

export const DEFAULT_BACKEND_URL = "http://127.0.0.1:8000";

const isString = (value) => typeof value === "string";
const isId = (value) => Number.isInteger(value) && value > 0;
const isUser = (value) => value !== null && typeof value === "object" && isId(value.id) && isString(value.email);

// key -> [default, check]
const SCHEMA = {
  backendUrl: [DEFAULT_BACKEND_URL, (value) => isString(value) && normaliseBackendUrl(value) === value],
  token: [null, (value) => isString(value) && value.length > 0],
  tokenExpiresAt: [null, (value) => Number.isFinite(value)],   // ms since epoch, advisory only
  user: [null, isUser],                                         // {id, email, name, role, team_id}
  lastCampaignId: [null, isId],
  lastEmail: ["", isString],
};

export const KEYS = Object.freeze(Object.keys(SCHEMA));

function typed(key, value) {
  const [fallback, check] = SCHEMA[key];
  return value !== undefined && value !== null && check(value) ? value : fallback;
}

/** Read some (default: all) options, each one typed and defaulted. */
export async function load(keys = KEYS) {
  const unknown = keys.filter((key) => !(key in SCHEMA));
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(", ")}`);
  const stored = await chrome.storage.local.get(keys);
  return Object.fromEntries(keys.map((key) => [key, typed(key, stored[key])]));
}

/** Write options; a null value removes the key (so it reads as its default). */
export async function save(values) {
  const toSet = {};
  const toRemove = [];
  for (const [key, value] of Object.entries(values)) {
    if (!(key in SCHEMA)) throw new Error(`unknown option: ${key}`);
    if (value === null || value === undefined) {
      toRemove.push(key);
    } else if (SCHEMA[key][1](value)) {
      toSet[key] = value;
    } else {
      throw new TypeError(`option ${key} has the wrong type`);
    }
  }
  if (toRemove.length) await chrome.storage.local.remove(toRemove);
  if (Object.keys(toSet).length) await chrome.storage.local.set(toSet);
}

export async function saveSession({ token, expires_in: expiresIn, user }) {
  await save({
    token,
    user: { id: user.id, email: user.email, name: user.name || "", role: user.role, team_id: user.team_id },
    tokenExpiresAt: Number.isFinite(expiresIn) ? Date.now() + expiresIn * 1000 : null,
    lastEmail: user.email,
  });
}

export function clearSession() {
  return save({ token: null, user: null, tokenExpiresAt: null });
}

/**
 * "http://host:port/some/path/" -> "http://host:port/some/path", or null when
 * it is not an absolute http(s) URL. Credentials, queries and fragments are
 * refused: the URL is shown to the user and used as a prefix for API paths.
 */
export function normaliseBackendUrl(text) {
  if (!isString(text)) return null;
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    return null;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The match pattern for a backend's host permission; without a port it matches any port. */
export function originPattern(backendUrl) {
  const url = new URL(backendUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
