// Every selector the extension uses on scraped pages, in ONE place, each set
// with the page shape it was written for. When LinkedIn changes its markup,
// add a new shape at the top (keep the old ones: pages are rolled out slowly),
// and extend tests/browser/fixtures/ with a page of the new shape.
//
// The extractor (extract.js) runs inside the page through
// chrome.scripting.executeScript({func, args}); such a function cannot import
// modules, so this object is passed to it as an argument and must stay plain
// JSON (strings, numbers, arrays, objects; regular expressions as strings).

export const LINKEDIN = {
  // A public profile URL; group 1 is the slug. Matched against the page URL,
  // then <link rel="canonical">, then og:url, so a saved copy of a profile
  // (or a test fixture served elsewhere) is still recognised by its shape.
  profileUrl: "^https?://(?:[a-z]{2,3}\\.|www\\.)?linkedin\\.com/in/([^/?#]+)",
  canonicalUrlPrefix: "https://www.linkedin.com/in/",

  // Tried in order; the first shape whose top card holds a name wins.
  // Fields are looked up inside `topCard`; experience fields inside the first
  // entry of `experienceEntry`.
  shapes: [
    {
      id: "top-card-2023",
      shape: "Profile top card since 2023: <main> > <section class=\"artdeco-card\" data-member-id>, "
        + "name in <h1 class=\"inline t-24 ...\"> (sometimes wrapped in an <a>), headline in "
        + "<div class=\"text-body-medium break-words\">, current company in "
        + "<button aria-label=\"Current company: X. Click to skip to experience card\">, location in "
        + "<span class=\"text-body-small inline t-black--light break-words\">; the Experience card is a "
        + "<section> holding <div id=\"experience\"> and an <ul> of <li class=\"artdeco-list__item\">, title in "
        + "<div class=\"... t-bold\"><span aria-hidden=\"true\">, employer in <span class=\"t-14 t-normal\">"
        + "<span aria-hidden=\"true\">Acme GmbH · Full-time</span>.",
      requiresProfileUrl: false,
      topCard: "section[data-member-id]",
      name: "h1",
      headline: "div.text-body-medium.break-words",
      location: "span.text-body-small.inline.t-black--light.break-words",
      currentCompany: "button[aria-label^=\"Current company\"]",
      currentCompanyLabel: "^Current company:\\s*(.+?)\\.\\s+Click",
      experienceEntry: "section:has(> div#experience) li.artdeco-list__item",
      experienceTitle: "div.t-bold span[aria-hidden=\"true\"]",
      experienceCompany: "span.t-14.t-normal:not(.t-black--light) span[aria-hidden=\"true\"]",
    },
    {
      id: "pv-top-card-2020",
      shape: "Profile top card 2020-2022: <section class=\"pv-top-card\">, name in "
        + "<h1 class=\"text-heading-xlarge\"> inside <div class=\"pv-text-details__left-panel\">, headline in "
        + "the next <div class=\"text-body-medium\">, location in the second left panel's "
        + "<span class=\"text-body-small inline\">, current company in "
        + "<ul class=\"pv-text-details__right-panel\"> first <li>; the Experience card is "
        + "<section id=\"experience-section\"> with <li class=\"pv-entity__position-group-pager\">, title in <h3>, "
        + "employer in <p class=\"pv-entity__secondary-title\">.",
      requiresProfileUrl: false,
      topCard: "section.pv-top-card",
      name: "h1.text-heading-xlarge, .pv-text-details__left-panel h1",
      headline: ".pv-text-details__left-panel .text-body-medium",
      location: ".pv-text-details__left-panel span.text-body-small.inline",
      currentCompany: "ul.pv-text-details__right-panel li:first-child",
      currentCompanyLabel: "",
      experienceEntry: "#experience-section li.pv-entity__position-group-pager",
      experienceTitle: "h3",
      experienceCompany: "p.pv-entity__secondary-title",
    },
    {
      id: "profile-url-minimal",
      shape: "Any page whose URL or canonical link is a linkedin.com/in/ profile but whose top card matches "
        + "no shape above (a redesign): the first <h1> in <main> is the name, nothing else is guessed.",
      requiresProfileUrl: true,
      topCard: "main",
      name: "h1",
      headline: "",
      location: "",
      currentCompany: "",
      currentCompanyLabel: "",
      experienceEntry: "",
      experienceTitle: "",
      experienceCompany: "",
    },
  ],

  // LinkedIn renders the profile after the URL changes (it is a single-page
  // app); when the URL says "profile" but no name is there yet, wait this long.
  renderWaitMs: 1500,
};

// The fallbacks when the page is not a LinkedIn profile.
export const STRUCTURED_DATA = {
  // schema.org in JSON-LD. Person nodes are taken from the top level, from
  // "@graph", and from a ProfilePage's "mainEntity"/"about" only: a Person that
  // is merely an article's author does not make the page a profile.
  jsonLd: "script[type=\"application/ld+json\"]",
  jsonLdContainers: ["@graph", "mainEntity", "about"],
  // Open Graph's profile object (https://ogp.me/#type_profile).
  openGraph: {
    type: "og:type",
    profileType: "profile",
    firstName: "profile:first_name",
    lastName: "profile:last_name",
    title: "og:title",
    url: "og:url",
  },
};

/** The arguments for extractProfile, in one plain object. */
export function extractorConfig() {
  return { linkedin: LINKEDIN, structured: STRUCTURED_DATA };
}
