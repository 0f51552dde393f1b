// The JSON API client: bearer token, one error shape, one place that notices 401.

const TOKEN_KEY = "exelare-sync-token";
let unauthorizedHandler = () => {};

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `Request failed (${status}).`);
    this.status = status;
    this.code = error.code || "error";
    this.fields = error.fields || {};
  }
}

export const token = {
  get() {
    return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
  },
  /** ``remember`` keeps the token across browser restarts (localStorage); else this tab only. */
  set(value, remember) {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, value);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },
};

/** Called with the ApiError whenever a signed-in request answers 401. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function readError(response) {
  try {
    const body = await response.json();
    if (body && body.error) return body.error;
  } catch { /* not JSON: a proxy page or a crash */ }
  return { code: "http_" + response.status, message: `The server answered ${response.status} ${response.statusText}.`.trim() };
}

/** api("GET", "/api/campaigns") -> parsed JSON; throws ApiError. */
export async function api(method, path, body, { signal, auth = true } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const bearer = token.get();
  if (auth && bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { code: "network", message: "Could not reach the server. Check your connection and try again." });
  }
  if (response.status === 204) return null;
  if (!response.ok) {
    const error = new ApiError(response.status, await readError(response));
    if (response.status === 401 && auth) unauthorizedHandler(error);
    throw error;
  }
  return response.json();
}

/** "/api/sync-jobs" + {status: "failed", person_id: ""} -> "/api/sync-jobs?status=failed". */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A list answer as an array: endpoints answer either [...] or {items: [...]}. */
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && answer.items) || [];
}
