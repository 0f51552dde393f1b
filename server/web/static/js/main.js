// Boot: restore the session, draw the header, route. A 401 anywhere brings back the sign-in form.
import { api, onUnauthorized, token } from "./api.js";
import { announce, h, replace } from "./dom.js";
import { setStatus } from "./forms.js";
import { current, leave, refresh, startRouter } from "./router.js";
import { session } from "./session.js";
import * as activity from "./pages/activity.js";
import * as campaign from "./pages/campaign.js";
import * as campaigns from "./pages/campaigns.js";
import * as integrations from "./pages/integrations.js";
import { renderSignIn } from "./pages/signin.js";

const main = document.getElementById("main");
const header = document.getElementById("app-header");

const NAV = [["/integrations", "Integrations"], ["/campaigns", "Campaigns"], ["/activity", "Sync activity"]];

let firstPage = true;

function markCurrentLink() {
  const path = current().path;
  for (const link of header.querySelectorAll("nav a")) {
    const to = link.getAttribute("href").slice(1);
    if (path === to || path.startsWith(to + "/")) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function drawHeader() {
  const links = NAV.map(([to, text]) => h("li", {}, h("a", { href: "#" + to }, text)));
  replace(header,
    h("div", { class: "brand" }, "Exelare sync", h("span", { class: "team" }, session.team ? session.team.name : "")),
    h("nav", { "aria-label": "Main" }, h("ul", {}, links)),
    h("div", { class: "who" },
      h("span", {}, session.user.name || session.user.email,
        h("span", { class: "role" }, session.isAdmin ? "Admin" : "Member")),
      h("button", { type: "button", class: "link", onclick: signOut }, "Sign out")));
  header.hidden = false;
}

function showSignIn(message, kind = "error") {
  leave();
  const shown = main.querySelector("form.signin");
  if (shown && !session.user) {
    // Several requests of one page can answer 401 together: keep what the user typed.
    const status = shown.querySelector(".status");
    if (message && status) setStatus(status, message, kind);
    return;
  }
  session.user = null;
  session.team = null;
  firstPage = false;  // the page after signing in takes focus from the vanished form
  header.hidden = true;
  replace(header);
  renderSignIn(main, { message, kind, onSignedIn: start });
}

function signOut() {
  token.clear();
  showSignIn("You have signed out.", "info");
}

async function renderPage(page, ctx) {
  markCurrentLink();
  replace(main, h("p", { class: "loading" }, "Loading…"));
  try {
    await page.render(main, ctx);
  } catch (err) {
    if (err.name === "AbortError" || !ctx.active || (err.status === 401)) return;
    replace(main, h("h1", { tabindex: "-1" }, "Something went wrong"),
      h("p", { class: "status", "data-kind": "error", role: "alert" }, err.message || String(err)));
  }
  if (!ctx.active) return;
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    // Focus follows navigation for keyboard and screen reader users; not on first load.
    if (!firstPage) heading.focus();
    firstPage = false;
    announce(heading.textContent);
    document.title = `${heading.textContent} — Exelare sync`;
  }
}

async function start() {
  try {
    const me = await api("GET", "/api/auth/me");
    session.user = me.user;
    session.team = me.team;
    drawHeader();
  } catch (err) {
    if (err.status !== 401) showSignIn(err.message);
    return;  // 401: the handler already showed the form
  }
  refresh();
}

onUnauthorized((err) => {
  token.clear();
  const message = session.user ? `${err.message} Please sign in again.` : err.message;
  showSignIn(message);
});

startRouter([
  [/^\/integrations$/, integrations],
  [/^\/campaigns$/, campaigns],
  [/^\/campaigns\/(?<id>\d+)$/, campaign],
  [/^\/activity$/, activity],
], {
  defaultPath: "/integrations",
  render: (page, ctx) => {
    if (!session.user) return showSignIn();
    renderPage(page, ctx);
  },
});

document.getElementById("skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

if (token.get()) start();
else showSignIn();
