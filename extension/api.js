// The backend's JSON API as used by the extension pages: every call has a
// timeout, sends the token, and fails with an ApiError whose `message` can be
// shown to the user as it is. Extension pages that hold a host permission for
// the backend are exempt from CORS, so these calls go straight to the backend
// (no service worker in between: the popup works while the worker sleeps).

import { originPattern } from "./storage.js";

const DEFAULT_TIMEOUT_MS = 10000;

// Codes with which a 401 means "the token is no good any more: sign in again".
const SESSION_CODES = new Set(["token_expired", "unauthorized"]);

export const SESSION_EXPIRED_MESSAGE = "Your session expired — sign in again.";

export class ApiError extends Error {
  /**
   * kind: "unreachable" (no answer), "timeout", "session" (401 token_expired or
   * unauthorized), "http" (any other error answer).
   */
  constructor(kind, message, { status = 0, code = "", fields = {} } = {}) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  get isSessionError() {
    return this.kind === "session";
  }

  get isConnectionError() {
    return this.kind === "unreachable" || this.kind === "timeout";
  }
}

export function unreachableMessage(backendUrl) {
  return `Can't reach the backend at ${backendUrl} — check the address in Options.`;
}

/** Whether the extension may call this backend (the defaults are granted at install). */
export async function hasBackendAccess(backendUrl) {
  try {
    return await chrome.permissions.contains({ origins: [originPattern(backendUrl)] });
  } catch {
    return false;
  }
}

async function readBody(response) {
  const type = response.headers.get("Content-Type") || "";
  if (response.status === 204 || !type.includes("json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorFromResponse(response, body) {
  const error = body && typeof body.error === "object" && body.error ? body.error : {};
  const code = typeof error.code === "string" ? error.code : "";
  const message = typeof error.message === "string" && error.message
    ? error.message
    : `The backend answered HTTP ${response.status}${response.statusText ? ` (${response.statusText})` : ""}.`;
  const kind = response.status === 401 && SESSION_CODES.has(code) ? "session" : "http";
  return new ApiError(kind, message, { status: response.status, code, fields: error.fields || {} });
}

/**
 * A client bound to one backend and (optionally) one token.
 * Every method resolves to the parsed JSON body or rejects with an ApiError.
 */
export function createClient({ backendUrl, token = null, timeoutMs = DEFAULT_TIMEOUT_MS }) {
  async function request(method, path, { body, query } = {}) {
    const url = new URL(backendUrl + path);
    for (const [name, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
    }
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(url, {
        method, headers, signal: controller.signal, credentials: "omit", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if (err && err.name === "AbortError") {
        throw new ApiError("timeout",
          `The backend at ${backendUrl} did not answer within ${Math.round(timeoutMs / 1000)} s — try again, or check the address in Options.`);
      }
      throw new ApiError("unreachable", unreachableMessage(backendUrl));
    } finally {
      clearTimeout(timer);
    }
    const parsed = await readBody(response);
    if (!response.ok) throw errorFromResponse(response, parsed);
    return parsed;
  }

  const id = (value) => encodeURIComponent(String(value));

  return {
    backendUrl,
    login: (email, password) => request("POST", "/api/auth/login", { body: { email, password } }),
    me: () => request("GET", "/api/auth/me"),
    health: () => request("GET", "/api/health"),
    /** One call: the person (or null), memberships, sync state, campaigns, integration. */
    lookupPerson: ({ linkedinUrl, email }) =>
      request("GET", "/api/people", { query: linkedinUrl ? { linkedin_url: linkedinUrl } : { email } }),
    addToCampaign: (campaignId, person, syncAs) =>
      request("POST", `/api/campaigns/${id(campaignId)}/people`, { body: { person, sync_as: syncAs } }),
    setOverride: (campaignId, personId, syncAs) =>
      request("PATCH", `/api/campaigns/${id(campaignId)}/people/${id(personId)}`, { body: { sync_as: syncAs } }),
    syncNow: (campaignId, personId) =>
      request("POST", `/api/campaigns/${id(campaignId)}/people/${id(personId)}/sync`, { body: {} }),
    retryJob: (jobId) => request("POST", `/api/sync-jobs/${id(jobId)}/retry`, { body: {} }),
  };
}
