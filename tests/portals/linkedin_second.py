"""An independent ("second") mock of the LinkedIn Sales Navigator portal, written from docs/portals.md alone.

It is a single-page app drawn by JavaScript (hash routing) behind a spinner, with ARIA roles on <div>s,
cards instead of tables, list-of-links or listbox menus, random ids and class names on every render.
Every irreversible action is one POST to /api/...; the server appends it to `portal.record`
(also served as JSON at GET /__record). Stdlib only.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAYOUTS = ("linkedin", "linkedin-settings", "salesnav", "salesnav-older", "legacy")
PLANS = ("Core", "Advanced", "Advanced Plus")
CHANNELS = ("LinkedIn web", "Apple App Store", "Google Play", "LinkedIn Sales contract", "team seat")
DEFAULTS = dict(
    locale="en",
    layout="salesnav",
    delay=0.3,
    cold_start=None,
    new_tab=False,
    plan="Core",
    channel="LinkedIn web",
    purchaser=None,
    trial=False,
    already_cancelled=False,
    second_subscription=False,
    seats=20,
    assigned=12,
    inmail=38,
    user="Alex Martin",
    next_billing="2027-03-31",
)

CSS = r"""
*{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,system-ui,"Segoe UI",Roboto,sans-serif;background:#f4f2ee;color:#1d2226}
.$top{display:flex;align-items:center;gap:14px;padding:6px 28px;background:#fff;border-bottom:1px solid #ddd;position:sticky;top:0;z-index:5}
.$dark{background:#1b1f23;color:#fff;border-bottom:0}.$dark .$nl,.$dark .$brand{color:#fff}
.$brand{font-weight:700;font-size:19px;color:#0a66c2;text-decoration:none;white-space:nowrap}
.$search{padding:7px 12px;border-radius:4px;border:1px solid #ccd;background:#edf3f8;width:280px;font:inherit}
.$nav{display:flex;gap:18px;margin-left:auto;align-items:center}
.$nl{color:#555;text-decoration:none;font-size:12px;cursor:pointer;display:inline-flex;flex-direction:column;align-items:center;gap:2px}
.$ib{cursor:pointer;width:32px;height:32px;border-radius:50%;display:inline-flex;align-items:center;justify-content:center;font-weight:700;border:1px solid transparent}
.$ib:hover{background:rgba(0,0,0,.08)}
.$av{width:26px;height:26px;border-radius:50%;background:#915907;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-size:11px;font-weight:700}
.$wrap{position:relative;display:inline-block}
.$pop{position:absolute;right:0;top:110%;background:#fff;border:1px solid #ddd;border-radius:8px;box-shadow:0 6px 18px rgba(0,0,0,.18);min-width:220px;padding:6px 0;z-index:20;color:#1d2226;text-align:left}
.$pop ul{list-style:none;margin:0;padding:0}.$pop a,.$opt{display:block;padding:8px 16px;color:#1d2226;text-decoration:none;cursor:pointer;font-size:14px}
.$pop a:hover,.$opt:hover,.$opt:focus{background:#eef3f8;outline:0}.$dis,.$dis:hover{color:#999!important;cursor:not-allowed;padding:8px 16px;display:block}
.$main{max-width:1100px;margin:24px auto;padding:0 18px}
.$card{background:#fff;border-radius:8px;border:1px solid #e0dfdc;padding:18px 22px;margin-bottom:14px}
.$btn{display:inline-block;padding:6px 18px;border-radius:18px;border:1px solid #0a66c2;color:#0a66c2;background:#fff;font-weight:600;font-size:14px;font-family:inherit;line-height:1.4;cursor:pointer;text-decoration:none}
.$pri{background:#0a66c2;color:#fff}.$btn[aria-disabled=true],.$btn:disabled{opacity:.45;cursor:not-allowed}
.$chip{display:inline-block;padding:1px 9px;border-radius:10px;background:#e6f4ea;color:#1e6b34;font-size:12px;font-weight:600;margin-left:10px;vertical-align:middle}
.$chipx{background:#fde7e7;color:#a4262c}.$chipt{background:#e8f0fb;color:#0a66c2}
.$h1{font-size:24px;font-weight:600;margin:2px 0 12px;display:inline-block}.$h2{font-size:18px;font-weight:600;margin:0 0 10px}.$h3{font-size:16px;font-weight:600;display:inline-block}
.$spin{width:36px;height:36px;border:4px solid #cfd8e3;border-top-color:#0a66c2;border-radius:50%;margin:90px auto;animation:$rot .8s linear infinite}
@keyframes $rot{to{transform:rotate(360deg)}}
.$ov{position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center;z-index:30}
.$dlg{background:#fff;border-radius:10px;width:540px;max-width:92vw;padding:22px 26px;box-shadow:0 10px 40px rgba(0,0,0,.3)}
.$row{display:flex;gap:10px;justify-content:flex-end;align-items:center;margin-top:18px}
.$cols{display:grid;grid-template-columns:230px 1fr;gap:22px}
.$side{background:#fff;border-radius:8px;border:1px solid #e0dfdc;padding:10px 0;align-self:start}
.$side a{display:block;padding:9px 18px;color:#1d2226;text-decoration:none}.$side a[aria-current=page]{border-left:3px solid #0a66c2;font-weight:600;background:#f3f6f8}
.$tabs{display:flex;border-bottom:1px solid #ddd;margin-bottom:14px}.$tab{padding:10px 18px;cursor:pointer;color:#555}
.$tab[aria-selected=true]{border-bottom:2px solid #057642;color:#057642;font-weight:600}
.$radio{display:flex;gap:10px;align-items:center;padding:7px 0;cursor:pointer}.$dot{width:18px;height:18px;border-radius:50%;border:2px solid #666}
[aria-checked=true]>.$dot{border:6px solid #0a66c2}
.$note{background:#fff4ce;border-left:4px solid #c19c00;padding:10px 14px;margin:12px 0}.$ok{background:#e6f4ea;border-left:4px solid #057642;padding:10px 14px;margin:12px 0}
.$muted{color:#666;font-size:13px}.$facts{display:grid;grid-template-columns:1fr 1fr;gap:8px 28px;margin:14px 0}
.$facts>div{padding:8px 0;border-bottom:1px solid #eee}.$lead{display:flex;gap:12px;align-items:center;padding:10px 0;border-bottom:1px solid #eee}
"""

JS = r"""
const C = __CFG__;
const FR = C.locale === 'fr';
const x = (en, fr) => (FR && fr ? fr : en);
let R = {}, S = null, seq = 0, pop = null, dlg = null;
const rnd = () => Math.random().toString(36).slice(2, 8);
const uid = () => 'n' + rnd() + rnd();
const cl = s => s.split(' ').map(k => R[k] || (R[k] = String.fromCharCode(97 + (Math.random() * 26 | 0)) + rnd())).join(' ');
const style = document.createElement('style'); document.head.append(style);
const CSS = __CSS__;
function h(tag, a, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(a || {})) {
    if (v == null || v === false) continue;
    if (k === 'c') e.className = cl(v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(9)) if (k != null && k !== false) e.append(k);
  return e;
}
const H = (lvl, text, o = {}) => h('div', {role: 'heading', 'aria-level': lvl, id: o.id, c: 'h' + Math.min(lvl, 3)}, text);
const card = (...k) => h('div', {c: 'card'}, ...k);
const lnk = (label, href, o = {}) => h('a', {href, c: o.c, target: o.blank ? '_blank' : null, rel: o.blank ? 'noopener' : null, 'aria-current': o.cur ? 'page' : null}, label);
function btn(kids, run, o = {}) {
  const e = o.native ? h('button', {type: 'button', c: o.c || 'btn'}, kids) : h('div', {role: 'button', tabindex: 0, c: o.c || 'btn'}, kids);
  for (const [k, v] of Object.entries(o.attrs || {})) if (v != null) e.setAttribute(k, v);
  if (o.disabled) e.setAttribute('aria-disabled', 'true');
  e.addEventListener('click', ev => { if (e.getAttribute('aria-disabled') === 'true' || e.disabled) return; ev.stopPropagation(); run(ev, e); });
  return e;
}
const post = (u, b) => fetch(u, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(b)}).then(r => r.json());
const MON = x(['January','February','March','April','May','June','July','August','September','October','November','December'],
  ['janvier','février','mars','avril','mai','juin','juillet','août','septembre','octobre','novembre','décembre']);
const long = iso => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MON[m - 1]} ${y}`; };
const ini = C.user.split(' ').map(w => w[0]).join('');
const firstName = C.user.split(' ')[0];
const primary = () => S.subs.find(s => s.primary);
const CANCEL = x('Cancel', 'Annuler');

// ---- popups (menus of links or listboxes) and dialogs ----
function closePop() { if (pop) { pop.p.remove(); pop.b.setAttribute('aria-expanded', 'false'); pop = null; } }
function go(i) { closePop(); if (i.run) return i.run(); if (i.blank) window.open(i.href, '_blank'); else location.hash = i.href.slice(i.href.indexOf('#')); }
function links(items) {
  return h('ul', {}, items.map(i => h('li', {}, i.disabled ? h('span', {role: 'link', 'aria-disabled': 'true', c: 'dis'}, i.label)
    : h('a', {href: i.href || '#', target: i.blank ? '_blank' : null, onclick: e => { if (i.run) { e.preventDefault(); go(i); } else closePop(); }}, i.label))));
}
function listbox(items, label) {
  return h('div', {role: 'listbox', 'aria-label': label}, items.map(i => h('div', {role: 'option', 'aria-selected': 'false', tabindex: -1,
    'aria-disabled': i.disabled ? 'true' : null, c: i.disabled ? 'opt dis' : 'opt', onclick: e => { e.stopPropagation(); if (!i.disabled) go(i); }}, i.label)));
}
function menuBtn(kids, label, items, shape = 'links', o = {}) {
  const w = h('span', {c: 'wrap'});
  const b = btn(kids, () => {
    if (pop && pop.b === b) return closePop();
    closePop();
    const p = h('div', {c: 'pop'}, shape === 'listbox' ? listbox(items(), label || o.name) : shape === 'text' ? items() : links(items()));
    w.append(p); b.setAttribute('aria-expanded', 'true'); pop = {b, p};
    const f = p.querySelector('[role=option]:not([aria-disabled]),a'); if (f) f.focus();
  }, {c: o.c || 'nl', attrs: {'aria-haspopup': shape === 'listbox' ? 'listbox' : shape === 'text' ? null : 'true', 'aria-expanded': 'false', 'aria-label': label, title: label}});
  w.append(b); return w;
}
document.addEventListener('click', e => { if (pop && !pop.p.parentNode.contains(e.target)) closePop(); });
document.addEventListener('keydown', e => {
  const t = e.target, r = t.getAttribute && t.getAttribute('role');
  if (['button', 'tab', 'option', 'radio'].includes(r) && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); t.click(); }
  if (r === 'option' && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    e.preventDefault(); const o = [...t.parentNode.children]; const n = o[(o.indexOf(t) + (e.key === 'ArrowDown' ? 1 : o.length - 1)) % o.length]; n.focus();
  }
  if (e.key === 'Escape') { if (pop) closePop(); else if (dlg) dlg.close(); }
});
function closeDialog() { if (dlg) { dlg.el.remove(); dlg = null; } }
function dialog(title, body, actions, onclose) {
  closeDialog();
  const id = uid();
  const close = () => { closeDialog(); if (onclose) onclose(); };
  const d = h('div', {role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': id, c: 'dlg'}, H(2, title, {id}), body,
    h('div', {c: 'row'}, btn(CANCEL, close, {native: Math.random() < 0.5}), actions));
  dlg = {el: h('div', {c: 'ov'}, d), close};
  document.body.append(dlg.el);
  const f = d.querySelector('[role=radio],[tabindex],button'); if (f) f.focus();
  return d;
}

// ---- chrome, drawn first on every page ----
const search = label => h('input', {type: 'search', 'aria-label': label, placeholder: label, c: 'search'});
const help = () => menuBtn('?', x('Help', 'Aide'), () => h('p', {c: 'muted', style: 'padding:4px 16px'}, x('Help Center is not part of this demo portal.', 'Le centre d’aide ne fait pas partie de ce portail de démonstration.')), 'text', {c: 'ib'});
const avatar = name => menuBtn(h('span', {c: 'av', 'aria-hidden': 'true'}, ini), name,
  () => [{label: x('View profile', 'Voir le profil'), href: '#/na'}, {label: x('Sign out', 'Se déconnecter'), href: '#/na'}], 'links', {c: 'ib'});
const launcher = () => menuBtn('⋮⋮⋮', x('App launcher', 'Lanceur d’applications'), () => [
  {label: 'LinkedIn', href: '#/na'}, {label: 'LinkedIn Learning', href: '#/na'}, {label: x('Talent Insights', 'Talent Insights'), href: '#/na'}], 'links', {c: 'ib'});
function chrome(app) {
  if (app === 'li') return h('header', {role: 'banner', c: 'top'}, lnk('LinkedIn', '#/feed', {c: 'brand'}), search(x('Search', 'Rechercher')),
    h('nav', {'aria-label': x('Primary', 'Principale'), c: 'nav'},
      lnk(x('Home', 'Accueil'), '#/feed', {c: 'nl'}), lnk(x('My Network', 'Réseau'), '#/na', {c: 'nl'}), lnk(x('Jobs', 'Emplois'), '#/na', {c: 'nl'}),
      lnk(x('Messaging', 'Messagerie'), '#/na', {c: 'nl'}),
      menuBtn([h('span', {c: 'av', 'aria-hidden': 'true'}, ini), h('span', {}, x('Me', 'Vous'))], null, () => [
        {label: x('View profile', 'Voir le profil'), href: '#/na'},
        C.layout === 'linkedin' ? {label: x('Premium features', 'Fonctionnalités Premium'), href: '#/premium'} : null,
        {label: 'Settings & Privacy', href: '#/settings'}, {label: x('Help', 'Aide'), href: '#/na'},
        {label: x('Sign out', 'Se déconnecter'), href: '#/na'}].filter(Boolean)),
      launcher(), help()));
  if (app === 'ac') return h('header', {role: 'banner', c: 'top dark'}, launcher(), h('span', {c: 'brand'}, 'LinkedIn Admin Center'),
    search(x('Search Admin Center', 'Rechercher dans Admin Center')), h('span', {c: 'nav'}, help(), avatar(x(`Account manager for ${C.user}`, `Gestionnaire de compte pour ${C.user}`))));
  const admin = C.layout === 'salesnav' ? menuBtn('Admin', null, () => [{label: 'Admin Center', href: '/#/admin', blank: C.new_tab}, {label: x('Users', 'Utilisateurs'), href: '#/na'}])
    : C.layout === 'salesnav-older' ? menuBtn('Admin Settings', null, () => [{label: 'Manage Your Account', href: '/#/admin', blank: C.new_tab}, {label: x('Usage reporting', 'Rapports d’utilisation'), href: '#/na'}], 'listbox', {name: 'Admin Settings'})
    : null;
  const me = C.layout === 'legacy' ? menuBtn(h('span', {c: 'av', 'aria-hidden': 'true'}, ini), `Profile photo of ${C.user}`, () => [
    {label: 'Settings', href: '#/sales/settings'}, {label: x('Help Center', 'Centre d’aide'), href: '#/na'}, {label: x('Sign out', 'Se déconnecter'), href: '#/na'}], 'links', {c: 'ib'})
    : avatar(x(`Account manager for ${C.user}`, `Gestionnaire de compte pour ${C.user}`));
  return h('header', {role: 'banner', c: 'top dark'}, launcher(), lnk('Sales Navigator', '#/sales', {c: 'brand'}), search(x('Search for leads and accounts', 'Rechercher des prospects et des comptes')),
    h('nav', {'aria-label': 'Sales Navigator', c: 'nav'}, lnk(x('Home', 'Accueil'), '#/sales', {c: 'nl'}), lnk(x('Lists', 'Listes'), '#/na', {c: 'nl'}),
      lnk(x('Messages', 'Messages'), '#/na', {c: 'nl'}), admin, help(), me));
}

// ---- facts ----
const blockedHard = s => s.blocked && !s.disabled;
function chip(s) {
  return [h('span', {c: s.status === 'active' ? 'chip' : 'chip chipx'}, {active: 'Active', cancelled: 'Cancelled', ended: 'Inactive'}[s.status]),
    s.trial ? h('span', {c: 'chip chipt'}, x('Free trial', 'Essai gratuit')) : null];
}
const endLine = s => [h('p', {role: 'status', c: 'ok'}, `Your subscription will end on ${FR ? s.next : long(s.next)}`),
  h('p', {c: 'muted'}, x('Access continues until the end of the billing cycle.', 'L’accès continue jusqu’à la fin du cycle de facturation.'))];
const WHY = {
  apple: ['You can’t cancel this subscription here because it was bought through the Apple App Store. Cancel it on your Apple device.',
    'Vous ne pouvez pas annuler cet abonnement ici, car il a été acheté sur l’Apple App Store. Annulez-le sur votre appareil Apple.'],
  contract: ['You can’t cancel this subscription online because it is part of a LinkedIn Sales contract. Contact your account manager to cancel it.',
    'Vous ne pouvez pas annuler cet abonnement en ligne, car il fait partie d’un contrat LinkedIn Sales. Contactez votre gestionnaire de compte.'],
  team: ['You can’t cancel this subscription because it is a team seat. Only your team’s admin can cancel it.',
    'Vous ne pouvez pas annuler cet abonnement, car il s’agit d’une licence d’équipe. Seul l’administrateur de votre équipe peut l’annuler.'],
  purchaser: ['Only the admin who made the purchase (%) can cancel this subscription.', 'Seul l’administrateur qui a effectué l’achat (%) peut annuler cet abonnement.'],
};
const why = s => h('p', {c: 'note'}, x(...WHY[s.blocked]).replace('%', s.purchaser));
function facts(s) {
  const f = t => h('div', {role: 'listitem'}, t);
  return h('div', {role: 'list', 'aria-label': x('Subscription details', 'Détails de l’abonnement'), c: 'facts'},
    f(x(`Plan: ${s.plan}`, `Formule : ${s.plan}`)),
    f(FR ? `Licences : ${s.assigned} attribuées sur ${s.total}` : `Seats: ${s.assigned} of ${s.total} assigned`),
    f(x(`InMail credits left: ${s.inmail}`, `Crédits InMail restants : ${s.inmail}`)),
    f(x(`Purchased through: ${s.channel}`, `Canal d’achat : ${s.channel}`)),
    f(x(`Purchased by: ${s.purchaser}${s.purchaser === C.user ? ' (you)' : ''}`, `Acheté par : ${s.purchaser}${s.purchaser === C.user ? ' (vous)' : ''}`)),
    s.status === 'active' ? f(x(`Next billing date: ${long(s.next)}`, `Prochaine date de facturation : ${long(s.next)}`)) : null);
}
const losses = s => h('ul', {}, h('li', {}, x(`You’ll lose your ${s.inmail} InMail credits.`, `Vous perdrez vos ${s.inmail} crédits InMail.`)),
  h('li', {}, x('Saved leads, accounts, notes and messages will be deleted. They can’t be exported.', 'Les prospects, comptes, notes et messages enregistrés seront supprimés. Ils ne peuvent pas être exportés.')),
  h('li', {}, x('You’ll give up your current price.', 'Vous renoncerez à votre tarif actuel.')));

// ---- LinkedIn pages ----
const feed = () => h('div', {c: 'cols'}, card(h('span', {c: 'av', 'aria-hidden': 'true'}, ini), H(2, C.user), h('p', {c: 'muted'}, x('Account manager at Northwind Traders', 'Responsable de comptes chez Northwind Traders'))),
  h('div', {}, card(H(1, x('Feed', 'Fil d’actualité')), h('p', {c: 'muted'}, x('Start a post', 'Commencer un post'))),
    ['Priya Shah', 'Tomás Ruiz'].map(n => h('div', {role: 'article', c: 'card'}, h('strong', {}, n), h('p', {}, x('Thrilled to share our Q3 pipeline review is out.', 'Ravi de partager notre revue de pipeline du T3.'))))));
const premium = () => { const s = primary(); return card(H(1, x('Premium features', 'Fonctionnalités Premium')), h('p', {}, x(`You have ${s.name}.`, `Vous avez ${s.name}.`), chip(s)),
  h('ul', {}, h('li', {}, x('Advanced lead and account search', 'Recherche avancée de prospects et de comptes')), h('li', {}, x(`${s.inmail} InMail credits left`, `${s.inmail} crédits InMail restants`))),
  h('div', {c: 'row', style: 'justify-content:flex-start'}, lnk('Manage subscription', '#/premium/subscription', {c: 'btn pri'}))); };
const premiumSub = () => { const s = primary(); return card(H(1, x('Your subscription', 'Votre abonnement')), h('p', {}, h('strong', {}, s.name), chip(s)),
  h('p', {}, x('Sales Navigator purchases are managed by your company’s admins in the Admin Center.', 'Les achats Sales Navigator sont gérés par les administrateurs dans Admin Center.')),
  lnk('Admin Center', '/#/admin', {c: 'btn pri', blank: C.new_tab})); };
const settingsLI = () => h('div', {c: 'cols'},
  h('nav', {'aria-label': 'Settings', c: 'side'}, lnk('Account preferences', '#/settings', {cur: true}), lnk('Sign in & security', '#/na'), lnk('Visibility', '#/na'), lnk('Data privacy', '#/na')),
  h('div', {}, H(1, 'Account preferences'),
    card(H(2, x('Profile information', 'Informations du profil')), h('p', {c: 'muted'}, x('Name, location, and industry', 'Nom, lieu et secteur'))),
    card(H(2, x('Display', 'Affichage')), h('p', {c: 'muted'}, x('Dark mode', 'Mode sombre'))),
    card(H(2, x('Subscriptions & payments', 'Abonnements et paiements')), h('ul', {}, h('li', {}, lnk(x('Manage Premium account', 'Gérer le compte Premium'), '#/premium')),
      h('li', {}, lnk(x('View purchase history', 'Voir l’historique des achats'), '#/na'))))));

// ---- Sales Navigator pages ----
const sales = () => [card(H(1, x(`Good morning, ${firstName}`, `Bonjour ${firstName}`)), h('p', {c: 'muted'}, x('3 new lead recommendations', '3 nouvelles recommandations de prospects'))),
  card(H(2, x('Recommended leads', 'Prospects recommandés')), [['Priya Shah', 'VP Sales, Contoso'], ['Tomás Ruiz', 'Head of Revenue, Fabrikam']].map(([n, r]) =>
    h('div', {c: 'lead'}, h('span', {c: 'av', 'aria-hidden': 'true'}, n[0]), h('div', {}, h('strong', {}, n), h('div', {c: 'muted'}, r)))))];
function snSettings() {
  const s = primary();
  const act = s.status !== 'active' ? endLine(s) : blockedHard(s) ? why(s)
    : s.disabled ? [why(s), h('span', {role: 'link', 'aria-disabled': 'true', c: 'dis'}, x('Cancel Subscription', 'Annuler l’abonnement'))]
    : lnk(x('Cancel Subscription', 'Annuler l’abonnement'), '#/sales/settings/cancel');
  return [H(1, x('Settings', 'Paramètres')), card(H(2, x('Account Type', 'Type de compte')), h('p', {}, h('strong', {}, s.name), chip(s)), facts(s), act),
    card(H(2, x('Email notifications', 'Notifications par e-mail')), h('p', {c: 'muted'}, x('Weekly digest: on', 'Résumé hebdomadaire : activé'))),
    card(H(2, x('CRM settings', 'Paramètres CRM')), h('p', {c: 'muted'}, x('Not connected', 'Non connecté')))];
}
function snCancel() {
  const s = primary();
  if (s.status !== 'active' || s.blocked) return card(H(1, x('Settings', 'Paramètres')), s.blocked ? why(s) : endLine(s), lnk(x('Back to Settings', 'Retour aux paramètres'), '#/sales/settings'));
  return card(H(1, x('We’re sorry to see you go', 'Annuler mon abonnement')), h('p', {}, x(`Before you cancel ${s.name}, here is what you’ll lose:`, `Avant d’annuler ${s.name}, voici ce que vous perdrez :`)), losses(s),
    h('div', {c: 'row', style: 'justify-content:space-between'}, lnk(x('Back to Settings', 'Retour aux paramètres'), '#/sales/settings'),
      btn('Continue to cancel', () => reasonDialog(s), {c: 'btn pri'})));
}
function reasonDialog(s) {
  let choice = null;
  const qid = uid();
  const reasons = [x('I don’t need it any more', 'Je n’en ai plus besoin'), x('It’s too expensive', 'C’est trop cher'), x('I’m switching to another product', 'Je passe à un autre produit'), x('Other', 'Autre')];
  const next = btn(x('Continue', 'Continuer'), () => offerDialog(s, choice), {c: 'btn pri', disabled: true});
  const radios = reasons.map(r => h('div', {role: 'radio', 'aria-checked': 'false', tabindex: 0, c: 'radio', onclick: e => {
    radios.forEach(o => o.setAttribute('aria-checked', String(o === e.currentTarget))); choice = r; next.setAttribute('aria-disabled', 'false'); }},
    h('span', {c: 'dot', 'aria-hidden': 'true'}), h('span', {}, r)));
  dialog(x('Why are you cancelling?', 'Pourquoi annulez-vous ?'), [h('p', {id: qid, c: 'muted'}, x('Choose a reason to continue.', 'Choisissez un motif pour continuer.')),
    h('div', {role: 'radiogroup', 'aria-labelledby': qid}, radios)], [next]);
}
function offerDialog(s, reason) {
  dialog(x('Before you go: 50% off your next 2 months', 'Avant de partir : 50 % de réduction sur vos 2 prochains mois'),
    h('p', {}, x(`Keep ${s.name} and your ${s.inmail} InMail credits at half price for two months.`, `Gardez ${s.name} et vos ${s.inmail} crédits InMail à moitié prix pendant deux mois.`)),
    [btn('Accept offer', async (e, b) => { b.setAttribute('aria-disabled', 'true'); await post('/api/offer', {id: s.id});
      dialog(x('Offer applied', 'Offre appliquée'), h('p', {}, x('Your subscription continues at the discounted price.', 'Votre abonnement continue au tarif réduit.')), [btn('Done', () => closeDialog(), {c: 'btn pri'})]); }),
     btn('No thanks, continue to cancel', () => confirmDialog(s, reason), {c: 'btn pri'})]);
}
function confirmDialog(s, reason) {
  const back = () => { location.hash = '#/sales/settings'; };
  dialog(x('Review your cancellation', 'Vérifiez votre annulation'), [h('p', {}, x(`${s.name} will end at the end of your billing cycle, on ${long(s.next)}.`, `${s.name} prendra fin à la fin de votre cycle de facturation, le ${long(s.next)}.`)), losses(s)],
    [btn(x('Confirm cancellation', 'Confirmer l’annulation'), async (e, b) => { b.disabled = true; b.setAttribute('aria-disabled', 'true');
      await post('/api/cancel', {id: s.id, via: 'confirm-cancellation', reason});
      dialog(x('Your cancellation is confirmed', 'Votre annulation est confirmée'), endLine(s), [btn('Done', () => { closeDialog(); back(); }, {c: 'btn pri'})], back); }, {native: true, c: 'btn pri'})]);
}

// ---- Admin Center pages ----
const acPage = (cur, ...content) => h('div', {c: 'cols'}, h('nav', {'aria-label': 'Admin Center', c: 'side'},
  lnk(x('Overview', 'Vue d’ensemble'), '#/admin', {cur: cur === 'o'}), lnk('Purchases', '#/admin/purchases', {cur: cur === 'p'}),
  lnk(x('Users', 'Utilisateurs'), '#/na'), lnk(x('Billing history', 'Historique de facturation'), '#/na')), h('div', {}, content));
const overview = () => { const s = primary(); return acPage('o', H(1, x('Overview', 'Vue d’ensemble')), card(h('p', {}, x(`Welcome to Admin Center, ${firstName}.`, `Bienvenue dans Admin Center, ${firstName}.`)),
  h('p', {}, FR ? `Licences : ${s.assigned}/${s.total}` : `Seats: ${s.assigned} assigned of ${s.total}`), h('p', {c: 'muted'}, x('Manage contracts, seats and purchases from the menu.', 'Gérez contrats, licences et achats depuis le menu.')))); };
function purchases(m) {
  const keys = ['active', 'inactive'], pid = uid();
  const panel = h('div', {role: 'tabpanel', id: pid});
  const subCard = s => { const hid = uid(); return h('div', {role: 'article', 'aria-labelledby': hid, c: 'card'},
    h('div', {}, H(3, lnk(s.name, `#/admin/sub/${s.id}`), {id: hid}), chip(s)),
    h('div', {c: 'muted'}, [`${x('Plan', 'Formule')}: ${s.plan}`, FR ? `Licences : ${s.assigned}/${s.total}` : `${s.assigned}/${s.total} seats`,
      s.status === 'active' ? x(`Renews ${s.next}`, `Renouvellement le ${s.next}`) : s.status === 'cancelled' ? `Your subscription will end on ${s.next}` : x(`Ended ${s.next}`, `Terminé le ${s.next}`)].join(' · '))); };
  const select = k => { tabs.forEach((t, i) => t.setAttribute('aria-selected', String(keys[i] === k))); panel.setAttribute('aria-labelledby', tabs[keys.indexOf(k)].id);
    const l = S.subs.filter(s => (s.status === 'ended') === (k === 'inactive'));
    panel.replaceChildren(...(l.length ? l.map(subCard) : [card(x('No subscriptions here.', 'Aucun abonnement ici.'))])); };
  const tabs = keys.map(k => h('div', {role: 'tab', id: uid(), tabindex: 0, 'aria-controls': pid, c: 'tab', onclick: () => select(k)}, k === 'active' ? 'Active' : 'Inactive'));
  select(m[1] ? 'inactive' : 'active');
  return acPage('p', H(1, 'Purchases'), h('div', {role: 'tablist', 'aria-label': 'Purchases', c: 'tabs'}, tabs), panel);
}
function subPage(m) {
  const s = S.subs.find(v => v.id === m[1]);
  if (!s) return notAvail();
  const shape = {linkedin: 'links', 'linkedin-settings': 'listbox', salesnav: 'listbox', 'salesnav-older': 'links'}[C.layout];
  const label = s.trial ? 'Cancel free trial' : x('Cancel subscription', 'Annuler l’abonnement');
  const items = () => [{label: x('Add seats', 'Ajouter des licences'), href: '#/na'}, {label: x('View invoices', 'Voir les factures'), href: '#/na'},
    s.status === 'active' && !blockedHard(s) ? (shape === 'links' ? {label, href: `#/admin/sub/${s.id}/cancel`, disabled: s.disabled} : {label, run: () => cancelDialog(s), disabled: s.disabled}) : null].filter(Boolean);
  if (m[2] && s.status === 'active' && !s.blocked) setTimeout(() => cancelDialog(s), 0);
  return acPage('p', lnk(x('‹ Purchases', '‹ Purchases'), '#/admin/purchases'), h('div', {}, H(1, s.name), chip(s)), card(facts(s),
    s.status === 'cancelled' ? endLine(s) : null, s.blocked && s.status === 'active' ? why(s) : null,
    s.status !== 'ended' ? menuBtn('Actions', null, items, shape, {c: 'btn', name: 'Actions'}) : h('p', {}, x(`This subscription ended on ${long(s.next)}.`, `Cet abonnement a pris fin le ${long(s.next)}.`))));
}
function cancelDialog(s) {
  const home = `#/admin/sub/${s.id}`;
  const fin = btn('Confirm cancel', async (e, b) => { b.disabled = true; b.setAttribute('aria-disabled', 'true');
    await post('/api/cancel', {id: s.id, via: 'confirm-cancel'}); closeDialog(); if (location.hash === home) route(); else location.hash = home; }, {native: Math.random() < 0.5, c: 'btn pri'});
  dialog(s.trial ? x('Cancel your free trial?', 'Annuler votre essai gratuit ?') : x(`Cancel ${s.name}?`, `Annuler ${s.name} ?`),
    [h('p', {}, x(`If you cancel, you keep access until ${long(s.next)}.`, `Si vous annulez, vous gardez l’accès jusqu’au ${long(s.next)}.`)), losses(s)], [fin],
    () => { if (location.hash !== home) location.hash = home; });
}
const notAvail = () => card(H(1, x('Not available', 'Non disponible')), h('p', {}, x('This part of LinkedIn is not included in this demo portal.', 'Cette partie de LinkedIn n’est pas incluse dans ce portail de démonstration.')));

// ---- router: chrome first, then a spinner, then the screen after a delay ----
const PAGES = [[/^\/feed$/, 'li', feed], [/^\/premium$/, 'li', premium], [/^\/premium\/subscription$/, 'li', premiumSub], [/^\/settings$/, 'li', settingsLI],
  [/^\/sales$/, 'sn', sales], [/^\/sales\/settings$/, 'sn', snSettings], [/^\/sales\/settings\/cancel$/, 'sn', snCancel],
  [/^\/admin$/, 'ac', overview], [/^\/admin\/purchases(\/inactive)?$/, 'ac', purchases], [/^\/admin\/sub\/([\w-]+)(\/cancel)?$/, 'ac', subPage]];
async function route() {
  const my = ++seq; closePop(); closeDialog(); R = {};
  const path = location.hash.slice(1) || (C.layout.startsWith('linkedin') ? '/feed' : '/sales');
  let m = null, app = C.layout.startsWith('linkedin') ? 'li' : 'sn', fn = notAvail;
  for (const [re, a, f] of PAGES) if ((m = path.match(re))) { app = a; fn = f; break; }
  style.textContent = CSS.replace(/\$([a-z0-9]+)/g, (_, k) => cl(k));
  document.title = {li: 'LinkedIn', sn: 'Sales Navigator', ac: 'LinkedIn Admin Center'}[app];
  const main = h('main', {c: 'main', 'aria-busy': 'true'}, h('div', {role: 'progressbar', 'aria-label': x('Loading', 'Chargement'), c: 'spin'}));
  document.body.replaceChildren(chrome(app), main);
  const st = await (await fetch('/api/state')).json();
  setTimeout(() => { if (my !== seq) return; S = st; main.removeAttribute('aria-busy'); main.replaceChildren(...[].concat(fn(m))); }, 1000 * Math.max(C.delay, st.cold_left));
}
window.addEventListener('hashchange', route);
route();
"""

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>LinkedIn</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><script>{js}</script></body></html>"""


def _js_literal(value):
    return json.dumps(value).replace("</", "<\\/")


class SecondPortal:
    LAYOUTS = LAYOUTS

    def __init__(self, **options):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        o = {**DEFAULTS, **options}
        if o["cold_start"] is None:
            o["cold_start"] = o["delay"]
        if o["layout"] not in LAYOUTS or o["locale"] not in ("en", "fr"):
            raise ValueError(f"layout must be one of {LAYOUTS} and locale 'en' or 'fr'")
        if o["plan"] not in PLANS or o["channel"] not in CHANNELS:
            raise ValueError(f"plan must be one of {PLANS} and channel one of {CHANNELS}")
        self.options = o
        self.record = []
        self._lock = threading.Lock()
        self._served = None  # time of the first screen request: the cold start runs from there
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        main = dict(
            id="sn-" + o["plan"].lower().replace(" ", "-"),
            name="Sales Navigator " + o["plan"],
            plan=o["plan"],
            assigned=o["assigned"],
            total=o["seats"],
            inmail=o["inmail"],
            channel=o["channel"],
            purchaser=o["purchaser"] or o["user"],
            trial=o["trial"],
            next=o["next_billing"],
            primary=True,
            status="cancelled" if o["already_cancelled"] else "active",
        )
        main["blocked"] = {"Apple App Store": "apple", "LinkedIn Sales contract": "contract", "team seat": "team"}.get(
            o["channel"]
        )
        if not main["blocked"] and o["plan"] != "Core" and main["purchaser"] != o["user"]:
            main["blocked"] = "purchaser"
        main["disabled"] = main["blocked"] == "purchaser"
        self._subs = [
            main,
            dict(
                id="premium-business",
                name="Premium Business",
                plan="Premium Business",
                assigned=1,
                total=1,
                inmail=0,
                channel="LinkedIn web",
                purchaser=o["user"],
                trial=False,
                next="2024-11-02",
                primary=False,
                status="ended",
                blocked=None,
                disabled=False,
            ),
        ]
        if o["second_subscription"]:
            plan = "Core" if o["plan"] != "Core" else "Advanced"
            self._subs.insert(
                0,
                dict(
                    main,
                    id="sn-team-" + plan.lower(),
                    name="Sales Navigator " + plan,
                    plan=plan,
                    assigned=5,
                    total=5,
                    inmail=120,
                    channel="LinkedIn web",
                    purchaser=o["user"],
                    trial=False,
                    primary=False,
                    status="active",
                    blocked=None,
                    disabled=False,
                ),
            )
        cfg = {k: o[k] for k in ("locale", "layout", "new_tab", "delay", "cold_start", "user")}
        js = JS.replace("__CFG__", _js_literal(cfg)).replace("__CSS__", _js_literal(CSS))
        self._page = PAGE.format(lang=o["locale"], js=js).encode()

    def _state(self):
        with self._lock:
            if self._served is None:
                self._served = time.monotonic()
            cold = max(0.0, self.options["cold_start"] - (time.monotonic() - self._served))
            return {"cold_left": cold, "subs": [dict(s) for s in self._subs]}

    def _act(self, path, body):
        with self._lock:
            sub = next((s for s in self._subs if s["id"] == body.get("id")), None)
            name = sub["name"] if sub else body.get("id")
            if path == "/api/offer":
                self.record.append({"action": "accept-offer", "subscription": name, "layout": self.options["layout"]})
            else:
                self.record.append(
                    {
                        "action": "cancel-free-trial" if sub and sub["trial"] else "cancel-subscription",
                        "subscription": name,
                        "via": body.get("via"),
                        "layout": self.options["layout"],
                        **({"reason": body["reason"]} if body.get("reason") else {}),
                    }
                )
                if sub and sub["status"] == "active":
                    sub["status"] = "cancelled"
        return {"ok": True}

    def start(self, port=0):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, data, ctype="application/json"):
                if not isinstance(data, bytes):
                    data = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype + "; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = self.path.split("?")[0]
                if path in ("/", "/index.html"):
                    self._send(200, portal._page, "text/html")
                elif path == "/api/state":
                    self._send(200, portal._state())
                elif path == "/__record":
                    with portal._lock:
                        self._send(200, list(portal.record))
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self):
                path = self.path.split("?")[0]
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if path not in ("/api/cancel", "/api/offer"):
                    return self._send(404, {"error": "not found"})
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                self._send(200, portal._act(path, body if isinstance(body, dict) else {}))

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
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


SCENARIOS = {
    f"{loc}-{lay}": _sc(
        "dry-run-complete",
        f"{lay} path in {loc.upper()}, Sales Navigator Core bought on LinkedIn web",
        locale=loc,
        layout=lay,
    )
    for loc in ("en", "fr")
    for lay in LAYOUTS
}
SCENARIOS.update(
    {
        "blocked-apple": _sc(
            "blocked",
            "bought through Apple App Store: the page says to cancel on the Apple device, no cancel item",
            layout="salesnav",
            channel="Apple App Store",
        ),
        "blocked-sales-contract": _sc(
            "blocked",
            "LinkedIn Sales contract: go through the account manager, no cancel item",
            layout="linkedin",
            plan="Advanced Plus",
            channel="LinkedIn Sales contract",
        ),
        "blocked-team-seat": _sc(
            "blocked",
            "legacy settings on a team seat: only the team's admin can cancel, no Cancel Subscription",
            layout="legacy",
            channel="team seat",
        ),
        "blocked-not-purchaser": _sc(
            "blocked",
            "Advanced bought by another admin: Cancel subscription shown disabled with a sentence",
            layout="salesnav-older",
            plan="Advanced",
            purchaser="Jordan Lee",
        ),
        "fr-blocked-apple-legacy": _sc(
            "blocked", "French legacy settings, Apple purchase", locale="fr", layout="legacy", channel="Apple App Store"
        ),
        "already-cancelled": _sc(
            "already-cancelled",
            "status Cancelled and 'Your subscription will end on DATE' already shown",
            layout="salesnav",
            already_cancelled=True,
        ),
        "fr-already-cancelled-legacy": _sc(
            "already-cancelled",
            "French legacy settings already show the end date",
            locale="fr",
            layout="legacy",
            already_cancelled=True,
        ),
        "cold-start": _sc(
            "dry-run-complete", "first screen takes 9 s behind a spinner", layout="linkedin-settings", cold_start=9
        ),
        "new-tab-linkedin": _sc(
            "dry-run-complete",
            "Admin Center link opens a new tab from Manage subscription",
            layout="linkedin",
            new_tab=True,
        ),
        "new-tab-salesnav-older": _sc(
            "dry-run-complete",
            "Manage Your Account (listbox option) opens a new tab",
            layout="salesnav-older",
            new_tab=True,
        ),
        "two-subscriptions": _sc(
            "dry-run-complete",
            "Purchases lists Core first, then the Advanced Plus one to cancel",
            "Sales Navigator Advanced Plus",
            layout="salesnav",
            plan="Advanced Plus",
            second_subscription=True,
        ),
        "free-trial": _sc(
            "dry-run-complete",
            "trial: Actions offers Cancel free trial, then Confirm cancel",
            layout="salesnav",
            trial=True,
        ),
    }
)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Serve one LinkedIn Sales Navigator mock scenario until Ctrl-C.")
    ap.add_argument("--scenario", default="en-salesnav", choices=sorted(SCENARIOS))
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    portal = SecondPortal(**SCENARIOS[args.scenario]["options"])
    print(portal.start(port=args.port), flush=True)
    assert portal._thread is not None
    try:
        portal._thread.join()
    except KeyboardInterrupt:
        portal.stop()


if __name__ == "__main__":
    main()
