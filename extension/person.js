// PURE: what the extractor read from a page -> the person the backend takes.
// No DOM, no chrome.* here, so tests can import this module and check it
// with tables of cases.

const NETWORKS = [
  // [person field, host pattern, canonical form of a profile URL or null to keep the URL]
  ["linkedin_url", /(^|\.)linkedin\.com$/i, (url) => {
    const match = /^\/in\/([^/?#]+)/i.exec(url.pathname);
    return match ? `https://www.linkedin.com/in/${match[1]}` : null;
  }],
  ["twitter_url", /(^|\.)(twitter|x)\.com$/i, null],
  ["facebook_url", /(^|\.)facebook\.com$/i, null],
  ["github_url", /(^|\.)github\.com$/i, null],
];

// Shapes the backend checks as well; sending bad ones only earns a 422.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const MAX_EMAILS = 5;
const LIMITS = { first_name: 100, last_name: 100, title: 200, company: 200, city: 100, state: 100, country: 100 };

const clip = (text, limit) => (typeof text === "string" ? text.replace(/\s+/g, " ").trim().slice(0, limit) : "");

/** "Jane Q. Doe, PhD" -> {first: "Jane", last: "Q. Doe"}; credentials after a comma are dropped. */
export function splitName(fullName) {
  const name = clip(fullName, 300).split(",")[0].trim();
  if (!name) return { first: "", last: "" };
  const parts = name.split(" ");
  return { first: parts[0], last: parts.slice(1).join(" ") };
}

/**
 * LinkedIn's "City, State, Country" -> {city, state, country}. Two parts are a
 * city and a country; a single part is a country, unless it names an area
 * ("Greater Berlin Area", "San Francisco Bay Area"), which goes in city.
 */
export function splitLocation(text) {
  const parts = clip(text, 300).split(",").map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) return { city: "", state: "", country: "" };
  if (parts.length === 1) {
    return /\b(area|region|metropolitan|metro)\b/i.test(parts[0])
      ? { city: parts[0], state: "", country: "" }
      : { city: "", state: "", country: parts[0] };
  }
  if (parts.length === 2) return { city: parts[0], state: "", country: parts[1] };
  return { city: parts[0], state: parts.slice(1, -1).join(", "), country: parts[parts.length - 1] };
}

/** A LinkedIn headline "Senior Engineer at Acme" -> {title, company}; otherwise all of it is the title. */
export function splitHeadline(headline) {
  const text = clip(headline, 300);
  const match = /^(.+?)\s+(?:at|@)\s+(.+)$/i.exec(text);
  if (match && !/[|·]/.test(match[2])) return { title: match[1].trim(), company: match[2].trim() };
  return { title: text.split(" | ")[0].trim(), company: "" };
}

/** Sort profile URLs into the person's social fields (first URL per network wins). */
export function socialUrls(urls) {
  const found = {};
  for (const text of urls || []) {
    let url;
    try {
      url = new URL(String(text).trim());
    } catch {
      continue;
    }
    if (!["http:", "https:"].includes(url.protocol)) continue;
    for (const [field, host, canonical] of NETWORKS) {
      if (found[field] || !host.test(url.hostname)) continue;
      const value = canonical ? canonical(url) : url.href;
      if (value) found[field] = value.slice(0, 500);
    }
  }
  return found;
}

export function cleanEmails(emails) {
  const seen = new Set();
  const out = [];
  for (const raw of emails || []) {
    const email = clip(String(raw), 254).replace(/^mailto:/i, "");
    if (!EMAIL.test(email) || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push(email);
    if (out.length === MAX_EMAILS) break;
  }
  return out;
}

/**
 * The extractor's result -> the person object for POST /api/campaigns/{id}/people.
 * Blank fields are left out, so adding a person again never blanks a value
 * the backend already has.
 */
export function toPerson(raw) {
  const names = raw.firstName || raw.lastName
    ? { first: clip(raw.firstName, 100), last: clip(raw.lastName, 100) }
    : splitName(raw.name);
  const fromHeadline = splitHeadline(raw.headline);
  const place = raw.locality || raw.region || raw.country
    ? { city: raw.locality, state: raw.region, country: raw.country }
    : splitLocation(raw.location);
  const urls = socialUrls([...(raw.linkedinUrl ? [raw.linkedinUrl] : []), ...(raw.urls || [])]);
  const person = {
    first_name: names.first,
    last_name: names.last,
    title: raw.title || fromHeadline.title,
    company: raw.company || fromHeadline.company,
    city: place.city,
    state: place.state,
    country: place.country,
  };
  for (const [key, limit] of Object.entries(LIMITS)) person[key] = clip(person[key], limit);
  const result = Object.fromEntries(Object.entries(person).filter(([, value]) => value));
  result.emails = cleanEmails(raw.emails);
  return { ...result, ...urls };
}

/** The query for GET /api/people: the LinkedIn URL when there is one, else the first email. */
export function lookupKey(person) {
  if (person.linkedin_url) return { linkedinUrl: person.linkedin_url };
  if (person.emails && person.emails.length) return { email: person.emails[0] };
  return null;
}

export function displayName(person) {
  return [person.first_name, person.last_name].filter(Boolean).join(" ");
}
