// The profile extractor. It is injected into the active tab with
// chrome.scripting.executeScript({func: extractProfile, args: [config]}),
// which serialises the function's source: it must be self-contained (no
// imports, no references to anything outside its body) and the selectors
// come in as `config` (selectors.js: extractorConfig()).
//
// It only reads the page and returns plain data, never HTML: the popup treats
// every string as untrusted text. Splitting names and locations, and sorting
// URLs into networks, happen in the popup (person.js), where they can be tested.
//
// Result: {found: false, pageUrl} or {found: true, source, shape, pageUrl,
//   name, firstName, lastName, headline, title, company, location (text),
//   locality, region, country, emails: [], urls: [], linkedinUrl}

export async function extractProfile(config) {
  const { linkedin, structured } = config;
  const MAX_TEXT = 300;
  const clean = (value) => (typeof value === "string" ? value : "")
    .replace(/[\u200b-\u200f\u2028\u2029\ufeff]/g, "").replace(/\s+/g, " ").trim().slice(0, MAX_TEXT);
  const textIn = (root, css) => {
    if (!root || !css) return "";
    try {
      const element = root.querySelector(css);
      return element ? clean(element.textContent) : "";
    } catch {
      return "";   // a selector this browser does not understand
    }
  };
  const meta = (property) => {
    const element = document.querySelector(`meta[property="${property}"], meta[name="${property}"]`);
    return element ? clean(element.getAttribute("content")) : "";
  };
  const canonical = () => {
    const link = document.querySelector("link[rel=\"canonical\"]");
    return link ? link.href : "";
  };
  const pageUrl = location.href;

  // ---- LinkedIn, recognised by URL, canonical link or DOM shape ----
  const profileUrlPattern = new RegExp(linkedin.profileUrl, "i");
  const linkedinProfileUrl = () => {
    for (const candidate of [pageUrl, canonical(), meta("og:url")]) {
      const match = profileUrlPattern.exec(candidate || "");
      if (match) return linkedin.canonicalUrlPrefix + match[1];
    }
    return "";
  };

  const readLinkedIn = (profileUrl) => {
    for (const shape of linkedin.shapes) {
      if (shape.requiresProfileUrl && !profileUrl) continue;
      let card = null;
      try {
        card = document.querySelector(shape.topCard);
      } catch {
        continue;
      }
      const name = textIn(card, shape.name);
      if (!name) continue;
      let company = "";
      if (shape.currentCompany) {
        const button = card.querySelector(shape.currentCompany);
        company = button ? clean(button.textContent) : "";
        const label = button && shape.currentCompanyLabel
          ? new RegExp(shape.currentCompanyLabel, "i").exec(button.getAttribute("aria-label") || "") : null;
        if (label) company = clean(label[1]);
      }
      let title = "";
      let experienceCompany = "";
      if (shape.experienceEntry) {
        let entry = null;
        try {
          entry = document.querySelector(shape.experienceEntry);
        } catch {
          entry = null;
        }
        title = textIn(entry, shape.experienceTitle);
        // "Acme GmbH · Full-time" -> "Acme GmbH"
        experienceCompany = textIn(entry, shape.experienceCompany).split(" · ")[0].trim();
      }
      return {
        found: true, source: "linkedin", shape: shape.id, pageUrl, name,
        firstName: "", lastName: "",
        headline: textIn(card, shape.headline), title,
        company: company || experienceCompany,
        location: textIn(card, shape.location), locality: "", region: "", country: "",
        emails: [], urls: profileUrl ? [profileUrl] : [], linkedinUrl: profileUrl,
      };
    }
    return null;
  };

  // ---- schema.org Person in JSON-LD ----
  const asList = (value) => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
  const asText = (value) => {
    if (typeof value === "string" || typeof value === "number") return clean(String(value));
    if (value && typeof value === "object" && !Array.isArray(value)) return asText(value.name || value["@value"]);
    if (Array.isArray(value)) return asText(value[0]);
    return "";
  };
  const isPerson = (node) => asList(node && node["@type"])
    .some((type) => String(type).replace(/^.*[/#:]/, "") === "Person");

  const jsonLdPeople = () => {
    const people = [];
    const visit = (node, depth) => {
      if (!node || typeof node !== "object" || depth > 4) return;
      if (Array.isArray(node)) {
        node.forEach((item) => visit(item, depth + 1));
        return;
      }
      if (isPerson(node)) people.push(node);
      for (const key of structured.jsonLdContainers) visit(node[key], depth + 1);
    };
    for (const script of document.querySelectorAll(structured.jsonLd)) {
      try {
        visit(JSON.parse(script.textContent), 0);
      } catch {
        // a broken block on the page: ignore it, try the next one
      }
    }
    return people;
  };

  const readJsonLd = () => {
    const person = jsonLdPeople().find((node) => asText(node.name) || asText(node.givenName) || asText(node.familyName));
    if (!person) return null;
    const address = asList(person.address)[0];
    const structuredAddress = address && typeof address === "object";
    const urls = [...asList(person.sameAs), ...asList(person.url)]
      .map((value) => (typeof value === "string" ? value : asText(value))).filter(Boolean).slice(0, 20);
    return {
      found: true, source: "json-ld", shape: "schema.org Person", pageUrl,
      name: asText(person.name), firstName: asText(person.givenName), lastName: asText(person.familyName),
      headline: "", title: asText(person.jobTitle), company: asText(asList(person.worksFor)[0]),
      location: structuredAddress ? "" : asText(address),
      locality: structuredAddress ? asText(address.addressLocality) : "",
      region: structuredAddress ? asText(address.addressRegion) : "",
      country: structuredAddress ? asText(address.addressCountry) : "",
      emails: asList(person.email).map(asText).map((email) => email.replace(/^mailto:/i, "")).filter(Boolean).slice(0, 10),
      urls, linkedinUrl: "",
    };
  };

  // ---- Open Graph profile ----
  const readOpenGraph = () => {
    const og = structured.openGraph;
    if (meta(og.type).toLowerCase() !== og.profileType) return null;
    const firstName = meta(og.firstName);
    const lastName = meta(og.lastName);
    const title = meta(og.title);
    if (!firstName && !lastName && !title) return null;
    const url = meta(og.url);
    return {
      found: true, source: "open-graph", shape: "og:type=profile", pageUrl,
      // og:title is often "Jane Doe | Site": the site's name is not part of hers.
      name: firstName || lastName ? `${firstName} ${lastName}`.trim() : title.split(" | ")[0].trim(),
      firstName, lastName, headline: "", title: "", company: "",
      location: "", locality: "", region: "", country: "", emails: [], urls: url ? [url] : [], linkedinUrl: "",
    };
  };

  const profileUrl = linkedinProfileUrl();
  let result = readLinkedIn(profileUrl);
  if (!result && profileUrl) {
    // The URL says "profile" but the single-page app has not drawn it yet.
    const deadline = Date.now() + linkedin.renderWaitMs;
    while (!result && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      result = readLinkedIn(profileUrl);
    }
  }
  return result || readJsonLd() || readOpenGraph() || { found: false, pageUrl };
}
