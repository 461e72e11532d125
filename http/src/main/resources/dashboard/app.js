// The dashboard's shell: the token, the API client, the live stream, the router and shared helpers.
import { overviewPage } from './overview.js';
import { instrumentPage } from './instrument.js';
import { riskPage } from './risk.js';
import { backtestsPage, portfolioPage } from './pages.js';

const TOKEN_KEY = 'mm.token';
export const session = { token: sessionStorage.getItem(TOKEN_KEY), name: null, roles: [] };

/** Thrown for a refused request: the API's JSON error and the HTTP status. */
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** Calls the API with the session's token; resolves to the parsed JSON answer. */
export async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + session.token };
  const init = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (r.status === 401) { logout('your token was refused: ' + (json && json.error)); }
  if (!r.ok) { throw new ApiError(r.status, (json && json.error) || r.statusText); }
  return json;
}

/** Whether the session's token holds one of {@code roles} (admin holds every role). */
export function may(...roles) {
  return session.roles.includes('admin') || roles.some(r => session.roles.includes(r));
}

export function toast(message, isError) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.className = 'toast' + (isError ? ' error' : '');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, isError ? 8000 : 4000);
}

/** Creates an element: el('td', {class: 'x'}, 'text', child...). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function fmt(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (typeof v !== 'number') return String(v);
  const d = digits === undefined ? (Math.abs(v) >= 1000 ? 2 : Math.abs(v) >= 1 ? 4 : 6) : digits;
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function signed(v, digits) {
  return el('span', { class: v > 0 ? 'pos' : v < 0 ? 'neg' : '' }, fmt(v, digits));
}

/** The instrument's state as the overview colours it: making, halted, pulled or stopped. */
export function stateOf(row) {
  if (row.halted) return 'halted';
  if (!row.making) return 'stopped';
  if (row.quoting && row.quoting !== 'QUOTING') return 'pulled';
  return 'making';
}

export function badge(state, title) {
  return el('span', { class: 'badge ' + state, title }, state);
}

/** A node's short name: host:port of its address. */
export function nodeName(address) {
  if (!address) return '—';
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : address;
}

// ------------------------------------------------------------------ live stream (server-sent events)

const listeners = new Set();
let streamAbort = null;
let streamInstrument = null;
let lastOverview = null;

/** Subscribes to stream events; returns the unsubscribe function. */
export function onLive(fn) {
  listeners.add(fn);
  if (lastOverview) fn('overview', lastOverview);
  return () => listeners.delete(fn);
}

/** (Re)opens the stream, with the instrument whose events the page wants (or none). */
export function openStream(instrument) {
  if (streamAbort && streamInstrument === (instrument || null)) return;
  if (streamAbort) streamAbort.abort();
  streamInstrument = instrument || null;
  const abort = new AbortController();
  streamAbort = abort;
  readStream(abort, streamInstrument, 0);
}

function setLive(on, text) {
  const l = document.getElementById('live');
  l.className = 'live ' + (on ? 'on' : 'off');
  l.textContent = text;
}

async function readStream(abort, instrument, attempt) {
  const q = instrument ? '?instrument=' + encodeURIComponent(instrument) : '';
  try {
    const r = await fetch('/dashboard/stream' + q, {
      headers: { Authorization: 'Bearer ' + session.token }, signal: abort.signal });
    if (r.status === 401) { logout('your token was refused'); return; }
    if (!r.ok) throw new Error('stream refused: ' + r.status);
    setLive(true, 'live');
    attempt = 0;
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let type = 'message';
        let data = '';
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        if (!data) continue;
        const payload = JSON.parse(data);
        if (type === 'overview') lastOverview = payload;
        for (const fn of listeners) {
          try { fn(type, payload); } catch (e) { console.warn('live view failed', e); }
        }
      }
    }
    throw new Error('stream ended');
  } catch (e) {
    if (abort.signal.aborted) return;
    setLive(false, 'reconnecting');
    const wait = Math.min(10000, 500 * 2 ** attempt);
    setTimeout(() => { if (!abort.signal.aborted) readStream(abort, instrument, attempt + 1); }, wait);
  }
}

// ------------------------------------------------------------------ login and routing

function logout(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  session.token = null;
  session.roles = [];
  if (streamAbort) { streamAbort.abort(); streamAbort = null; }
  showLogin(reason);
}

function showLogin(reason) {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('page').replaceChildren();
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = reason || '';
  setLive(false, 'offline');
}

async function login(token) {
  session.token = token;
  try {
    const me = await api('GET', '/auth/whoami');
    session.name = me.name;
    session.roles = me.roles || [];
    sessionStorage.setItem(TOKEN_KEY, token);
    document.getElementById('login').hidden = true;
    document.getElementById('nav').hidden = false;
    document.getElementById('logout').hidden = false;
    document.getElementById('who').textContent = me.name + ' (' + session.roles.join(', ') + ')';
    route();
  } catch (e) {
    session.token = null;
    showLogin(e.message);
  }
}

let current = null;

function route() {
  if (!session.token) return;
  const hash = location.hash || '#/';
  const page = document.getElementById('page');
  if (current && current.stop) current.stop();
  page.replaceChildren();
  let name = 'overview';
  if (hash.startsWith('#/i/')) {
    name = 'instrument';
    current = instrumentPage(page, decodeURIComponent(hash.slice(4)));
  } else if (hash === '#/risk') {
    name = 'risk';
    current = riskPage(page);
  } else if (hash === '#/backtests') {
    name = 'backtests';
    current = backtestsPage(page);
  } else if (hash === '#/portfolio') {
    name = 'portfolio';
    current = portfolioPage(page);
  } else {
    current = overviewPage(page);
  }
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
}

window.addEventListener('hashchange', route);
document.getElementById('login-form').addEventListener('submit', e => {
  e.preventDefault();
  const t = document.getElementById('token');
  login(t.value.trim());
  t.value = '';
});
document.getElementById('logout').addEventListener('click', () => logout('logged out'));
if (session.token) login(session.token); else showLogin();
