"""A second, independent mock of the Microsoft 365 admin center.

Written from docs/portals.md ("Office 365 / Microsoft 365 admin center") alone. The page is a
single-page app drawn by JavaScript (hash routing); the server only holds the state and the oracle.
Every irreversible action is exactly one POST /api/action, appended to ``portal.record``
(also served as JSON at GET /__record).
"""

import argparse
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAYOUTS = ("mosa", "mca-within-7-days", "mca-after-7-days", "2021", "classic")
ACTIONS = ("cancel-now", "cancel-end-of-term", "cancel", "recurring-billing-off")
DEFAULTS = dict(
    locale="en",
    layout="mosa",
    delay=0.3,
    cold_start=None,
    new_tab=False,
    simplified=False,
    old_home=False,
    product="Microsoft 365 Business Standard",
    licenses=12,
    total=None,
    channel="direct",
    status="Active",
    admin_role="Global admin",
    extra=(),
    entra_free=True,
    user="Alex Martin",
)


class SecondPortal:
    LAYOUTS = LAYOUTS

    def __init__(self, **options):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown options: {sorted(unknown)}")
        self.o = {**DEFAULTS, **options}
        if self.o["layout"] not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}")
        if self.o["cold_start"] is None:
            self.o["cold_start"] = self.o["delay"]
        self.record = []
        self.lock = threading.Lock()
        self._cold = True
        self._server = None
        self._subs = self._build()

    # ---- state -------------------------------------------------------------------------------
    def _build(self):
        o, today = self.o, datetime.date.today()
        lay = o["layout"]
        back = {"mca-within-7-days": 3, "mca-after-7-days": 40}.get(lay, 150)
        start = today - datetime.timedelta(days=back)
        renewal = start + datetime.timedelta(days=365)
        nxt = today + datetime.timedelta(days=30 - back % 30 or 30)
        base = dict(
            status="Active",
            account="MCA" if lay.startswith("mca") else "MOSA",
            channel="direct",
            partner=None,
            start=start.isoformat(),
            renewal=renewal.isoformat(),
            next_charge=nxt.isoformat(),
            cancellable=True,
            in_window=back <= 7,
            expires=None,
            canceled=None,
            recurring=True,
        )
        subs = []
        for i, e in enumerate(o["extra"]):
            e = {"name": e} if isinstance(e, str) else dict(e)
            n = e.get("licenses", 5)
            subs.append(
                {**base, "id": f"x{i + 1}", "name": e["name"], "assigned": n, "total": e.get("total", max(n, 10))}
            )
        n = o["licenses"]
        main = {
            **base,
            "id": "s1",
            "name": o["product"],
            "assigned": n,
            "total": o["total"] or max(n, 20),
            "status": o["status"],
            "channel": o["channel"],
        }
        if o["channel"] == "partner":
            main["partner"] = "Fabrikam Cloud Solutions"
        if o["status"] != "Active":
            main["canceled"] = (today - datetime.timedelta(days=5)).isoformat()
            main["recurring"] = False
        subs.append(main)
        if o["entra_free"]:
            subs.append(
                {
                    **base,
                    "id": "f1",
                    "name": "Microsoft Entra ID Free",
                    "assigned": None,
                    "total": None,
                    "cancellable": False,
                    "next_charge": None,
                    "renewal": None,
                }
            )
        return subs

    def state(self):
        with self.lock:
            return {"subs": [dict(s) for s in self._subs], "role": self.o["admin_role"]}

    def act(self, data):
        action, sid = data.get("action"), data.get("id")
        with self.lock:
            sub = next((s for s in self._subs if s["id"] == sid), None)
            if action not in ACTIONS or sub is None:
                return False
            self.record.append(
                {
                    "action": action,
                    "subscription": sub["name"],
                    "layout": self.o["layout"],
                    "reason": data.get("reason"),
                    "feedback": data.get("feedback"),
                }
            )
            if action in ("cancel-now", "cancel"):
                sub.update(status="Disabled", canceled=datetime.date.today().isoformat(), recurring=False)
            else:
                sub.update(recurring=False, expires=sub["renewal"])
        return True

    def shell(self):
        with self.lock:
            cold, self._cold = self._cold, False
        o = self.o
        cfg = {k: o[k] for k in ("locale", "layout", "delay", "new_tab", "simplified", "old_home", "user")}
        cfg["first_delay"] = o["cold_start"] if cold else o["delay"]
        js = json.dumps(cfg).replace("</", "<\\/")
        return (
            f'<!doctype html><html lang="{o["locale"]}"><head><meta charset="utf-8">'
            "<title>Microsoft 365 admin center</title></head><body>"
            "<noscript>The admin center needs JavaScript.</noscript>"
            f"<script>const C = {js};\n{APP_JS}</script></body></html>"
        )

    # ---- server ------------------------------------------------------------------------------
    def start(self, port=0):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, body, ctype="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = self.path.split("?")[0].split("#")[0]
                if path == "/__record":
                    with portal.lock:
                        return self._send(200, list(portal.record))
                if path == "/api/state":
                    return self._send(200, portal.state())
                if path.startswith("/api/") or path == "/favicon.ico":
                    return self._send(404, {"error": "not found"})
                self._send(200, portal.shell().encode(), "text/html; charset=utf-8")

            def do_POST(self):
                if self.path.split("?")[0] != "/api/action":
                    return self._send(404, {"error": "not found"})
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    data = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    return self._send(400, {"error": "bad json"})
                ok = portal.act(data if isinstance(data, dict) else {})
                self._send(200 if ok else 400, {"ok": ok})

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def _sc(expect, why, subscription=None, **options):
    return {"options": options, "expect": expect, "subscription": subscription, "why": why}


SCENARIOS = {}
for _loc in ("en", "fr"):
    for _lay in LAYOUTS:
        SCENARIOS[f"{_loc}-{_lay}"] = _sc(
            "dry-run-complete", f"plain {_lay} path, {_loc} labels", locale=_loc, layout=_lay
        )
_TWO = ({"name": "Microsoft 365 Business Basic", "licenses": 8},)
SCENARIOS.update(
    {
        "en-mosa-simplified": _sc("dry-run-complete", "Simplified view: Billing > Subscriptions", simplified=True),
        "fr-mosa-simplified": _sc(
            "dry-run-complete", "Simplified view in French: Facturation > Abonnements", locale="fr", simplified=True
        ),
        "blocked-mosa-30-licenses": _sc(
            "blocked", "MOSA with 30 > 25 licenses: sentence + disabled Cancel subscription", licenses=30, total=30
        ),
        "fr-blocked-mosa-26-licenses": _sc(
            "blocked", "MOSA, French, 26 licenses: disabled control + sentence", locale="fr", licenses=26, total=40
        ),
        "blocked-partner": _sc(
            "blocked",
            "bought through a partner: no cancel control, sentence says why",
            layout="mca-within-7-days",
            channel="partner",
        ),
        "blocked-role": _sc(
            "blocked", "signed-in user is only a User admin: control disabled, sentence", admin_role="User admin"
        ),
        "mca-30-licenses": _sc(
            "dry-run-complete",
            "the 25-license limit is MOSA only; MCA in its 7 days may cancel",
            layout="mca-within-7-days",
            licenses=30,
            total=30,
        ),
        "mosa-25-licenses": _sc("dry-run-complete", "exactly 25 licenses is not more than 25", licenses=25, total=25),
        "already-cancelled": _sc("already-cancelled", "status reads Disabled on the details page", status="Disabled"),
        "already-cancelled-2021": _sc(
            "already-cancelled",
            "2021 grid row reads Disabled; menu has no cancel item",
            layout="2021",
            status="Disabled",
        ),
        "cold-start": _sc("dry-run-complete", "first screen drawn 9 s after load behind a spinner", cold_start=9),
        "new-tab": _sc(
            "dry-run-complete", "subscription links in the list open the details page in a new tab", new_tab=True
        ),
        "old-home-new-tab": _sc(
            "dry-run-complete",
            "older home: app launcher > Admin opens the admin center in a new tab",
            layout="mca-after-7-days",
            old_home=True,
            new_tab=True,
        ),
        "two-subscriptions": _sc(
            "dry-run-complete",
            "2021 grid with Business Basic above the target",
            "Microsoft 365 Business Standard",
            layout="2021",
            extra=_TWO,
        ),
        "two-subscriptions-mosa": _sc(
            "dry-run-complete",
            "the other subscription is the one over 25 licenses",
            "Microsoft 365 Business Standard",
            extra=({"name": "Microsoft 365 E3", "licenses": 40},),
        ),
    }
)

APP_JS = r"""
const FR = C.locale === 'fr', LAY = C.layout, MCA = LAY.startsWith('mca');
const T = (en, fr) => (FR && fr) ? fr : en;
const L = {
  billing: T('Billing', 'Facturation'), subscriptions: T('Subscriptions', 'Abonnements'),
  products: T('Products', 'Produits'), more: T('More actions', 'Autres actions'),
  cancelSub: T('Cancel subscription', 'Annuler l’abonnement'), cancel: T('Cancel', 'Annuler'),
  subPay: T('Subscription and payment settings', 'Paramètres d’abonnement et de paiement'),
  editRB: T('Edit recurring billing', 'Modifier la facturation récurrente'),
  editLink: T('edit the recurring billing settings', 'Modifier les paramètres de facturation récurrente'),
  rb: T('Recurring billing', 'Facturation récurrente'), on: T('On', 'Activer'), off: T('Off', 'Désactiver'),
  save: T('Save', 'Enregistrer'), next: T('Next', 'Suivant'), cancelNow: T('Cancel now', 'Annuler maintenant'),
  settingsActions: T('Settings & Actions', 'paramètres & Actions'),
};
L.yourProducts = C.simplified ? L.subscriptions : T('Your products', 'Vos produits');
const STATUS = {Active: 'Actif', Disabled: 'Désactivé', Expired: 'Expiré', Deleted: 'Supprimé'};
const MEN = ['January','February','March','April','May','June','July','August','September','October','November','December'];
const MFR = ['janvier','février','mars','avril','mai','juin','juillet','août','septembre','octobre','novembre','décembre'];
const REASONS = ['It’s too expensive', 'We don’t need it anymore', 'We’re switching to another product', 'Other'];
const stat = s => T(s, STATUS[s]);
function date(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  if (LAY === 'classic') return iso;
  if (FR) return `${d} ${MFR[m - 1]} ${y}`;
  if (MCA) return `${MEN[m - 1]} ${d}, ${y}`;
  if (LAY === '2021') return `${m}/${d}/${y}`;
  return `${d} ${MEN[m - 1]} ${y}`;
}
function lic(s) {
  if (s.total === null) return T('No licenses required');
  if (FR) return `Licences : ${s.assigned} attribuées sur ${s.total}`;
  if (LAY === '2021') return `${s.assigned}/${s.total}`;
  if (LAY === 'mosa') return `${s.assigned} of ${s.total} assigned`;
  return `${s.assigned} assigned of ${s.total}`;
}
const chan = s => ({direct: 'Direct', partner: `Partner (${s.partner})`, 'product key': 'Product key', trial: 'Trial'})[s.channel] || s.channel;

/* ---- random skin: class names and ids change on every render ---- */
const KEYS = ['top','brand','ico','srch','fly','wrap','side','main','h1','h2','h3','row','cards','card','chip','off','tiles','tile','lab','val','lines','sect','btn','pri','dis','note','warn','ovl','pane','phead','pbody','pfoot','spin','spinw','grid','grow','ghead','gcell','tabs','tab','menu','opt','radio','field','err','ava','muted'];
let K = {};
const styleEl = document.createElement('style'); document.head.append(styleEl);
const CSS = `
[hidden]{display:none!important} body{margin:0;font:14px "Segoe UI",system-ui,sans-serif;color:#242424;background:#faf9f8}
$top{display:flex;align-items:center;gap:14px;height:48px;padding:0 12px;background:#0f1b2d;color:#fff}
$brand{font-weight:600;font-size:15px;flex:1} $srch input{width:340px;padding:6px 10px;border-radius:4px;border:0;background:#e8edf4}
$ico{display:inline-flex;align-items:center;justify-content:center;min-width:32px;height:32px;cursor:pointer;border-radius:4px;font-size:16px}
$ico:hover{background:#ffffff22} $ava{background:#8764b8;border-radius:50%;font-size:12px;font-weight:600}
$fly{position:absolute;top:50px;background:#fff;color:#242424;box-shadow:0 6px 24px #0004;border-radius:6px;padding:12px 18px;z-index:5;min-width:220px}
$fly a{display:block;padding:6px 0;color:#0f6cbd} $wrap{display:flex;min-height:calc(100vh - 48px)}
$side{width:230px;background:#f0f0f0;padding:12px 0;border-right:1px solid #e0e0e0} $side ul{list-style:none;margin:0;padding:0}
$side a,$side $btn{display:block;padding:8px 22px;color:#242424;text-decoration:none;border:0;background:none;box-shadow:none;margin:0}
$side ul ul a{padding-left:42px} $side a:hover,$side $btn:hover{background:#e3e3e3}
$main{flex:1;padding:24px 36px;max-width:1100px} $h1{font-size:26px;font-weight:600;margin:0 0 12px} $h2{font-size:18px;font-weight:600;margin:22px 0 10px}
$h3{font-size:15px;font-weight:600;margin:14px 0 6px} $row{display:flex;align-items:center;gap:14px;flex-wrap:wrap}
$cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:16px;margin-top:16px}
$card{background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002;padding:16px 18px;display:flex;flex-direction:column;gap:6px}
$card a,$grid a{color:#0f6cbd;font-weight:600;font-size:15px;text-decoration:none} $card a:hover{text-decoration:underline}
$chip{display:inline-block;padding:2px 10px;border-radius:12px;background:#dff6dd;color:#0e700e;font-size:12px;font-weight:600}
$chip$off{background:#fde7e9;color:#a4262c} $muted{color:#616161;font-size:13px}
$tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:14px 0} $tile{background:#fff;border-radius:6px;padding:12px;box-shadow:0 1px 3px #0002}
$lab{display:block;color:#616161;font-size:12px;margin-bottom:4px} $val{display:block;font-weight:600}
$lines{background:#fff;padding:10px 16px;border-left:3px solid #0f6cbd;margin:12px 0} $lines div{padding:3px 0}
$sect{background:#fff;border-radius:8px;padding:4px 20px 18px;margin-top:18px;box-shadow:0 1px 3px #0002}
$btn{display:inline-block;padding:6px 16px;margin:6px 8px 0 0;border:1px solid #d1d1d1;border-radius:4px;background:#fff;cursor:pointer;user-select:none}
$btn:focus-visible,$radio:focus-visible{outline:2px solid #0f6cbd} $pri{background:#0f6cbd;border-color:#0f6cbd;color:#fff}
$dis{background:#f0f0f0;border-color:#e0e0e0;color:#a0a0a0;cursor:not-allowed}
$note{background:#ebf3fc;border-left:4px solid #0f6cbd;padding:10px 14px;margin:12px 0} $warn{background:#fff4ce;border-left:4px solid #c19c00;padding:10px 14px;margin:12px 0}
$err{color:#a4262c;min-height:18px;margin-top:6px} $ovl{position:fixed;inset:0;background:#0005;display:flex;justify-content:flex-end;z-index:10}
$pane{width:480px;background:#fff;height:100%;display:flex;flex-direction:column;box-shadow:-8px 0 24px #0003}
$phead{display:flex;justify-content:space-between;align-items:center;padding:18px 24px 0} $pbody{padding:8px 24px;flex:1;overflow:auto}
$pfoot{padding:14px 24px;border-top:1px solid #e0e0e0}
$spinw{display:flex;align-items:center;gap:12px;padding:40px;color:#616161}
$spin{width:26px;height:26px;border:3px solid #c7e0f4;border-top-color:#0f6cbd;border-radius:50%;animation:sp 0.8s linear infinite} @keyframes sp{to{transform:rotate(360deg)}}
$tabs{display:flex;gap:4px;border-bottom:1px solid #e0e0e0;margin:10px 0} $tab{padding:8px 16px;cursor:pointer;border-bottom:3px solid transparent}
$tab[aria-selected=true]{border-bottom-color:#0f6cbd;font-weight:600}
$grid{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002} $grow{display:grid;grid-template-columns:2.2fr 1fr 1fr 1.4fr 0.8fr;align-items:center;border-bottom:1px solid #f0f0f0;position:relative}
$ghead{font-weight:600;color:#616161;font-size:12px} $gcell{padding:10px 14px}
$menu{position:absolute;right:10px;top:40px;background:#fff;box-shadow:0 6px 20px #0003;border-radius:6px;list-style:none;margin:0;padding:6px 0;z-index:4;min-width:200px}
$menu a,$opt{display:block;padding:8px 16px;color:#242424;text-decoration:none;cursor:pointer;font-weight:400;font-size:14px} $menu a:hover,$opt:hover,$opt:focus{background:#f0f0f0}
$radio{display:flex;gap:8px;align-items:flex-start;padding:8px 0;cursor:pointer} $radio::before{content:"";width:14px;height:14px;border:2px solid #616161;border-radius:50%;flex:none;margin-top:2px}
$radio[aria-checked=true]::before{border:5px solid #0f6cbd;width:8px;height:8px}
$field{display:block;width:100%;box-sizing:border-box;padding:7px 10px;border:1px solid #8a8886;border-radius:4px;background:#fff;margin:4px 0 10px;font:inherit;cursor:pointer}
`;
function reskin() {
  K = {};
  for (const k of KEYS) K[k] = 'c' + Math.random().toString(36).slice(2, 9);
  styleEl.textContent = CSS.replace(/\$([a-z0-9]+)/g, (m, k) => '.' + K[k]);
}
const rid = () => 'n' + Math.random().toString(36).slice(2, 10);
function h(tag, a, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(a || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'c') e.className = v.split(' ').map(x => K[x]).join(' ');
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) if (kid !== null && kid !== undefined && kid !== false) e.append(kid.nodeType ? kid : String(kid));
  return e;
}
function btn(label, fn, o = {}) {
  const go = ev => { if (!o.disabled) fn(ev); };
  return h(o.tag || 'div', {role: 'button', tabindex: o.disabled ? '-1' : '0', 'aria-label': o.aria, title: o.aria,
    'aria-disabled': o.disabled ? 'true' : null, 'aria-expanded': o.expanded, c: o.c || ('btn' + (o.primary ? ' pri' : '') + (o.disabled ? ' dis' : '')),
    onclick: go, onkeydown: ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); ev.currentTarget.click(); } }}, label);
}
const heading = (lvl, text) => h('div', {role: 'heading', 'aria-level': String(lvl), id: rid(), c: 'h' + lvl}, text);
function section(lvl, title, ...kids) { const hd = heading(lvl, title); return h('div', {role: 'region', 'aria-labelledby': hd.id, c: 'sect'}, hd, ...kids); }
const link = (text, href, tab) => h('a', {href, target: tab ? '_blank' : null, rel: tab ? 'noopener' : null}, text, tab ? h('span', {'aria-hidden': 'true'}, ' ↗') : null);
const chip = s => h('span', {c: 'chip' + (s.status === 'Active' ? '' : ' off')}, stat(s.status));
const spinner = () => h('div', {role: 'progressbar', 'aria-label': 'Loading', c: 'spinw'}, h('span', {c: 'spin'}), h('span', {}, 'Loading…'));
function flyout(btnEl, panel) {
  btnEl.addEventListener('click', () => { panel.hidden = !panel.hidden; btnEl.setAttribute('aria-expanded', String(!panel.hidden)); });
  return [btnEl, panel];
}

/* ---- radio groups, reason controls, feedback ---- */
function radios(label, items, onPick, initial) {
  const lid = rid(); let cur = initial;
  const els = items.map(([text, value, desc]) => {
    const did = desc ? rid() : null;
    const r = h('div', {role: 'radio', tabindex: '0', 'aria-checked': String(value === initial), 'aria-describedby': did, c: 'radio',
      onclick: () => pick(value), onkeydown: ev => { if (ev.key === ' ' || ev.key === 'Enter') { ev.preventDefault(); pick(value); } }}, text);
    r.v = value;
    return [r, desc ? h('div', {id: did, c: 'muted'}, desc) : null];
  });
  function pick(v) { cur = v; for (const [r] of els) r.setAttribute('aria-checked', String(r.v === v)); onPick(v); }
  return h('div', {role: 'radiogroup', 'aria-labelledby': lid}, h('div', {id: lid, c: 'h3'}, label), els);
}
function reasonControl(kind, onPick) {
  const opts = REASONS.map((r, i) => [r, 'r' + (i + 1)]);
  if (kind === 'select') {
    return h('label', {}, h('span', {c: 'lab'}, 'Reason'), h('select', {c: 'field', required: true, onchange: ev => onPick(ev.target.value && ev.target.selectedOptions[0].text)},
      h('option', {value: ''}, 'Select a reason'), opts.map(([t, v]) => h('option', {value: v}, t))));
  }
  if (kind === 'radios') return radios('Reason', opts.map(([t, v]) => [t, t]), onPick, null);
  if (kind === 'native') {
    const name = rid();
    return h('fieldset', {}, h('legend', {}, 'Reason'), opts.map(([t]) => h('label', {style: 'display:block;padding:6px 0;cursor:pointer'},
      h('input', {type: 'radio', name, value: t, onchange: () => onPick(t)}), ' ', t)));
  }
  const lid = rid();   /* custom combobox with a listbox popup */
  const list = h('div', {role: 'listbox', 'aria-labelledby': lid, hidden: true, c: 'menu'});
  const box = h('div', {role: 'combobox', tabindex: '0', 'aria-expanded': 'false', 'aria-haspopup': 'listbox', 'aria-labelledby': lid, c: 'field',
    onclick: () => toggle(), onkeydown: ev => { if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'ArrowDown') { ev.preventDefault(); toggle(); } }}, 'Select a reason');
  function toggle() { list.hidden = !list.hidden; box.setAttribute('aria-expanded', String(!list.hidden)); }
  for (const [t] of opts) list.append(h('div', {role: 'option', tabindex: '-1', 'aria-selected': 'false', c: 'opt',
    onclick: () => { box.textContent = t; for (const o of list.children) o.setAttribute('aria-selected', String(o.textContent === t)); toggle(); onPick(t); box.focus(); }}, t));
  return h('div', {style: 'position:relative'}, h('span', {id: lid, c: 'lab'}, 'Reason'), box, list);
}
function feedback(onInput) {
  const id = rid();
  return h('div', {}, h('label', {for: id, c: 'lab'}, 'Feedback'), h('textarea', {id, rows: '3', c: 'field', oninput: ev => onInput(ev.target.value)}));
}

/* ---- panes ---- */
let pane = null, flash = null, firstScreen = true, G = 0;
function openPane(title, build, back) {
  closePane(true);
  const tid = rid(), body = h('div', {c: 'pbody'}, spinner());
  const dlg = h('div', {role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': tid, c: 'pane'},
    h('div', {c: 'phead'}, h('div', {role: 'heading', 'aria-level': '2', id: tid, c: 'h2'}, title), btn('✕', () => closePane(), {aria: 'Close', c: 'ico'})), body);
  for (const el of document.body.children) { el.setAttribute('aria-hidden', 'true'); el.inert = true; }
  pane = {el: h('div', {c: 'ovl'}, dlg), back};
  document.body.append(pane.el);
  setTimeout(() => { if (dlg.isConnected) build(body, dlg); }, C.delay * 500);
}
function closePane(silent) {
  if (!pane) return;
  const back = pane.back; pane.el.remove(); pane = null;
  for (const el of document.body.children) { el.removeAttribute('aria-hidden'); el.inert = false; }
  if (!silent && back) history.replaceState(null, '', back);
}
function fill(body, kids, buttons) { body.replaceChildren(...kids, h('div', {c: 'pfoot'}, ...buttons)); }
async function send(s, action, extra, msg, ret) {
  await fetch('/api/action', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({id: s.id, action, ...extra})});
  closePane(true); flash = msg;
  if (location.hash === ret) render(); else location.hash = ret;
}
function finalBtn(label, need, fire) {   /* the irreversible button: one request, never twice */
  let sent = false;
  return btn(label, () => { if (sent) return; if (need()) { sent = true; fire(); } }, {primary: true});
}
const detailsHash = s => '#/admin/subscriptions/' + s.id;

function mosaPane(s) {
  openPane('Options for canceling your subscription', body => {
    let choice = null, reason = null, fb = '';
    const err = h('div', {role: 'alert', c: 'err'});
    fill(body, [h('p', {}, `Choose how you want to cancel ${s.name}.`),
      radios('Cancellation options', [[L.cancelNow, 'now', 'Users lose access today. A prorated credit appears on your next billing cycle.'],
        ['Cancel before the next renewal date', 'eot', `The service keeps running until ${date(s.renewal)}. You won’t get a refund.`]], v => { choice = v; }, null), err],
      [btn(L.next, () => choice ? step2() : (err.textContent = 'Select an option to continue.'), {primary: true}), btn(L.cancel, () => closePane())]);
    function step2() {
      const err2 = h('div', {role: 'alert', c: 'err'});
      const need = () => reason ? true : (err2.textContent = 'Select a reason to continue.', false);
      const fire = choice === 'now'
        ? () => send(s, 'cancel-now', {reason, feedback: fb}, 'Your subscription was canceled.', detailsHash(s))
        : () => send(s, 'cancel-end-of-term', {reason, feedback: fb}, `Your subscription will end on ${date(s.renewal)}.`, detailsHash(s));
      fill(body, [h('p', {}, 'Tell us why you’re canceling. A reason is required.'), reasonControl('combo', r => { reason = r; }), feedback(v => { fb = v; }), err2],
        [finalBtn(choice === 'now' ? L.cancelNow : L.cancelSub, need, fire), btn('Back', () => closePane() || mosaPane(s)), btn(L.cancel, () => closePane())]);
    }
  });
}
function reasonPane(s, title, kind, finalLabel, action, ret, back) {
  openPane(title, body => {
    let reason = null, fb = '';
    const err = h('div', {role: 'alert', c: 'err'});
    const need = () => reason ? true : (err.textContent = 'Select a reason to continue.', false);
    fill(body, [h('p', {}, `You’re canceling ${s.name}.` + (MCA ? ' You’re within 7 days of the start or renewal, so you’ll get a refund.' : ' A prorated credit appears on your next bill.')),
      reasonControl(kind, r => { reason = r; }), feedback(v => { fb = v; }), err],
      [finalBtn(finalLabel, need, () => send(s, action, {reason, feedback: fb}, 'Your subscription was canceled.', ret)), btn(L.cancel, () => closePane())]);
  }, back);
}
function cancelingPane(s) {
  openPane('Canceling your subscription', body => fill(body, [
    h('p', {}, `It has been more than 7 days since ${s.name} started or renewed, so it can’t be canceled for a refund now.`),
    h('p', {}, 'To stop it at the end of its term, you can ', link(L.editLink, detailsHash(s) + '/recurring'), '.')], [btn(L.cancel, () => closePane())]));
}
function recurringPane(s) {
  openPane(L.editRB, body => {
    let v = s.recurring ? 'on' : 'off';
    fill(body, [h('p', {}, `When recurring billing is off, ${s.name} stays active until ${date(s.renewal)} and then expires.`),
      radios(L.rb, [[L.on, 'on'], [L.off, 'off']], x => { v = x; }, v)],
      [finalBtn(L.save, () => true, () => (v === 'off' && s.recurring)
        ? send(s, 'recurring-billing-off', {}, `Recurring billing is off. Expires on ${date(s.renewal)}.`, detailsHash(s))
        : closePane()), btn(L.cancel, () => closePane())]);
  }, detailsHash(s));
}
function startCancel(s) {
  if (LAY === 'mosa') return mosaPane(s);
  if (MCA && !s.in_window) return cancelingPane(s);
  if (MCA) return reasonPane(s, L.cancelSub, 'select', L.cancelSub, 'cancel', detailsHash(s));
  reasonPane(s, L.cancelSub, 'radios', L.save, 'cancel', '#/admin/billing/products');
}
function blocked(s, role) {
  if (!s.cancellable) return {text: 'This subscription is free. There is nothing to cancel.', mode: 'missing'};
  if (s.status !== 'Active') return {text: `This subscription was canceled on ${date(s.canceled)}. An admin can reactivate it within 90 days.`, mode: 'missing'};
  if (s.expires) return {text: `Recurring billing is off. Expires on ${date(s.expires)}.`, mode: 'missing'};
  if (!['Global admin', 'Billing admin'].includes(role)) return {text: `You can’t cancel this subscription because you’re a ${role}. Only a Global admin or a Billing admin can cancel it.`, mode: 'disabled'};
  if (s.channel === 'partner') return {text: `You can’t cancel this subscription online because it was bought through a partner (${s.partner}). Ask your partner to cancel it.`, mode: 'missing'};
  if (s.channel === 'product key') return {text: 'This subscription was bought with a product key. It can’t be canceled; it expires at the end of its term, with no refund.', mode: 'missing'};
  if (s.account === 'MOSA' && s.assigned > 25) return {text: 'You can’t cancel this subscription online because more than 25 licenses are assigned. Reduce the number of licenses to 25 or fewer, or contact support.', mode: 'disabled'};
  return null;
}

/* ---- screens ---- */
function chrome(admin, billingOpen) {
  reskin(); closePane(true);
  const apps = h('div', {role: 'region', 'aria-label': 'Microsoft 365 apps', c: 'fly', hidden: true, style: 'left:8px'}, heading(2, 'Apps'),
    ['Outlook', 'Word', 'Excel', 'PowerPoint', 'Teams'].map(n => h('a', {href: '#/'}, n)), link('Admin', '#/admin', C.new_tab));
  const initials = C.user.split(' ').map(w => w[0]).join('');
  const acct = h('div', {role: 'region', 'aria-label': 'Account', c: 'fly', hidden: true, style: 'right:8px'}, h('div', {c: 'val'}, C.user),
    h('div', {c: 'muted'}, C.user.toLowerCase().replace(' ', '.') + '@contoso.onmicrosoft.com'), h('a', {href: '#/'}, 'View account'));
  const help = h('div', {role: 'region', 'aria-label': 'Help', c: 'fly', hidden: true, style: 'right:50px'}, h('div', {}, 'Need help? Search the help articles.'));
  const top = h('div', {role: 'banner', c: 'top'},
    flyout(btn('⋮⋮⋮', () => {}, {aria: 'App launcher', c: 'ico', expanded: 'false'}), apps),
    h('span', {c: 'brand'}, admin ? 'Microsoft 365 admin center' : 'Microsoft 365'),
    h('div', {role: 'search', c: 'srch'}, h('input', {type: 'search', 'aria-label': 'Search', placeholder: 'Search'})),
    flyout(btn('?', () => {}, {aria: 'Help', c: 'ico', expanded: 'false'}), help),
    flyout(btn(initials, () => {}, {aria: `Account manager for ${C.user}`, c: 'ico ava', expanded: 'false'}), acct));
  const main = h('div', {role: 'main', c: 'main'}, spinner());
  let nav = null;
  if (admin) {
    const entries = LAY === 'classic' ? [[L.subscriptions, '#/admin/billing/subscriptions']] : [[L.yourProducts, '#/admin/billing/products']];
    const sub = h('ul', {hidden: !billingOpen}, [...entries, ['Bills & payments', '#/admin/billing/bills'], ['Billing accounts', '#/admin/billing/accounts'],
      ['Payment methods', '#/admin/billing/payment']].map(([t, u]) => h('li', {}, h('a', {href: u}, t))));
    const bb = flyout(btn(L.billing, () => {}, {expanded: String(!!billingOpen)}), sub);
    nav = h('div', {role: 'navigation', 'aria-label': 'Admin center', c: 'side'}, h('ul', {},
      h('li', {}, h('a', {href: '#/admin'}, 'Home')), h('li', {}, h('a', {href: '#/admin/users'}, 'Users')),
      h('li', {}, h('a', {href: '#/admin/teams'}, 'Teams & groups')), h('li', {}, ...bb),
      h('li', {}, h('a', {href: '#/admin/settings'}, 'Settings')), h('li', {}, h('a', {href: '#/admin/setup'}, 'Setup'))));
  }
  document.body.replaceChildren(top, h('div', {c: 'wrap'}, nav, main));
  return main;
}
function facts(s) {
  const items = [['Status', stat(s.status)], [null, lic(s)], ['Billing account type', s.account], ['Purchase channel', chan(s)],
    ['Start date', date(s.start)], ['Renewal date', date(s.renewal)], ['Next charge date', s.recurring ? date(s.next_charge) : '—']];
  if (LAY === 'mosa') return h('div', {c: 'tiles'}, items.map(([l, v]) => h('div', {c: 'tile'}, h('span', {c: 'lab'}, l || 'Licenses'), h('span', {c: 'val'}, v))));
  return h('div', {c: 'lines'}, items.map(([l, v]) => h('div', {}, l ? `${l}: ${v}` : v)));
}
function details(main, S, s) {
  if (!s) return main.append(heading(1, 'Subscription not found'));
  document.title = `${s.name} - Microsoft 365 admin center`;
  const b = blocked(s, S.role);
  main.append(h('div', {c: 'muted'}, h('a', {href: LAY === 'classic' ? '#/admin/billing/subscriptions' : '#/admin/billing/products'}, LAY === 'classic' ? L.subscriptions : L.yourProducts), ' › ', s.name));
  main.append(h('div', {c: 'row'}, heading(1, s.name), chip(s)));
  if (flash) { main.append(h('div', {role: 'status', c: 'note'}, flash)); flash = null; }
  if (s.expires) main.append(h('p', {}, `Expires on ${date(s.expires)}`));
  main.append(facts(s));
  const note = b ? h('p', {c: 'warn'}, b.text) : null;
  const cb = b && b.mode === 'missing' ? null : btn(L.cancelSub, () => startCancel(s), {disabled: !!b});
  if (MCA) {
    main.append(section(2, 'Billing settings', heading(3, 'Subscription status'), h('div', {c: 'row'}, chip(s), h('span', {}, `Recurring billing: ${s.recurring ? 'On' : 'Off'}`)), note, cb));
  } else if (LAY === 'classic') {
    const lb = h('div', {role: 'listbox', 'aria-label': L.more, hidden: true, c: 'menu', style: 'position:static;display:inline-block'},
      ['Add licenses', 'Remove licenses'].map(t => h('div', {role: 'option', tabindex: '-1', 'aria-selected': 'false', c: 'opt', onclick: () => { location.hash = '#/admin/users'; }}, t)),
      cb && h('div', {role: 'option', tabindex: '-1', 'aria-selected': 'false', 'aria-disabled': b ? 'true' : null, c: 'opt',
        onclick: () => { if (!b) location.hash = detailsHash(s) + '/cancel'; }, onkeydown: ev => { if (ev.key === 'Enter' && !b) location.hash = detailsHash(s) + '/cancel'; }}, L.cancelSub));
    const mb = flyout(btn([L.more, h('span', {'aria-hidden': 'true'}, ' ⋯')], () => setTimeout(() => { if (!lb.hidden) lb.firstChild.focus(); }), {expanded: 'false'}), lb);
    main.append(section(2, L.settingsActions, note, h('div', {}, mb[0]), lb));
  } else {
    main.append(section(2, LAY === 'mosa' ? L.subPay : L.settingsActions, h('p', {c: 'muted'}, `Paid monthly by credit card. Renews on ${date(s.renewal)}.`), note, cb));
  }
}
function classicCancel(main, S, s) {
  const b = s && blocked(s, S.role);
  if (!s || b) { main.append(heading(1, L.cancelSub), h('p', {c: 'warn'}, b ? b.text : 'Subscription not found')); return; }
  let reason = null, fb = '';
  const err = h('div', {role: 'alert', c: 'err'});
  const today = new Date().toISOString().slice(0, 10), plus = d => new Date(Date.now() + d * 864e5).toISOString().slice(0, 10);
  main.append(heading(1, L.cancelSub), h('p', {}, s.name),
    section(2, 'Important dates', h('div', {c: 'lines'}, h('div', {}, `Cancellation date: ${date(today)}`), h('div', {}, `Users lose access: ${date(today)}`),
      h('div', {}, `Admins can reactivate until: ${date(plus(90))}`), h('div', {}, `Data deleted no later than: ${date(plus(180))}`))),
    section(2, 'Why are you canceling?', reasonControl('native', r => { reason = r; }), feedback(v => { fb = v; }), err,
      h('div', {}, finalBtn(L.cancelSub, () => reason ? true : (err.textContent = 'Select a reason to continue.', false),
        () => send(s, 'cancel', {reason, feedback: fb}, 'Your subscription was canceled.', detailsHash(s))),
        btn(L.cancel, () => { location.hash = detailsHash(s); }))));
}
function cardList(main, S, title) {
  document.title = `${title} - Microsoft 365 admin center`;
  main.append(heading(1, title), h('p', {c: 'muted'}, 'Products and subscriptions your organization has bought.'));
  if (flash) { main.append(h('div', {role: 'status', c: 'note'}, flash)); flash = null; }
  main.append(h('div', {role: 'list', 'aria-label': title, c: 'cards'}, S.subs.map(s => h('div', {role: 'listitem', c: 'card'},
    h('div', {c: 'row'}, link(s.name, detailsHash(s), C.new_tab), chip(s)), h('div', {}, lic(s)),
    h('div', {c: 'muted'}, s.renewal ? `${s.recurring ? 'Renews' : 'Ends'} ${date(s.renewal)}` : 'Free')))));
}
function grid2021(main, S, cancelId) {
  document.title = `${L.yourProducts} - Microsoft 365 admin center`;
  main.append(heading(1, L.yourProducts));
  if (flash) { main.append(h('div', {role: 'status', c: 'note'}, flash)); flash = null; }
  const panels = [], tabs = [L.products, 'Licenses', 'Apps'].map((t, i) => {
    const tab = h('div', {role: 'tab', tabindex: i ? '-1' : '0', 'aria-selected': String(!i), id: rid(), c: 'tab', onclick: () => {
      tabs.forEach((x, j) => { x.setAttribute('aria-selected', String(i === j)); panels[j].hidden = i !== j; }); }}, t);
    return tab;
  });
  const rows = S.subs.map(s => {
    const b = blocked(s, S.role);
    const items = [['Assign licenses', '#/admin/users'], ['View bills', '#/admin/billing/bills']];
    if (!b) items.push([L.cancelSub, '#/admin/billing/products/cancel/' + s.id]);
    const menu = h('ul', {c: 'menu', hidden: true}, items.map(([t, u]) => h('li', {}, h('a', {href: u}, t))));
    return h('div', {role: 'row', c: 'grow'}, h('div', {role: 'gridcell', c: 'gcell'}, h('span', {c: 'val'}, s.name), b ? h('div', {c: 'muted'}, b.text) : null),
      h('div', {role: 'gridcell', c: 'gcell'}, chip(s)), h('div', {role: 'gridcell', c: 'gcell'}, s.total === null ? '—' : lic(s)),
      h('div', {role: 'gridcell', c: 'gcell'}, chan(s)), h('div', {role: 'gridcell', c: 'gcell'},
        ...flyout(btn('⋯', () => {}, {aria: `${L.more} ${T('for', 'pour')} ${s.name}`, c: 'ico', expanded: 'false'}), menu)));
  });
  panels.push(h('div', {role: 'tabpanel', 'aria-labelledby': tabs[0].id}, h('div', {role: 'grid', 'aria-label': L.products, c: 'grid'},
    h('div', {role: 'row', c: 'grow ghead'}, ['Product name', 'Status', 'Assigned licenses', 'Purchase channel', 'Actions'].map(t => h('div', {role: 'columnheader', c: 'gcell'}, t))), rows)));
  panels.push(h('div', {role: 'tabpanel', hidden: true, 'aria-labelledby': tabs[1].id}, h('p', {}, 'Assign licenses from the Users page.')));
  panels.push(h('div', {role: 'tabpanel', hidden: true, 'aria-labelledby': tabs[2].id}, h('p', {}, 'No apps to show.')));
  main.append(h('div', {role: 'tablist', 'aria-label': L.yourProducts, c: 'tabs'}, tabs), ...panels);
  const s = S.subs.find(x => x.id === cancelId);
  if (s && !blocked(s, S.role)) reasonPane(s, L.cancelSub, 'radios', L.save, 'cancel', '#/admin/billing/products', '#/admin/billing/products');
}
function render() {
  const p = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const admin = p[0] === 'admin' || !C.old_home, r = p[0] === 'admin' ? p.slice(1) : [];
  const main = chrome(admin, r[0] === 'billing' || r[0] === 'subscriptions');
  const gen = ++G, wait = firstScreen ? C.first_delay : C.delay;
  firstScreen = false;
  setTimeout(async () => {
    const S = await (await fetch('/api/state')).json();
    if (gen !== G) return;
    main.replaceChildren();
    const sub = S.subs.find(x => x.id === r[1]);
    if (!admin) {
      document.title = 'Microsoft 365';
      main.append(heading(1, `Welcome to Microsoft 365, ${C.user.split(' ')[0]}`), h('p', {c: 'muted'}, 'Recommended files and recent activity appear here.'));
    } else if (r.length === 0) {
      document.title = 'Home - Microsoft 365 admin center';
      main.append(heading(1, 'Home'), h('div', {c: 'cards'}, [['User management', 'Add, edit and remove users.'], ['Message center', '3 unread messages'],
        ['Training & guides', 'Learn how to set up your organization.']].map(([t, d]) => h('div', {c: 'card'}, heading(2, t), h('span', {c: 'muted'}, d)))));
    } else if (r[0] === 'billing' && (r[1] === 'products' || r[1] === 'subscriptions')) {
      if (LAY === '2021') grid2021(main, S, r[2] === 'cancel' ? r[3] : null);
      else cardList(main, S, r[1] === 'subscriptions' ? L.subscriptions : L.yourProducts);
    } else if (r[0] === 'subscriptions' && r[2] === 'cancel' && LAY === 'classic') classicCancel(main, S, sub);
    else if (r[0] === 'subscriptions') {
      details(main, S, sub);
      if (r[2] === 'recurring' && sub && MCA) recurringPane(sub);
    } else {
      const name = (r[r.length - 1] || '').replace(/^./, x => x.toUpperCase());
      main.append(heading(1, name), h('p', {c: 'muted'}, 'Nothing to show here yet.'));
    }
  }, wait * 1000);
}
window.addEventListener('hashchange', render);
render();
"""


def main():
    ap = argparse.ArgumentParser(description="Serve one scenario of the second Office 365 mock portal.")
    ap.add_argument("--scenario", default="en-mosa", choices=sorted(SCENARIOS))
    ap.add_argument("--port", type=int, default=8365)
    args = ap.parse_args()
    portal = SecondPortal(**SCENARIOS[args.scenario]["options"])
    print(f"{args.scenario}: {portal.start(args.port)}  (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        portal.stop()


if __name__ == "__main__":
    main()
