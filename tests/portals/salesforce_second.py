#!/usr/bin/env python3
"""An independent ("second") mock of the Salesforce portal in docs/portals.md, section "Salesforce".

Written from the contract alone. The page is a single-page app drawn by JavaScript (hash routing) behind
a spinner; the server only serves the shell, a JSON state and the irreversible actions. Each irreversible
action (Don't Renew, final Cancel Subscription, Start Export, deactivating a user) is exactly one POST,
and only those are appended to ``portal.record`` (also served as JSON at GET /__record).

Run one scenario for a person to look at:  python salesforce_second.py --scenario contracted-en --port 8765
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LAYOUTS = ("contracted", "contracted-setup", "contracted-launcher", "self-serve")
USER = "Alex Martin"
DEFAULTS = {
    "locale": "en",  # "en" or "fr"
    "layout": "contracted",  # one of LAYOUTS
    "delay": 0.3,  # seconds each screen takes to draw, behind a spinner
    "cold_start": None,  # seconds the very first screen takes (default: delay)
    "new_tab": False,  # gear -> Setup opens a new tab (target=_blank)
    "two_subscriptions": False,  # two contracts (or two self-serve subscriptions) in the list
    "no_billing_permission": False,  # user lacks Manage Billing: Your Account explains and shows nothing
    "account_executive": False,  # contract signed through an account executive: Don't Renew disabled
    "notice_passed": False,  # fewer than 30 days before the end date: Don't Renew missing
    "already_cancelled": False,  # every contract / subscription is already cancelled
    "export_too_soon": False,  # last data export less than 7 days ago: Export Now disabled
}


class SecondPortal:
    LAYOUTS = LAYOUTS

    def __init__(self, **options):
        unknown = sorted(set(options) - set(DEFAULTS))
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(unknown)}")
        o = {**DEFAULTS, **options}
        if o["layout"] not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}")
        if o["locale"] not in ("en", "fr"):
            raise ValueError("locale must be 'en' or 'fr'")
        if o["cold_start"] is None:
            o["cold_start"] = o["delay"]
        self.options = o
        self.record: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url: str | None = None
        self._cold = True
        self._case = 12040
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._data = self._build_data()

    def _build_data(self) -> dict[str, Any]:
        o, today = self.options, dt.date.today()

        def day(n):
            return (today + dt.timedelta(days=n)).isoformat()

        gone = o["already_cancelled"]
        end = 20 if o["notice_passed"] else 75  # inside the 90-day renewal window
        contracts = [
            dict(
                id="c102",
                number="00000102",
                name="Sales Cloud Enterprise Edition",
                used=12,
                total=20,
                start=day(end - 365),
                end=day(end),
                executive=o["account_executive"],
                status="Cancelled" if gone else "Active",
                case="00012031" if gone else None,
            )
        ]
        subs = [
            dict(
                id="s1",
                name="Starter Suite",
                used=3,
                total=5,
                start=day(-40),
                next=day(20),
                status="Cancelled" if gone else "Active",
            )
        ]
        if o["two_subscriptions"]:
            contracts.append(
                dict(
                    id="c187",
                    number="00000187",
                    name="Service Cloud Enterprise Edition",
                    used=8,
                    total=10,
                    start=day(end + 40 - 365),
                    end=day(end + 40),
                    executive=o["account_executive"],
                    status="Cancelled" if gone else "Active",
                    case="00012032" if gone else None,
                )
            )
            subs.append(
                dict(
                    id="s2",
                    name="Pro Suite",
                    used=10,
                    total=10,
                    start=day(-100),
                    next=day(5),
                    status="Cancelled" if gone else "Active",
                )
            )
        last = -2 if o["export_too_soon"] else -12
        return {
            "contracts": contracts if o["layout"] != "self-serve" else [],
            "subscriptions": subs if o["layout"] == "self-serve" else [],
            "users": [
                dict(
                    id="u1", name=USER, username="alex.martin@example.com", profile="System Administrator", active=True
                ),
                dict(
                    id="u2", name="Jordan Lee", username="jordan.lee@example.com", profile="Standard User", active=True
                ),
                dict(
                    id="u3", name="Sam Rivera", username="sam.rivera@example.com", profile="Standard User", active=True
                ),
            ],
            "export": {"last": day(last), "next": day(last + 7), "too_soon": o["export_too_soon"]},
            "today": today.isoformat(),
        }

    # ---- state and actions -------------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        with self.lock:
            cold, self._cold = self._cold, False
            state: dict[str, Any] = json.loads(
                json.dumps(
                    {
                        **self._data,
                        **{k: self.options[k] for k in ("locale", "layout", "delay", "cold_start", "new_tab")},
                        "cold": cold,
                        "user": USER,
                        "billing": not self.options["no_billing_permission"],
                    }
                )
            )
            return state

    def _act(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        d = self._data
        with self.lock:
            if len(parts) == 4 and parts[:2] == ["api", "contracts"] and parts[3] == "dont-renew":
                c = next((x for x in d["contracts"] if x["id"] == parts[2]), None)
                if (
                    not c
                    or c["status"] != "Active"
                    or c["executive"]
                    or self.options["notice_passed"]
                    or not body.get("authorized")
                    or self.options["no_billing_permission"]
                ):
                    return 409, {"error": "not allowed"}
                self._case += 1
                c["status"], c["case"] = "Cancelled", f"000{self._case}"
                entry = {
                    "action": "dont-renew",
                    "contract": c["number"],
                    "subscription": c["name"],
                    "case": c["case"],
                    "service_ends": c["end"],
                }
            elif len(parts) == 4 and parts[:2] == ["api", "subscriptions"] and parts[3] == "cancel":
                s = next((x for x in d["subscriptions"] if x["id"] == parts[2]), None)
                if not s or s["status"] != "Active" or not body.get("reason"):
                    return 409, {"error": "not allowed"}
                s["status"] = "Cancelled"
                entry = {
                    "action": "cancel-subscription",
                    "subscription": s["name"],
                    "reason": body["reason"],
                    "access_ends": s["next"],
                }
            elif parts == ["api", "export", "start"]:
                if d["export"]["too_soon"]:
                    return 409, {"error": "too soon"}
                d["export"].update(
                    last=d["today"],
                    too_soon=True,
                    next=(dt.date.fromisoformat(d["today"]) + dt.timedelta(days=7)).isoformat(),
                )
                entry = {"action": "start-export", "include_all": bool(body.get("include_all"))}
            elif len(parts) == 4 and parts[:2] == ["api", "users"] and parts[3] == "deactivate":
                u = next((x for x in d["users"] if x["id"] == parts[2]), None)
                if not u or not u["active"]:
                    return 409, {"error": "not allowed"}
                u["active"] = False
                entry = {"action": "deactivate-user", "user": u["name"]}
            else:
                return 404, {"error": "not found"}
            self.record.append(entry)
            return 200, {"ok": True, **entry}

    def _page(self) -> str:
        boot = {k: self.options[k] for k in ("locale", "layout", "new_tab")}
        boot["user"] = USER
        return PAGE.replace("__BOOT__", json.dumps(boot)).replace("__LANG__", self.options["locale"])

    # ---- server ------------------------------------------------------------------------------------
    def start(self, port: int = 0) -> str:
        if self._server and self.url:
            return self.url
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="salesforce-second", daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        return self.url

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            if self._thread:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def _handler(portal: SecondPortal):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, code, text, ctype="application/json; charset=utf-8"):
            data = text.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            path = self.path.split("?")[0]
            if path in ("/", "/index.html"):
                self._send(200, portal._page(), "text/html; charset=utf-8")
            elif path == "/api/state":
                self._send(200, json.dumps(portal._state()))
            elif path == "/__record":
                with portal.lock:
                    self._send(200, json.dumps(portal.record))
            else:
                self._send(404, json.dumps({"error": "not found"}))

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            code, out = portal._act(self.path.split("?")[0], body if isinstance(body, dict) else {})
            self._send(code, json.dumps(out))

    return Handler


def _s(options, expect, why, subscription=None):
    return {"options": options, "expect": expect, "subscription": subscription, "why": why}


DONE, BLOCKED, GONE = "dry-run-complete", "blocked", "already-cancelled"
SCENARIOS: dict[str, dict[str, Any]] = {}
for _loc in ("en", "fr"):
    SCENARIOS[f"contracted-{_loc}"] = _s(
        {"layout": "contracted", "locale": _loc},
        DONE,
        "gear > Your Account > Contracts > contract > Manage Renewals page; "
        "tick the authorization box; Don't Renew is final",
    )
    SCENARIOS[f"contracted-setup-{_loc}"] = _s(
        {"layout": "contracted-setup", "locale": _loc},
        DONE,
        "Your Account only via gear > Setup > Quick Find; 'View Contracts', "
        "'Manage Renewal' (English in fr) opens a pane with Don't Renew",
    )
    SCENARIOS[f"contracted-launcher-{_loc}"] = _s(
        {"layout": "contracted-launcher", "locale": _loc},
        DONE,
        "Your Account only in the App Launcher (or Setup Quick Find); Manage Renewals opens a pane",
    )
    SCENARIOS[f"self-serve-{_loc}"] = _s(
        {"layout": "self-serve", "locale": _loc},
        DONE,
        "Starter Suite: Cancel Subscription at the bottom > reason (required) > Cancel Subscription again is final",
    )
SCENARIOS.update(
    {
        "blocked-no-billing-permission": _s(
            {"no_billing_permission": True},
            BLOCKED,
            "Your Account says the user lacks Manage Billing and lists no contracts",
        ),
        "blocked-account-executive": _s(
            {"layout": "contracted-setup", "account_executive": True},
            BLOCKED,
            "signed through an account executive: Don't Renew disabled with a sentence",
        ),
        "blocked-notice-passed-fr": _s(
            {"locale": "fr", "notice_passed": True},
            BLOCKED,
            "end date in 20 days, the 30-day notice has passed: Don't Renew missing, a sentence says why",
        ),
        "already-cancelled-self-serve": _s(
            {"layout": "self-serve", "already_cancelled": True},
            GONE,
            "status reads Cancelled and Cancel Subscription is gone",
        ),
        "already-cancelled-contract": _s(
            {"already_cancelled": True},
            GONE,
            "contract status reads Cancelled; non-renewal already requested (case number)",
        ),
        "cold-start": _s({"cold_start": 9}, DONE, "the first screen takes 9 s behind a spinner"),
        "new-tab-setup": _s(
            {"layout": "contracted-setup", "new_tab": True},
            DONE,
            "gear > Setup opens a new tab; the path continues there",
        ),
        "two-contracts": _s(
            {"two_subscriptions": True},
            DONE,
            "two contracts listed; use the second one",
            "Service Cloud Enterprise Edition",
        ),
        "two-subscriptions-self-serve-fr": _s(
            {"layout": "self-serve", "locale": "fr", "two_subscriptions": True},
            DONE,
            "two self-serve subscriptions; use Pro Suite",
            "Pro Suite",
        ),
    }
)

PAGE = r"""<!doctype html>
<html lang="__LANG__"><head><meta charset="utf-8"><title>Salesforce</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><div data-host="chrome"></div><div data-host="main"></div>
<script>
(function () {
"use strict";
const BOOT = __BOOT__;
const FR = BOOT.locale === "fr", LAY = BOOT.layout;
const L = {
  home: ["Home", "Accueil"], accounts: ["Accounts"], contacts: ["Contacts"], opportunities: ["Opportunities"],
  reports: ["Reports"], launcher: ["App Launcher"], search: ["Search"], help: ["Help"],
  setup: ["Setup", "Configuration"], yourAccount: ["Your Account", "Votre compte"], contracts: ["Contracts", "Contrats"],
  viewContracts: ["View Contracts"], manageRenewals: ["Manage Renewals", "Gérer les renouvellements"],
  manageRenewal: ["Manage Renewal"], confirmRenewal: ["Confirm Renewal"], requestChanges: ["Request Changes"],
  dontRenew: ["Don't Renew", "Ne pas renouveler"], cancel: ["Cancel", "Annuler"], close: ["Close"],
  cancelSub: ["Cancel Subscription"], quickFind: ["Quick Find", "Recherche rapide"],
  dataExport: ["Data Export", "Exportation des données"], exportNow: ["Export Now", "Exporter maintenant"],
  scheduleExport: ["Schedule Export"], startExport: ["Start Export", "Démarrer l’exportation"],
  incImages: ["Include images, documents, and attachments"],
  incFiles: ["Include Salesforce Files and Salesforce CRM Content document versions"],
  replaceCR: ["Replace carriage returns with spaces"], incAll: ["Include all data", "Inclure toutes les données"],
  encoding: ["Export File Encoding"], users: ["Users"], edit: ["Edit"], active: ["Active"], save: ["Save"],
  devConsole: ["Developer Console"], editPage: ["Edit Page"], companyInfo: ["Company Information"],
  profiles: ["Profiles"], permSets: ["Permission Sets"], invoices: ["View Invoices"], sales: ["Sales"],
  service: ["Service"], marketing: ["Marketing"], searchApps: ["Search apps and items..."],
  authorize: ["To confirm that you're authorized to cancel, modify, and renew this contract"],
  adminSec: ["Administration"], companySec: ["Company Settings"], dataSec: ["Data"], logout: ["Log Out"],
  settings: ["Settings"], back: ["Back to Contracts", "Retour aux contrats"],
  loading: ["Loading…", "Chargement…"], number: ["Contract number", "Numéro de contrat"], status: ["Status", "Statut"],
  start: ["Start date", "Date de début"], end: ["Contract end date", "Date de fin du contrat"],
  renewalType: ["Renewal type", "Type de renouvellement"], autoRenew: ["Auto-renew", "Renouvellement automatique"],
  contact: ["Billing contact", "Contact de facturation"], channel: ["Signed through", "Signé via"],
  online: ["Online order form", "Bon de commande en ligne"], ae: ["Account executive (Jamie Chen)", "Responsable de compte (Jamie Chen)"],
  noticeBy: ["Written notice due by", "Préavis écrit à envoyer avant le"], nextBill: ["Next billing date", "Prochaine facturation"],
  billing: ["Billing", "Facturation"], accessEnds: ["Access ends", "Fin de l’accès"], monthly: ["Monthly", "Mensuelle"], payment: ["Payment method", "Moyen de paiement"],
  lastExport: ["Last export", "Dernière exportation"], nextExport: ["Next export available", "Prochaine exportation possible"],
  reasonQ: ["Why are you cancelling?", "Pourquoi annulez-vous ?"], feedback: ["Feedback (optional)", "Commentaires (facultatif)"],
  pickReason: ["Choose a reason to continue.", "Choisissez un motif pour continuer."],
  tickFirst: ["Select the checkbox above to continue.", "Cochez la case ci-dessus pour continuer."],
};
const REASONS = FR ? ["Trop cher", "Fonctionnalités manquantes", "Passage à un autre produit", "Plus nécessaire", "Autre"]
                   : ["Too expensive", "Missing features", "Switching to another product", "No longer needed", "Other"];
const t = k => (FR && L[k][1]) || L[k][0];
const sep = FR ? " : " : ": ";
const rid = () => Math.random().toString(36).slice(2, 9);
const BASE = '*{box-sizing:border-box}body{margin:0;font:14px/1.45 "Salesforce Sans",Arial,sans-serif;background:#eef1f6;color:#181818}' +
  'a{color:#0b5cab}button{font:inherit;cursor:pointer}button:hover{filter:brightness(.95)}button[disabled]{opacity:.45;cursor:not-allowed}' +
  '[hidden]{display:none!important}@keyframes spin{to{transform:rotate(360deg)}}input,select,textarea{font:inherit}';
const STY = {
  top: "display:flex;align-items:center;gap:10px;padding:8px 16px;background:#fff;border-bottom:1px solid #dddbda;position:relative",
  brand: "font-weight:700;color:#0176d3;font-size:18px;margin-right:8px", grow: "flex:1",
  search: "width:100%;max-width:440px;padding:6px 10px;border:1px solid #c9c9c9;border-radius:4px",
  icon: "border:1px solid #c9c9c9;background:#fff;border-radius:50%;width:32px;height:32px;color:#444;position:relative",
  avatar: "border:0;background:#0176d3;color:#fff;border-radius:50%;width:32px;height:32px;font-weight:700",
  nav: "display:flex;gap:2px;background:#fff;padding:0 16px;border-bottom:3px solid #0176d3;align-items:center",
  appname: "font-size:16px;margin-right:16px;padding:8px 0", navlink: "padding:10px 12px;text-decoration:none;color:#181818",
  page: "padding:16px 20px;max-width:1100px", card: "background:#fff;border:1px solid #dddbda;border-radius:6px;padding:14px 16px;margin:12px 0",
  h1: "font-size:22px;font-weight:700;margin:4px 0 10px", h2: "font-size:17px;font-weight:700;margin:2px 0 8px",
  h3: "font-size:15px;font-weight:700;margin:0", fact: "padding:3px 0", factk: "color:#5c5c5c",
  badge: "display:inline-block;padding:1px 8px;border-radius:10px;background:#c9f2d4;color:#194e31;font-size:12px;margin-left:8px",
  off: "background:#fddde3;color:#8c0a1f", row: "display:flex;gap:8px;align-items:center;flex-wrap:wrap",
  btn: "padding:6px 14px;border:1px solid #c9c9c9;border-radius:4px;background:#fff;color:#0176d3",
  primary: "background:#0176d3;color:#fff;border-color:#0176d3", danger: "background:#ba0517;color:#fff;border-color:#ba0517",
  pop: "position:absolute;top:46px;right:12px;background:#fff;border:1px solid #dddbda;border-radius:6px;box-shadow:0 4px 12px #0003;padding:6px 0;z-index:20;min-width:220px",
  popitem: "display:block;padding:6px 16px;text-decoration:none;color:#181818",
  spin: "display:flex;gap:10px;align-items:center;padding:40px;color:#5c5c5c",
  wheel: "width:22px;height:22px;border:3px solid #d8e6fe;border-top-color:#0176d3;border-radius:50%;animation:spin 1s linear infinite",
  backdrop: "position:fixed;inset:0;background:#0007;display:flex;align-items:flex-start;justify-content:center;padding-top:70px;z-index:30",
  dialog: "background:#fff;border-radius:8px;width:min(620px,94vw);padding:18px 22px;box-shadow:0 8px 30px #0005",
  foot: "display:flex;gap:8px;justify-content:flex-end;border-top:1px solid #e5e5e5;margin-top:14px;padding-top:12px",
  check: "display:inline-block;width:18px;height:18px;border:2px solid #747474;border-radius:3px;vertical-align:middle;text-align:center;line-height:14px;cursor:pointer;flex:none",
  note: "background:#fef1ee;border-left:4px solid #ba0517;padding:8px 12px;margin:10px 0",
  info: "background:#f3f9ff;border-left:4px solid #0176d3;padding:8px 12px;margin:10px 0", muted: "color:#5c5c5c",
  list: "display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px",
  grid: "background:#fff;border:1px solid #dddbda;border-radius:6px", grow2: "display:grid;grid-template-columns:90px 1.3fr 1.6fr 1.2fr 80px;border-top:1px solid #eee",
  cell: "padding:8px 10px", setup: "display:flex;gap:0;min-height:80vh",
  side: "width:250px;background:#fff;border-right:1px solid #dddbda;padding:12px", sec: "border:0;background:none;padding:6px 0;font-weight:700;width:100%;text-align:left",
  radio: "display:flex;gap:8px;align-items:center;padding:3px 0;cursor:pointer", dot: "width:16px;height:16px;border:2px solid #747474;border-radius:50%;flex:none",
  on: "background:#0176d3;box-shadow:inset 0 0 0 3px #fff", area: "width:100%;min-height:70px;margin-top:4px",
};
let C = {};
const sheet = document.createElement("style");
document.head.appendChild(sheet);
function restyle() {  // fresh random class names on every render
  C = {}; const out = [];
  for (const k in STY) { C[k] = "x" + rid(); out.push("." + C[k] + "{" + STY[k] + "}"); }
  sheet.textContent = BASE + out.join("");
}
function h(tag, a, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(a || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "c") el.className = v.split(" ").map(x => C[x] || x).join(" ");
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat(9)) if (kid !== null && kid !== undefined && kid !== false) el.append(kid.nodeType ? kid : String(kid));
  return el;
}
const heading = (lvl, content, id) => h("div", {role: "heading", "aria-level": lvl, c: "h" + lvl, id}, content);
const btn = (label, on, o = {}) => h("button", {type: "button", c: "btn " + (o.kind || ""), onclick: on, disabled: !!o.disabled, title: o.title, "aria-label": o.aria}, o.face || label);
const link = (label, href, o = {}) => h("a", {href, c: o.c || "", target: o.blank ? "_blank" : null, rel: o.blank ? "noopener" : null}, label);
const p = (text, c) => h("div", {c: c || "fact"}, text);
const fact = (k, v) => h("div", {c: "fact"}, h("span", {c: "factk"}, t(k) + sep), h("span", {}, v));
const badge = s => h("span", {c: s === "Active" ? "badge" : "badge off"}, s);
const spinner = () => h("div", {role: "progressbar", "aria-label": t("loading"), "aria-busy": "true", c: "spin"}, h("span", {c: "wheel"}), t("loading"));
const MONTHS = FR ? ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
  : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
function date(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  if (LAY === "contracted-setup") return iso;
  if (LAY === "contracted-launcher" && !FR) return MONTHS[m - 1].slice(0, 3) + " " + d + ", " + y;
  return d + " " + MONTHS[m - 1] + " " + y;
}
function seats(u, n) {
  if (FR) return LAY === "contracted-launcher" ? "Licences : " + u + "/" + n : "Licences : " + u + " attribuées sur " + n;
  if (LAY === "contracted-setup") return "Licenses: " + u + " assigned of " + n;
  return LAY === "contracted-launcher" ? "Licenses: " + u + "/" + n : "Licenses: " + u + " of " + n + " assigned";
}
const addDays = (iso, n) => { const d = new Date(iso + "T12:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); };
async function post(url, body) {
  const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body || {})});
  return r.json();
}

// ---- overlays: popovers (plain lists of links) and dialogs -----------------------------------------
let S = null, overlay = null, pop = null;
function closeOverlays() { if (overlay) overlay.remove(); if (pop) { pop.remove(); pop.owner.setAttribute("aria-expanded", "false"); } overlay = pop = null; }
function popover(owner, items) {
  const was = pop && pop.owner === owner; closeOverlays(); if (was) return;
  pop = h("div", {c: "pop"}, h("ul", {style: "list-style:none;margin:0;padding:0"}, items.map(i => h("li", {}, i))));
  pop.owner = owner; owner.setAttribute("aria-expanded", "true"); owner.closest("[role=banner]").append(pop);
  pop.addEventListener("click", e => { if (e.target.closest("a")) setTimeout(closeOverlays, 0); });
}
document.addEventListener("click", e => { if (pop && !pop.contains(e.target) && !pop.owner.contains(e.target)) closeOverlays(); });
document.addEventListener("keydown", e => { if (e.key === "Escape") closeOverlays(); });
function dialog(title, build) {
  closeOverlays();
  const id = "t" + rid(), box = h("div", {role: "dialog", "aria-modal": "true", "aria-labelledby": id, c: "dialog"}, heading(2, title, id), spinner());
  const close = () => { if (overlay && overlay.contains(box)) closeOverlays(); };
  overlay = h("div", {c: "backdrop"}, box); document.body.append(overlay);
  setTimeout(() => { if (box.isConnected) box.replaceChildren(heading(2, title, id), ...[build(close, box)].flat()); }, ((S && S.delay) || 0) * 1000);
}
function checkbox(label, onChange, o = {}) {  // a span role=checkbox, labelled by visible text next to it
  const id = "k" + rid();
  const box = h("span", {role: "checkbox", "aria-checked": "false", tabindex: o.disabled ? "-1" : "0", "aria-labelledby": id, "aria-disabled": o.disabled ? "true" : null, c: "check"});
  const flip = () => { if (o.disabled) return; const v = box.getAttribute("aria-checked") !== "true"; box.setAttribute("aria-checked", String(v)); box.textContent = v ? "✓" : ""; onChange(v); };
  box.addEventListener("click", flip); box.addEventListener("keydown", e => { if (e.key === " ") { e.preventDefault(); flip(); } });
  return h("div", {c: "radio"}, box, h("span", {id, onclick: flip}, label));
}

// ---- chrome, drawn first on every page ------------------------------------------------------------
function drawChrome() {
  const gear = btn("", () => popover(gear, [
    link(t("setup"), "#/setup", {c: "popitem", blank: BOOT.new_tab}),
    (LAY === "contracted" || LAY === "self-serve") ? link(t("yourAccount"), "#/your-account", {c: "popitem"}) : null,
    link(t("devConsole"), "#/unavailable", {c: "popitem"}), link(t("editPage"), "#/unavailable", {c: "popitem"}),
  ].filter(Boolean)), {c: "icon", face: "⚙", aria: t("setup"), title: t("setup")});
  gear.className = C.icon; gear.setAttribute("aria-expanded", "false");
  const avatarName = "View profile for " + BOOT.user;
  const avatar = h("button", {type: "button", c: "avatar", "aria-label": avatarName, title: avatarName, "aria-expanded": "false",
    onclick: () => popover(avatar, [h("div", {c: "popitem"}, h("strong", {}, BOOT.user)), link(t("settings"), "#/home", {c: "popitem"}), link(t("logout"), "#/home", {c: "popitem"})])}, "AM");
  const launcher = h("button", {type: "button", c: "icon", "aria-label": t("launcher"), title: t("launcher"), onclick: appLauncher}, "⋮⋮");
  const helpB = h("button", {type: "button", c: "icon", "aria-label": t("help"), title: t("help"), onclick: () => dialog("Help and Training", close => [
    p("Search Salesforce Help, watch videos and find Trailhead modules."), h("div", {c: "foot"}, btn(t("cancel"), close))])}, "?");
  const tabs = [["home", "#/home"], ["accounts", "#/accounts"], ["contacts", "#/contacts"], ["opportunities", "#/opportunities"], ["reports", "#/reports"]];
  document.querySelector("[data-host=chrome]").replaceChildren(
    h("div", {role: "banner", c: "top"}, launcher, h("span", {c: "brand"}, "☁ salesforce"), h("div", {c: "grow"},
      h("div", {role: "search"}, h("input", {type: "search", c: "search", placeholder: t("search") + "…", "aria-label": t("search")}))), helpB, gear, avatar),
    h("div", {role: "navigation", "aria-label": "App", c: "nav"}, h("span", {c: "appname"}, t("sales")), tabs.map(([k, href]) => link(t(k), href, {c: "navlink"}))));
}
function appLauncher() {
  dialog(t("launcher"), close => {
    const apps = ["sales", "service", "marketing"]; if (LAY !== "contracted-setup") apps.push("yourAccount");
    const hrefs = {yourAccount: "#/your-account"};
    const items = apps.map(k => h("li", {style: "padding:4px 0"}, link(t(k), hrefs[k] || "#/home")));
    const q = h("input", {type: "search", c: "search", placeholder: t("searchApps"), "aria-label": t("searchApps"),
      oninput: () => items.forEach(li => { li.hidden = !li.textContent.toLowerCase().includes(q.value.trim().toLowerCase()); })});
    items.forEach(li => li.addEventListener("click", () => setTimeout(close, 0)));
    return [q, h("ul", {style: "list-style:none;padding:0"}, items), h("div", {c: "foot"}, btn(t("cancel"), close))];
  });
}

// ---- screens --------------------------------------------------------------------------------------
function page(title, ...body) { document.title = title + " | Salesforce"; return h("div", {role: "main", c: "page"}, heading(1, title), ...body); }
function home() {
  return page(t("home"), h("div", {c: "card"}, heading(2, "Quarterly Performance"), p("Closed $0 · Open (>70%) $0 · Goal —", "muted")),
    h("div", {c: "card"}, heading(2, "Today's Tasks"), p("Nothing due today. Be a go-getter, and think about what you can do next.", "muted")));
}
function placeholder(k) { return () => page(t(k), h("div", {c: "card"}, p("No items to display.", "muted"))); }
function unavailable() { return page("Not available", h("div", {c: "card"}, p("This page isn't available in this org."))); }
function notFound() { return page("Page not found", h("div", {c: "card"}, link(t("home"), "#/home"))); }
function noBilling() {
  return page(t("yourAccount"), h("div", {c: "note", role: "note"}, FR
    ? "Vous ne pouvez pas gérer les contrats ni les abonnements ici, car vous n’avez pas l’autorisation Gérer la facturation (Manage Billing) ni l’ensemble d’autorisations « Manage Subscriptions in Your Account ». Demandez-les à votre administrateur Salesforce."
    : "You can't manage contracts or subscriptions here because you don't have the Manage Billing permission or the \"Manage Subscriptions in Your Account\" permission set. Ask your Salesforce admin."));
}
function yourAccount() {
  if (!S.billing) return noBilling();
  const intro = p(FR ? "Gérez vos contrats, factures et informations de facturation." : "Manage your contracts, invoices and billing details.", "muted");
  if (LAY === "self-serve") {
    return page(t("yourAccount"), intro, heading(2, FR ? "Abonnements" : "Subscriptions"),
      h("div", {role: "list", c: "list"}, S.subscriptions.map(s => h("div", {role: "listitem", c: "card"},
        h("div", {c: "row"}, heading(3, link(s.name, "#/your-account/subscriptions/" + s.id)), badge(s.status)),
        p(seats(s.used, s.total)), fact("nextBill", date(s.next))))));
  }
  const label = LAY === "contracted-setup" ? t("viewContracts") : t("contracts");
  return page(t("yourAccount"), intro, h("div", {c: "list"},
    h("div", {c: "card"}, heading(2, t("contracts")), p(FR ? S.contracts.length + " contrat(s)" : S.contracts.length + " contract(s)", "muted"), link(label, "#/your-account/contracts")),
    h("div", {c: "card"}, heading(2, FR ? "Factures" : "Invoices"), p(FR ? "Aucune facture impayée." : "No unpaid invoices.", "muted"), link(t("invoices"), "#/unavailable")),
    h("div", {c: "card"}, heading(2, t("contact")), p(BOOT.user + " · alex.martin@example.com"))));
}
function contractList() {
  if (!S.billing) return noBilling();
  return page(t("contracts"), h("div", {role: "list", c: "list"}, S.contracts.map(c => h("div", {role: "listitem", c: "card"},
    h("div", {c: "row"}, heading(3, link(c.name, "#/your-account/contracts/" + c.id)), badge(c.status)),
    fact("number", c.number), fact("end", date(c.end)), p(seats(c.used, c.total))))));
}
const findC = id => S.contracts.find(c => c.id === id);
const tooLate = c => addDays(c.end, -30) < S.today;
function contractPage(id) {
  if (!S.billing) return noBilling();
  const c = findC(id); if (!c) return notFound();
  const label = LAY === "contracted-setup" ? t("manageRenewal") : t("manageRenewals");
  const open = LAY === "contracted" ? () => { location.hash = "#/your-account/contracts/" + c.id + "/renewals"; }
    : () => dialog(label, close => renewalBody(c, close));
  return page(c.name, h("div", {c: "row"}, h("span", {c: "muted"}, t("number") + sep + c.number), badge(c.status)),
    h("div", {c: "card"}, heading(2, FR ? "Détails du contrat" : "Contract Details"), fact("status", c.status), fact("start", date(c.start)),
      fact("end", date(c.end)), fact("renewalType", t("autoRenew")), p(seats(c.used, c.total)), fact("channel", c.executive ? t("ae") : t("online")),
      fact("contact", BOOT.user), c.case ? p((FR ? "Non-renouvellement demandé · dossier " : "Non-renewal requested · case ") + c.case + (FR ? " · le service prend fin le " : " · service ends on ") + date(c.end), "info") : null),
    h("div", {c: "row"}, btn(label, open, {kind: "primary"}), link(t("back"), "#/your-account/contracts")));
}
function renewalPage(id) {
  if (!S.billing) return noBilling();
  const c = findC(id); if (!c) return notFound();
  return page(t("manageRenewals"), h("div", {c: "muted"}, c.name + " · " + c.number), h("div", {c: "card"}, renewalBody(c, null)), link(t("back"), "#/your-account/contracts"));
}
function renewalBody(c, close) {
  const done = c.status !== "Active", ae = c.executive, late = !done && tooLate(c);
  let authorized = false;
  const facts = [fact("end", date(c.end)), fact("renewalType", t("autoRenew")), fact("contact", BOOT.user + " (alex.martin@example.com)"),
    fact("noticeBy", date(addDays(c.end, -30)))];
  const msg = h("div", {role: "status"});
  let why = null;
  if (done) why = FR ? "Vous avez déjà demandé le non-renouvellement de ce contrat (dossier " + c.case + "). Le service prend fin le " + date(c.end) + "."
    : "You already asked not to renew this contract (case " + c.case + "). Your service ends on " + date(c.end) + ".";
  else if (ae) why = FR ? "Ce contrat a été signé par l’intermédiaire de votre responsable de compte : contactez-le pour ne pas le renouveler. Vous ne pouvez pas le faire en ligne."
    : "You can't give notice online because this contract was signed through your account executive. Contact your account executive to cancel or change the renewal.";
  else if (late) why = FR ? "Le préavis écrit devait être envoyé au moins 30 jours avant la date de fin (" + date(addDays(c.end, -30)) + "). Il est trop tard pour l’envoyer en ligne ; contactez votre responsable de compte."
    : "Written notice had to be given at least 30 days before the end date (" + date(addDays(c.end, -30)) + "). It is too late to give it online; contact your account executive.";
  const locked = done || ae || late;
  const dont = btn(t("dontRenew"), async () => {
    if (!authorized) { msg.textContent = t("tickFirst"); return; }
    dont.disabled = true;
    const r = await post("/api/contracts/" + c.id + "/dont-renew", {authorized: true});
    if (!r.ok) { msg.textContent = "Something went wrong."; return; }
    body.replaceChildren(h("div", {role: "status", c: "info"}, heading(3, FR ? "Demande de non-renouvellement reçue" : "Your non-renewal notice was received"),
      p((FR ? "Numéro de dossier" : "Case number") + sep + r.case), p((FR ? "Le service prend fin le " : "Your service ends on ") + date(r.service_ends))),
      h("div", {c: close ? "foot" : "row"}, close ? btn(t("close"), () => { close(); route(); }) : link(t("back"), "#/your-account/contracts")));
  }, {kind: "danger", disabled: locked});
  const box = checkbox(t("authorize"), v => { authorized = v; dont.disabled = locked || !v; msg.textContent = ""; }, {disabled: locked});
  dont.disabled = true;
  const say = text => () => { msg.textContent = text; };
  const buttons = [btn(t("confirmRenewal"), say(FR ? "Votre responsable de compte vous enverra un devis de renouvellement." : "Your account executive will send you a renewal quote."), {disabled: done}),
    btn(t("requestChanges"), say(FR ? "Votre responsable de compte vous contactera." : "Your account executive will contact you about the changes."), {disabled: done}),
    late || done ? null : dont, close ? btn(t("cancel"), close) : null];
  const body = h("div", {}, facts, why ? h("div", {c: "note", role: "note"}, why) : null, box, msg, h("div", {c: close ? "foot" : "row"}, buttons));
  return body;
}
function subscriptionPage(id) {
  if (!S.billing) return noBilling();
  const s = S.subscriptions.find(x => x.id === id); if (!s) return notFound();
  const active = s.status === "Active";
  return page(s.name, h("div", {c: "row"}, h("span", {c: "muted"}, FR ? "Abonnement mensuel" : "Monthly subscription"), badge(s.status)),
    h("div", {c: "card"}, fact("status", s.status), fact("billing", t("monthly")), p(seats(s.used, s.total)), fact("start", date(s.start)),
      fact(active ? "nextBill" : "accessEnds", date(s.next)), fact("payment", "Visa •••• 4242")),
    p(FR ? "Remboursement complet dans les 30 premiers jours, au prorata ensuite." : "Full refund within the first 30 days; prorated after that.", "muted"),
    active ? h("div", {c: "card"}, heading(2, FR ? "Gérer l’abonnement" : "Manage Subscription"), h("div", {c: "row"}, btn(t("cancelSub"), () => cancelDialog(s), {kind: "btn"})))
      : h("div", {c: "note", role: "note"}, FR ? "Cet abonnement est déjà annulé. L’accès prend fin le " + date(s.next) + "." : "This subscription is already cancelled. Access ends on " + date(s.next) + "."));
}
function cancelDialog(s) {
  dialog(t("cancelSub"), close => {
    let reason = null; const gid = "g" + rid(), msg = h("div", {role: "alert"});
    const radios = REASONS.map(r => {
      const dot = h("span", {c: "dot"});
      const item = h("div", {role: "radio", "aria-checked": "false", tabindex: "0", c: "radio"}, dot, r);
      const pick = () => { reason = r; radios.forEach(x => { x.setAttribute("aria-checked", String(x === item)); x.firstChild.className = C.dot + (x === item ? " " + C.on : ""); }); msg.textContent = ""; };
      item.addEventListener("click", pick); item.addEventListener("keydown", e => { if (e.key === " ") { e.preventDefault(); pick(); } });
      return item;
    });
    const fb = h("textarea", {c: "area", "aria-label": t("feedback"), placeholder: t("feedback")});
    const fin = btn(t("cancelSub"), async () => {
      if (!reason) { msg.textContent = t("pickReason"); return; }
      fin.disabled = true;
      const r = await post("/api/subscriptions/" + s.id + "/cancel", {reason, feedback: fb.value});
      if (!r.ok) { msg.textContent = "Something went wrong."; return; }
      box.replaceChildren(heading(2, FR ? "Abonnement annulé" : "Subscription cancelled"), h("div", {role: "status"},
        (FR ? "Votre abonnement est annulé. L’accès prend fin le " : "Your subscription is cancelled. Access ends on ") + date(r.access_ends) + "."),
        h("div", {c: "foot"}, btn(t("close"), () => { close(); route(); })));
    }, {kind: "danger"});
    const box = h("div", {}, p((FR ? "Votre abonnement reste actif jusqu’au " : "Your subscription stays active until ") + date(s.next) + ".", "muted"),
      h("div", {id: gid, c: "h3", style: "margin-top:10px"}, t("reasonQ") + " *"),
      h("div", {role: "radiogroup", "aria-labelledby": gid, "aria-required": "true"}, radios), fb, msg,
      h("div", {c: "foot"}, btn(t("cancel"), close), fin));
    return box;
  });
}

// ---- Setup (gear > Setup, possibly in a new tab) ---------------------------------------------------
function setupShell(title, ...body) {
  const secs = [["adminSec", [["users", "#/setup/users"], ["profiles", "#/unavailable"], ["permSets", "#/unavailable"]]],
    ["companySec", [["companyInfo", "#/unavailable"], ["yourAccount", "#/your-account"]]], ["dataSec", [["dataExport", "#/setup/data-export"]]]];
  const groups = secs.map(([k, items]) => {
    const ul = h("ul", {hidden: true, style: "list-style:none;margin:0;padding:0 0 0 14px"}, items.map(([ik, href]) => h("li", {style: "padding:3px 0"}, link(t(ik), href))));
    const toggle = h("button", {type: "button", c: "sec", "aria-expanded": "false", onclick: () => { ul.hidden = !ul.hidden; toggle.setAttribute("aria-expanded", String(!ul.hidden)); }}, h("span", {"aria-hidden": "true"}, "▸ "), t(k));
    return {ul, toggle, el: h("div", {}, toggle, ul)};
  });
  const q = h("input", {type: "search", c: "search", placeholder: t("quickFind"), "aria-label": t("quickFind"), oninput: () => {
    const v = q.value.trim().toLowerCase();
    groups.forEach(g => { let any = false; g.ul.querySelectorAll("li").forEach(li => { const m = !v || li.textContent.toLowerCase().includes(v); li.hidden = !m; any = any || m; });
      g.ul.hidden = !v; g.el.hidden = !!v && !any; g.toggle.setAttribute("aria-expanded", String(!!v)); });
  }});
  document.title = title + " | " + t("setup") + " | Salesforce";
  return h("div", {c: "setup"}, h("div", {role: "navigation", "aria-label": t("setup"), c: "side"}, q, groups.map(g => g.el)),
    h("div", {role: "main", c: "page grow"}, h("div", {c: "muted"}, t("setup")), heading(1, title), body));
}
function setupHome() {
  return setupShell("Setup Home", h("div", {c: "card"}, heading(2, "Most Recently Used"), p(FR ? "Utilisez la recherche rapide pour trouver une page de configuration." : "Use Quick Find to jump to a Setup page.", "muted")));
}
function dataExport() {
  const e = S.export;
  return setupShell(t("dataExport"), h("div", {c: "card"},
    p(FR ? "Les fichiers d’exportation sont conservés 48 heures. Une nouvelle exportation supprime la précédente." : "Export files are kept for 48 hours. Starting a new export deletes the previous export file."),
    fact("lastExport", date(e.last)), fact("nextExport", date(e.next)),
    e.too_soon ? h("div", {c: "note", role: "note"}, FR ? "Une seule exportation est autorisée tous les 7 jours. Prochaine exportation possible le " + date(e.next) + "." : "Only one export is allowed every 7 days. You can export again on " + date(e.next) + ".") : null,
    h("div", {c: "row"}, btn(t("exportNow"), () => { location.hash = "#/setup/data-export/now"; }, {kind: "primary", disabled: e.too_soon}),
      btn(t("scheduleExport"), () => { location.hash = "#/setup/data-export/schedule"; }))));
}
function exportForm(kind) {
  if (kind === "now" && S.export.too_soon) return dataExport();
  const chosen = {};
  const sel = h("select", {"aria-label": t("encoding")}, ["ISO-8859-1 (General US & Western European, ISO-LATIN-1)", "Unicode (UTF-8)"].map(o => h("option", {}, o)));
  const msg = h("div", {role: "status"});
  const start = btn(t("startExport"), async () => {
    start.disabled = true;
    const r = await post("/api/export/start", {encoding: sel.value, include_all: !!chosen.incAll});
    msg.replaceChildren(h("div", {c: "info"}, r.ok ? (FR ? "Votre exportation est en file d’attente. Vous recevrez un e-mail quand elle sera prête." : "Your export has been queued. You'll get an email when it's ready.") : "Something went wrong."));
  }, {kind: "primary"});
  return setupShell(kind === "now" ? t("exportNow") : t("scheduleExport"), h("div", {c: "card"},
    h("label", {}, t("encoding") + " ", sel), ["incImages", "incFiles", "replaceCR", "incAll"].map(k => checkbox(t(k), v => { chosen[k] = v; })),
    msg, h("div", {c: "row"}, start, btn(t("cancel"), () => { location.hash = "#/setup/data-export"; }))));
}
function usersPage() {
  const hdr = ["Action", "Full Name", "Username", "Profile", t("active")];
  return setupShell(t("users"), h("div", {role: "grid", "aria-label": t("users"), c: "grid"},
    h("div", {role: "row", c: "grow2"}, hdr.map(x => h("div", {role: "columnheader", c: "cell h3"}, x))),
    S.users.map(u => h("div", {role: "row", c: "grow2"}, h("div", {role: "gridcell", c: "cell"}, link(t("edit"), "#/setup/users/" + u.id + "/edit")),
      h("div", {role: "gridcell", c: "cell"}, u.name), h("div", {role: "gridcell", c: "cell"}, u.username),
      h("div", {role: "gridcell", c: "cell"}, u.profile), h("div", {role: "gridcell", c: "cell"}, u.active ? "✓" : "—")))));
}
function userEdit(id) {
  const u = S.users.find(x => x.id === id); if (!u) return notFound();
  const box = h("input", {type: "checkbox", checked: u.active});
  const back = () => { location.hash = "#/setup/users"; };
  const save = btn(t("save"), async () => {
    save.disabled = true;
    if (u.active && !box.checked) await post("/api/users/" + u.id + "/deactivate", {});
    back();
  }, {kind: "primary"});
  return setupShell((FR ? "Modifier l’utilisateur : " : "Edit User: ") + u.name, h("div", {c: "card"}, p(u.username, "muted"),
    h("label", {c: "radio"}, box, t("active")), h("div", {c: "row"}, save, btn(t("cancel"), back))));
}

// ---- routing: every screen is drawn late, behind a spinner ------------------------------------------
const ROUTES = [
  [/^#?\/?(home)?$/, home], [/^#\/your-account$/, yourAccount], [/^#\/your-account\/contracts$/, contractList],
  [/^#\/your-account\/contracts\/(\w+)$/, contractPage], [/^#\/your-account\/contracts\/(\w+)\/renewals$/, renewalPage],
  [/^#\/your-account\/subscriptions\/(\w+)$/, subscriptionPage], [/^#\/setup$/, setupHome], [/^#\/setup\/data-export$/, dataExport],
  [/^#\/setup\/data-export\/(now|schedule)$/, exportForm], [/^#\/setup\/users$/, usersPage], [/^#\/setup\/users\/(\w+)\/edit$/, userEdit],
  [/^#\/accounts$/, placeholder("accounts")], [/^#\/contacts$/, placeholder("contacts")], [/^#\/opportunities$/, placeholder("opportunities")],
  [/^#\/reports$/, placeholder("reports")], [/^#\/unavailable$/, unavailable],
];
const mainHost = document.querySelector("[data-host=main]");
let token = 0;
async function route() {
  const mine = ++token;
  closeOverlays();
  mainHost.replaceChildren(spinner());
  let st;
  try { st = await (await fetch("/api/state", {cache: "no-store"})).json(); }
  catch (e) { mainHost.replaceChildren(h("div", {role: "alert", c: "page"}, "We can't reach Salesforce right now.")); return; }
  setTimeout(() => {
    if (mine !== token) return;
    S = st; restyle(); drawChrome();
    const hash = location.hash || "#/home";
    let view = notFound;
    for (const [re, fn] of ROUTES) { const m = hash.match(re); if (m) { view = () => fn(m[1]); break; } }
    mainHost.replaceChildren(view());
  }, (st.cold ? st.cold_start : st.delay) * 1000);
}
restyle(); drawChrome();
window.addEventListener("hashchange", route);
route();
})();
</script></body></html>
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description="Serve one scenario of the second Salesforce mock portal.")
    ap.add_argument("--scenario", default="contracted-en", choices=sorted(SCENARIOS))
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    portal = SecondPortal(**SCENARIOS[args.scenario]["options"])
    url = portal.start(args.port)
    print(f"{args.scenario}: {url}  (record at {url}__record; Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        portal.stop()


if __name__ == "__main__":
    main()
