// Backtests (submit, progress, results, report) and the portfolio (positions, risk, cointegration).
import { api, el, fmt, may, toast, session } from './app.js';

/** A table of objects: one column per key of the first object (nested values flattened). */
function objectTable(list, id) {
  const rows = list.map(x => flatten(x));
  const keys = rows.length ? Object.keys(rows[0]) : [];
  return el('table', { id }, el('thead', {}, el('tr', {}, keys.map(k => el('th', { class: 'l' }, k)))),
    el('tbody', {}, rows.map(r => el('tr', {}, keys.map(k => el('td', { class: 'l' }, show(r[k])))))));
}

function flatten(x, prefix, out) {
  out = out || {};
  for (const [k, v] of Object.entries(x || {})) {
    const key = prefix ? prefix + '.' + k : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = Array.isArray(v) ? (v.length > 6 ? v.length + ' items' : v.map(show).join(', ')) : v;
  }
  return out;
}

function show(v) {
  if (typeof v === 'number') return fmt(v);
  if (v === null || v === undefined) return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function keyValues(obj, id) {
  const f = flatten(obj);
  return el('table', { id }, el('tbody', {}, Object.entries(f).map(([k, v]) =>
    el('tr', {}, el('td', { class: 'l muted' }, k), el('td', {}, show(v))))));
}

export function backtestsPage(root) {
  const list = el('tbody', { id: 'backtests' });
  const detail = el('div', { id: 'backtest-detail' });
  const files = el('select', { id: 'bt-events' });
  const orderSize = el('input', { id: 'bt-order-size', value: '0.001' });
  const maxPosition = el('input', { id: 'bt-max-position', value: '0.01' });
  const gamma = el('input', { id: 'bt-gamma', value: '0.1' });
  const queue = el('select', { id: 'bt-queue' }, ['risk-averse', 'power:2', 'log'].map(q => el('option', { value: q, selected: q === 'log' }, q)));
  const seed = el('input', { id: 'bt-seed', value: '1' });
  let selected = null;
  root.append(
    el('div', { class: 'card' }, el('h3', {}, 'New backtest'),
      el('div', { class: 'toolbar' }, 'events ', files, 'order size ', orderSize, 'max position ', maxPosition,
        'γ ', gamma, 'queue ', queue, 'seed ', seed,
        el('button', { id: 'bt-submit', disabled: !may('trader'), onclick: submit }, 'Run'))),
    el('div', { class: 'card' }, el('h3', {}, 'Backtests on this node'),
      el('table', {}, el('thead', {}, el('tr', {}, ['Id', 'Status', 'Progress', 'Events', 'Total P&L', 'Sharpe', 'Fills', 'Max drawdown']
        .map(h => el('th', { class: 'l' }, h)))), list)),
    detail);

  async function loadFiles() {
    try {
      const d = await api('GET', '/backtests/data');
      files.replaceChildren(...Object.entries(d).map(([f, ins]) => el('option', { value: f }, f + ' (' + ins.join(', ') + ')')));
    } catch (e) { files.replaceChildren(el('option', {}, 'no event files: ' + e.message)); }
  }

  async function submit() {
    const body = { events: [files.value], strategy: { orderSize: orderSize.value, maxPosition: maxPosition.value,
      gamma: Number(gamma.value) }, venue: { seed: Number(seed.value), queue: queue.value } };
    try {
      const v = await api('POST', '/backtests', body);
      toast('backtest ' + v.id + ' queued');
      selected = v.id;
      load();
    } catch (e) { toast('backtest refused: ' + e.message, true); }
  }

  function metric(v, k) { return v.metrics && v.metrics[k] !== undefined ? fmt(v.metrics[k], 4) : '—'; }

  async function load() {
    try {
      const all = await api('GET', '/backtests');
      list.replaceChildren(...all.map(v => el('tr', { class: 'clickable', dataset: { id: v.id, status: v.status },
        onclick: () => { selected = v.id; load(); } },
        el('td', { class: 'l' }, v.id), el('td', { class: 'l' }, v.status), el('td', { class: 'l' }, fmt(100 * v.progress, 1) + '%'),
        el('td', { class: 'l' }, v.eventsDone + ' / ' + v.eventsTotal), el('td', { class: 'l' }, metric(v, 'total')),
        el('td', { class: 'l' }, metric(v, 'sharpe')), el('td', { class: 'l' }, metric(v, 'fills')),
        el('td', { class: 'l' }, metric(v, 'maxDrawdown')))));
      const v = all.find(x => x.id === selected);
      if (v) {
        detail.replaceChildren(el('div', { class: 'card' }, el('h3', {}, 'Backtest ' + v.id + ' · ' + v.status),
          v.error ? el('p', { class: 'error' }, v.error) : '',
          v.metrics ? keyValues(v.metrics, 'bt-metrics') : el('p', { class: 'muted' }, 'running…'),
          v.status === 'DONE' ? el('button', { id: 'bt-report', onclick: () => report(v.id) }, 'Download the HTML report') : ''));
      }
    } catch (e) { list.replaceChildren(el('tr', {}, el('td', { class: 'error' }, e.message))); }
  }

  async function report(id) {
    const r = await fetch('/backtests/' + encodeURIComponent(id) + '/report', {
      headers: { Authorization: 'Bearer ' + session.token } });
    if (!r.ok) { toast('no report: ' + r.status, true); return; }
    const url = URL.createObjectURL(new Blob([await r.text()], { type: 'text/html' }));
    const a = el('a', { href: url, download: 'backtest-' + id + '.html' });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  loadFiles();
  load();
  const timer = setInterval(load, 2000);
  return { stop() { clearInterval(timer); } };
}

export function portfolioPage(root) {
  const totals = el('div', { id: 'portfolio-totals', class: 'card' });
  const positions = el('div', { id: 'portfolio-positions', class: 'card' });
  const risk = el('div', { id: 'portfolio-risk', class: 'card' });
  const coint = el('div', { id: 'portfolio-coint', class: 'card' });
  root.append(el('div', { class: 'grid' }, totals, risk), positions, coint);

  async function load() {
    try {
      const p = await api('GET', '/portfolio');
      totals.replaceChildren(el('h3', {}, 'Totals (USD) · ' + p.instrumentsReporting + ' instruments reporting'),
        keyValues(Object.assign({}, p.totals, { drawdownUsd: p.drawdownUsd, peakPnlUsd: p.peakPnlUsd }), 'portfolio-totals-table'));
      positions.replaceChildren(el('h3', {}, 'Positions'), objectTable(p.positions || [], 'positions-table'));
    } catch (e) {
      totals.replaceChildren(el('h3', {}, 'Portfolio'), el('p', { class: 'error' }, e.message));
      return;
    }
    try {
      const r = await api('GET', '/portfolio/risk');
      const breaches = r.breaches || [];
      risk.replaceChildren(el('h3', {}, 'Risk'),
        el('p', { class: breaches.length ? 'error' : 'pos', id: 'portfolio-breaches' },
          breaches.length ? breaches.length + ' limit breach(es): ' + breaches.map(b => b.limit || b.kind || JSON.stringify(b)).join('; ') : 'within limits'),
        r.risk ? keyValues(r.risk, 'portfolio-risk-table') : el('p', { class: 'muted' }, r.error || 'not evaluated yet'));
    } catch (e) { risk.replaceChildren(el('h3', {}, 'Risk'), el('p', { class: 'error' }, e.message)); }
    try {
      const c = await api('GET', '/portfolio/cointegration');
      const pairs = (c.scan && (c.scan.pairs || c.scan.results)) || [];
      coint.replaceChildren(el('h3', {}, 'Cointegration'), pairs.length ? objectTable(pairs, 'coint-table')
        : el('p', { class: 'muted' }, 'no pairs scanned yet'));
    } catch (e) { coint.replaceChildren(el('h3', {}, 'Cointegration'), el('p', { class: 'error' }, e.message)); }
  }

  load();
  const timer = setInterval(load, 5000);
  return { stop() { clearInterval(timer); } };
}
