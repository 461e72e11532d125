// Overview: every instrument of the cluster (sortable, filterable, paged), totals, nodes and feeds.
import { api, el, fmt, signed, stateOf, badge, nodeName, onLive, openStream } from './app.js';

const COLUMNS = [
  { key: 'instrument', label: 'Instrument', cls: 'l', value: r => r.instrument },
  { key: 'node', label: 'Node', cls: 'l', value: r => nodeName(r.hostedOn) },
  { key: 'state', label: 'State', cls: 'l', value: r => stateOf(r) },
  { key: 'quoted', label: 'Both sides', value: r => (r.bothSidesQuoted ? 1 : 0) },
  { key: 'bid', label: 'Our bid', value: r => r.ourBidPrice },
  { key: 'ask', label: 'Our ask', value: r => r.ourAskPrice },
  { key: 'mid', label: 'Mid', value: r => r.midPrice },
  { key: 'inventory', label: 'Inventory', value: r => r.inventoryBase },
  { key: 'pnl', label: 'P&L', value: r => r.totalPnlQuote },
  { key: 'captured', label: 'Spread captured', value: r => r.capturedQuote },
  { key: 'fills', label: 'Fills', value: r => r.fills },
  { key: 'uptime', label: 'Uptime', value: r => r.quoteUptime },
  { key: 'risk', label: 'Feed', cls: 'l', value: r => (r.bookStale ? 2 : 0) + (r.bookGaps + r.bookResyncs > 0 ? 1 : 0) },
];

export function overviewPage(root) {
  const view = { sort: 'instrument', desc: false, filter: '', page: 0, pageSize: 50, data: null };
  const totals = el('div', { class: 'stats', id: 'totals' });
  const nodes = el('tbody', { id: 'nodes' });
  const feeds = el('tbody', { id: 'feeds' });
  const filter = el('input', { id: 'filter', placeholder: 'filter: instrument, node or state', size: 36 });
  const pageSize = el('select', { id: 'page-size' },
    [25, 50, 100, 250].map(n => el('option', { value: n, selected: n === 50 }, n)));
  const pager = el('span', { id: 'pager' });
  const head = el('tr', {}, COLUMNS.map(c =>
    el('th', { class: c.cls, dataset: { key: c.key }, onclick: () => sortBy(c.key) }, c.label)));
  const body = el('tbody', { id: 'instruments' });
  root.append(
    totals,
    el('div', { class: 'grid' },
      el('div', { class: 'card' }, el('h3', {}, 'Nodes'),
        el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Node'), el('th', { class: 'l' }, 'Status'),
          el('th', {}, 'Instruments'))), nodes)),
      el('div', { class: 'card' }, el('h3', {}, 'Feeds'),
        el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Feed'), el('th', {}, 'Messages/s'),
          el('th', {}, 'Gaps'), el('th', {}, 'Resyncs'), el('th', {}, 'Latency p50 µs'))), feeds))),
    el('div', { class: 'card' },
      el('div', { class: 'toolbar' }, filter, 'rows per page', pageSize, pager),
      el('table', { id: 'instrument-table' }, el('thead', {}, head), body)));

  filter.addEventListener('input', () => { view.filter = filter.value.trim().toLowerCase(); view.page = 0; draw(); });
  pageSize.addEventListener('change', () => { view.pageSize = Number(pageSize.value); view.page = 0; draw(); });

  function sortBy(key) {
    if (view.sort === key) view.desc = !view.desc; else { view.sort = key; view.desc = false; }
    draw();
  }

  function rows() {
    const all = (view.data && view.data.instruments) || [];
    const col = COLUMNS.find(c => c.key === view.sort) || COLUMNS[0];
    const f = view.filter;
    const out = all.filter(r => !f || r.instrument.toLowerCase().includes(f)
      || nodeName(r.hostedOn).includes(f) || stateOf(r).includes(f));
    out.sort((a, b) => {
      const x = col.value(a); const y = col.value(b);
      const c = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return view.desc ? -c : c;
    });
    return out;
  }

  function draw() {
    const d = view.data;
    if (!d) return;
    const t = d.totals;
    const pnl = Object.entries(t.pnlByQuoteCurrency || {});
    totals.replaceChildren(
      stat('Instruments', t.instruments, 'total-instruments'),
      stat('Making', t.making, 'total-making'),
      stat('Halted', t.halted, 'total-halted'),
      stat('Both sides quoted', t.bothSidesQuoted, 'total-quoted'),
      stat('Fills', t.fills, 'total-fills'),
      ...pnl.map(([q, v]) => stat('P&L ' + q, signed(v.totalPnl, 2))),
      ...pnl.map(([q, v]) => stat('Spread captured ' + q, fmt(v.spreadCaptured, 2))),
      stat('Nodes answering', (d.nodesAsked - d.nodesUnavailable) + ' / ' + d.nodesAsked));
    nodes.replaceChildren(...d.nodes.map(n => el('tr', { dataset: { node: nodeName(n.address) } },
      el('td', {}, nodeName(n.address) + (n.self ? ' (this node)' : '')),
      el('td', { class: 'l' }, n.status), el('td', {}, n.instruments))));
    head.querySelectorAll('th').forEach(th => {
      th.classList.toggle('sorted-asc', th.dataset.key === view.sort && !view.desc);
      th.classList.toggle('sorted-desc', th.dataset.key === view.sort && view.desc);
    });
    const list = rows();
    const pages = Math.max(1, Math.ceil(list.length / view.pageSize));
    view.page = Math.min(view.page, pages - 1);
    const shown = list.slice(view.page * view.pageSize, (view.page + 1) * view.pageSize);
    body.replaceChildren(...shown.map(r => el('tr', {
      class: 'clickable', dataset: { instrument: r.instrument, state: stateOf(r) },
      onclick: () => { location.hash = '#/i/' + encodeURIComponent(r.instrument); } },
      el('td', {}, r.instrument), el('td', { class: 'l' }, nodeName(r.hostedOn)),
      el('td', { class: 'l' }, badge(stateOf(r), r.haltReason || r.quoting)),
      el('td', {}, r.bothSidesQuoted ? 'yes' : 'no'),
      el('td', {}, fmt(r.ourBidPrice)), el('td', {}, fmt(r.ourAskPrice)), el('td', {}, fmt(r.midPrice)),
      el('td', {}, signed(r.inventoryBase)), el('td', {}, signed(r.totalPnlQuote, 2)),
      el('td', {}, fmt(r.capturedQuote, 2)), el('td', {}, r.fills),
      el('td', {}, fmt(100 * r.quoteUptime, 1) + '%'),
      el('td', { class: 'l' }, r.bookStale ? 'stale' : r.bookGaps + r.bookResyncs > 0
        ? r.bookGaps + ' gaps, ' + r.bookResyncs + ' resyncs' : 'ok'))));
    pager.replaceChildren(
      el('button', { id: 'prev', disabled: view.page === 0, onclick: () => { view.page--; draw(); } }, '‹'),
      ' page ' + (view.page + 1) + ' of ' + pages + ' (' + list.length + ' instruments) ',
      el('button', { id: 'next', disabled: view.page >= pages - 1, onclick: () => { view.page++; draw(); } }, '›'));
  }

  function stat(label, value, id) {
    return el('div', { class: 'stat', id }, el('div', { class: 'v' }, value), el('div', { class: 'k' }, label));
  }

  async function loadFeeds() {
    try {
      const m = await api('GET', '/feeds/metrics');
      const lat = await api('GET', '/feeds/latency').catch(() => null);
      feeds.replaceChildren(...feedRows(m, lat));
    } catch (e) {
      feeds.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'no feeds on this node')));
    }
  }

  openStream(null);
  const off = onLive((type, payload) => { if (type === 'overview') { view.data = payload; draw(); } });
  api('GET', '/dashboard/overview').then(d => { if (!view.data) { view.data = d; draw(); } }).catch(() => {});
  loadFeeds();
  const feedTimer = setInterval(loadFeeds, 5000);
  return { stop() { off(); clearInterval(feedTimer); } };
}

/** One row per venue feed of GET /feeds/metrics; the node's latencies of GET /feeds/latency. */
function feedRows(metrics, latency) {
  const rows = metrics.map(f => el('tr', { dataset: { feed: f.venue } },
    el('td', {}, f.venue + (f.connected ? '' : ' (disconnected)')),
    el('td', {}, fmt(f.messagesPerSecond, 1)), el('td', {}, f.gaps), el('td', {}, f.resyncs),
    el('td', {}, '')));
  if (latency) {
    for (const [name, h] of Object.entries(latency)) {
      rows.push(el('tr', {}, el('td', { class: 'muted' }, 'latency ' + name), el('td', {}, ''),
        el('td', {}, ''), el('td', {}, ''), el('td', {}, h.count ? fmt(h.p50Micros, 0) : '—')));
    }
  }
  return rows;
}
