// One instrument: live depth with our orders, mid with our quotes and fills, inventory, P&L and
// drawdown, the last quote decision step by step, orders and fills, and the operator's controls.
import { api, el, fmt, signed, stateOf, badge, nodeName, onLive, openStream, may, toast } from './app.js';

const MODELS = ['glft', 'glft-exact', 'hjb', 'avellaneda-stoikov'];
const PARAMS = [
  ['riskAversion', 0.1], ['horizonSeconds', 60], ['minSpreadBps', 1], ['maxSpreadBps', 50],
  ['orderSize', '0.1'], ['maxPosition', '1.0'],
];

export function instrumentPage(root, id) {
  const series = { t: [], mid: [], bid: [], ask: [], inv: [], pnl: [], dd: [], fills: [] };
  let fills = [];
  let orders = [];
  let status = null;
  const header = el('div', { class: 'toolbar', id: 'instrument-header' }, el('h2', {}, id));
  const controls = el('div', { class: 'card', id: 'controls' });
  const priceBox = el('div', { class: 'chart', id: 'price-chart' });
  const invBox = el('div', { class: 'chart', id: 'inventory-chart' });
  const pnlBox = el('div', { class: 'chart', id: 'pnl-chart' });
  const depthBox = el('div', { class: 'chart', id: 'depth-chart' });
  const ladder = el('tbody', { id: 'ladder' });
  const decision = el('div', { id: 'decision' });
  const orderRows = el('tbody', { id: 'orders' });
  const fillRows = el('tbody', { id: 'fills' });
  root.append(header, controls,
    el('div', { class: 'grid' },
      el('div', { class: 'card' }, el('h3', {}, 'Mid, our bid and ask, our fills'), priceBox),
      el('div', { class: 'card' }, el('h3', {}, 'Depth'), depthBox,
        el('table', { class: 'ladder' }, el('thead', {}, el('tr', {}, el('th', {}, 'Bid size'),
          el('th', {}, 'Bid'), el('th', {}, 'Ask'), el('th', {}, 'Ask size'))), ladder)),
      el('div', { class: 'card' }, el('h3', {}, 'Inventory'), invBox),
      el('div', { class: 'card' }, el('h3', {}, 'P&L and drawdown'), pnlBox),
      el('div', { class: 'card' }, el('h3', {}, 'Last quote decision'), decision),
      el('div', { class: 'card' }, el('h3', {}, 'Working orders'), el('table', {}, el('thead', {},
        el('tr', {}, ['Side', 'Level', 'State', 'Price', 'Size', 'Executed', 'Client id'].map(h => el('th', {}, h)))), orderRows)),
      el('div', { class: 'card' }, el('h3', {}, 'Fills'), el('table', {}, el('thead', {},
        el('tr', {}, ['Time', 'Side', 'Maker', 'Price', 'Size', 'Fee', 'Trade id'].map(h => el('th', {}, h)))), fillRows))));

  const width = () => Math.max(360, priceBox.clientWidth || 600);
  const timeAxis = { scale: 'x', space: 80 };
  const price = chart(priceBox, [
    { label: 'mid', stroke: '#d8dee6' },
    { label: 'our bid', stroke: '#2fbf71' },
    { label: 'our ask', stroke: '#e5484d' },
    { label: 'buy fill', stroke: '#2fbf71', width: 0, points: { show: true, size: 9, fill: '#2fbf71' } },
    { label: 'sell fill', stroke: '#e5484d', width: 0, points: { show: true, size: 9, fill: '#e5484d' } },
  ], true);
  const inventory = chart(invBox, [{ label: 'inventory (base)', stroke: '#4ea1ff' }], true);
  const pnl = chart(pnlBox, [
    { label: 'P&L (quote)', stroke: '#2fbf71' }, { label: 'drawdown (quote)', stroke: '#e5484d' }], true);
  const depth = chart(depthBox, [
    { label: 'bids (cumulative)', stroke: '#2fbf71' }, { label: 'asks (cumulative)', stroke: '#e5484d' }], false);

  function chart(box, lines, time) {
    if (!window.uPlot) { box.append(el('p', { class: 'error' }, 'chart library not loaded')); return null; }
    const opts = {
      width: width(), height: 220, legend: { live: false },
      scales: { x: { time } },
      axes: [Object.assign({ stroke: '#8a96a3', grid: { stroke: '#2a3440' } }, time ? timeAxis : {}),
        { stroke: '#8a96a3', grid: { stroke: '#2a3440' }, size: 70 }],
      series: [{}, ...lines.map(l => Object.assign({ spanGaps: false, width: 1.5 }, l))],
    };
    return new window.uPlot(opts, [[], ...lines.map(() => [])], box);
  }

  /** The fills as points of the price chart at the sample nearest each fill. */
  function fillPoints() {
    const buy = series.t.map(() => null);
    const sell = series.t.map(() => null);
    for (const f of fills) {
      const t = f.timeMillis / 1000;
      let lo = 0; let hi = series.t.length - 1;
      if (hi < 0 || t < series.t[0] - 5 || t > series.t[hi] + 5) continue;
      while (lo < hi) { const m = (lo + hi) >> 1; if (series.t[m] < t) lo = m + 1; else hi = m; }
      (f.side === 'BUY' ? buy : sell)[lo] = Number(f.price);
    }
    return [buy, sell];
  }

  function redrawSeries() {
    const [buy, sell] = fillPoints();
    if (price) price.setData([series.t, series.mid, series.bid, series.ask, buy, sell]);
    if (inventory) inventory.setData([series.t, series.inv]);
    if (pnl) pnl.setData([series.t, series.pnl, series.dd]);
  }

  function addPoint(tMillis, row) {
    const t = tMillis / 1000;
    if (series.t.length && t <= series.t[series.t.length - 1]) return;
    series.t.push(t); series.mid.push(row.midPrice); series.bid.push(row.ourBidPrice);
    series.ask.push(row.ourAskPrice); series.inv.push(row.inventoryBase); series.pnl.push(row.totalPnlQuote);
    const peak = Math.max(series.peak ?? -Infinity, row.totalPnlQuote);
    series.peak = peak;
    series.dd.push(row.totalPnlQuote - peak);
    if (series.t.length > 3600) for (const k of ['t', 'mid', 'bid', 'ask', 'inv', 'pnl', 'dd']) series[k].shift();
  }

  function drawHeader(row) {
    header.replaceChildren(el('h2', {}, id), row ? badge(stateOf(row), row.haltReason || row.quoting) : '',
      row ? el('span', { class: 'muted' }, 'on ' + nodeName(row.hostedOn) + ' · ' + (row.quoting || '')) : '',
      row ? el('span', {}, 'inventory ', signed(row.inventoryBase), ' · P&L ', signed(row.totalPnlQuote, 2),
        ' · fills ' + row.fills) : '');
  }

  function drawControls(row) {
    const making = row && row.making;
    const model = el('select', { id: 'model' }, MODELS.map(m => el('option', {
      value: m, selected: status && status.strategy && String(status.strategy.model).toLowerCase().replace(/_/g, '-') === m }, m)));
    const fields = PARAMS.map(([k, d]) => {
      let v = d;
      if (status && status.parameters) {
        if (k === 'orderSize') v = status.orderSize; else if (k === 'maxPosition') v = status.maxPosition;
        else v = status.parameters[k];
      }
      return el('label', {}, k + ' ', el('input', { name: k, value: v ?? d }));
    });
    const tick = el('input', { name: 'tickSize', value: (status && status.tickSize) || '0.01' });
    const lot = el('input', { name: 'lotSize', value: (status && status.lotSize) || '0.001' });
    const trader = may('trader');
    const risk = may('risk');
    // Risk limits: set by the risk role; a restart keeps the instrument's loss and drawdown limits.
    const limit = (name, v) => el('label', {}, name + ' ', el('input', { name, id: 'limit-' + name, value: v ?? '' }));
    const st = status && status.strategy;
    const limits = [limit('maxPosition', status && status.maxPosition), limit('maxLoss', st && st.maxLoss),
      limit('maxDrawdown', st && st.maxDrawdown)];
    const limitBody = () => {
      const b = { instrument: id };
      for (const f of limits) {
        const i = f.querySelector('input');
        if (i.value !== '') b[i.name] = i.name === 'maxPosition' ? i.value : Number(i.value);
      }
      return b;
    };
    const kept = st ? { maxLoss: st.maxLoss, maxDrawdown: st.maxDrawdown } : {};
    const params = () => {
      const p = {};
      for (const f of fields) { const i = f.querySelector('input'); p[i.name] = /Size|Position/.test(i.name) ? i.value : Number(i.value); }
      return p;
    };
    controls.replaceChildren(
      el('fieldset', {}, el('legend', {}, 'Strategy'), 'model ', model, ' ', el('label', {}, 'tickSize ', tick),
        el('label', {}, 'lotSize ', lot), el('br'), fields),
      el('fieldset', {}, el('legend', {}, 'Risk limits'), limits,
        el('button', { id: 'set-limits', disabled: !risk || !status, onclick: () => act('limits', 'POST', '/maker/limits', limitBody()) }, 'Set limits')),
      el('div', { class: 'toolbar' },
        el('button', { id: 'start', disabled: !trader || making, onclick: () => act('start', 'POST', '/maker/start',
          { instrument: id, tickSize: tick.value, lotSize: lot.value, parameters: params(), strategy: { model: model.value, ...kept } }) }, 'Start'),
        el('button', { id: 'apply', disabled: !trader || !making, onclick: () => act('parameters', 'POST', '/maker/params',
          { instrument: id, parameters: params(), strategy: { model: model.value } }) }, 'Apply parameters'),
        el('button', { id: 'stop', disabled: !trader || !making, onclick: () => act('stop', 'POST', '/maker/stop?symbol=' + encodeURIComponent(id)) }, 'Stop'),
        el('button', { id: 'clear', disabled: !risk || !(row && row.halted), onclick: () => act('clear', 'POST', '/maker/risk/clear', { symbol: id }) }, 'Clear halt'),
        trader ? '' : el('span', { class: 'muted' }, 'your token may only read')));
  }

  async function act(what, method, path, body) {
    try {
      await api(method, path, body);
      toast(what + ': done');
      await loadStatus();
    } catch (e) {
      toast(what + ' refused: ' + e.message, true);
    }
  }

  function drawBook(b) {
    const bids = (b && b.book && b.book.bids) || [];
    const asks = (b && b.book && b.book.asks) || [];
    const ours = new Set(orders.map(o => o.side + ' ' + Number(o.price)));
    const n = Math.max(bids.length, asks.length);
    const rows = [];
    for (let i = 0; i < n; i++) {
      const bd = bids[i]; const ak = asks[i];
      rows.push(el('tr', {},
        el('td', { class: 'bid' }, bd ? bd.size : ''),
        el('td', { class: 'bid' + (bd && ours.has('BUY ' + Number(bd.price)) ? ' ours' : ''), title: bd && ours.has('BUY ' + Number(bd.price)) ? 'our order' : null }, bd ? bd.price : ''),
        el('td', { class: 'ask' + (ak && ours.has('SELL ' + Number(ak.price)) ? ' ours' : ''), title: ak && ours.has('SELL ' + Number(ak.price)) ? 'our order' : null }, ak ? ak.price : ''),
        el('td', { class: 'ask' }, ak ? ak.size : '')));
    }
    ladder.replaceChildren(...rows);
    if (depth) {
      const xs = []; const cb = []; const ca = [];
      let acc = 0;
      const bidPts = bids.map(l => { acc += Number(l.size); return [Number(l.price), acc]; }).reverse();
      acc = 0;
      const askPts = asks.map(l => { acc += Number(l.size); return [Number(l.price), acc]; });
      for (const [p, q] of bidPts) { xs.push(p); cb.push(q); ca.push(null); }
      for (const [p, q] of askPts) { xs.push(p); cb.push(null); ca.push(q); }
      depth.setData([xs, cb, ca]);
    }
  }

  function drawDecision(q) {
    const d = q && q.decision;
    if (!d) { decision.replaceChildren(el('p', { class: 'muted' }, 'no decision yet (' + ((q && q.quoting) || '—') + ')')); return; }
    decision.replaceChildren(
      el('p', {}, d.model + ' · ' + d.action + (d.reason ? ' (' + d.reason + ')' : '') + ' · σ ' +
        fmt(d.inputs && d.inputs.sigmaBpsPerSqrtSecond, 3) + ' bps/√s · inventory ' + (d.inputs ? d.inputs.inventory : '—')),
      el('table', { id: 'decision-steps' }, el('thead', {}, el('tr', {}, ['Step', 'Bid shift (ticks)', 'Ask shift (ticks)',
        'Bid (ticks)', 'Ask (ticks)', 'Note'].map(h => el('th', {}, h)))),
      el('tbody', {}, (d.steps || []).map(s => el('tr', {}, el('td', {}, s.step), el('td', {}, fmt(s.bidShiftTicks, 2)),
        el('td', {}, fmt(s.askShiftTicks, 2)), el('td', {}, fmt(s.bidTicks, 1)), el('td', {}, fmt(s.askTicks, 1)),
        el('td', { class: 'l' }, s.note || ''))))));
  }

  function drawOrders(o) {
    orders = (o && o.working) || [];
    orderRows.replaceChildren(...orders.map(x => el('tr', { dataset: { side: x.side } }, el('td', {}, x.side), el('td', {}, x.level),
      el('td', {}, x.state), el('td', {}, x.price), el('td', {}, x.size), el('td', {}, x.executed), el('td', {}, x.clientOrderId))));
  }

  function drawFills(f) {
    fills = (f && f.fills) || [];
    fillRows.replaceChildren(...fills.map(x => el('tr', {}, el('td', {}, new Date(x.timeMillis).toLocaleTimeString()),
      el('td', {}, x.side), el('td', {}, x.maker ? 'yes' : 'no'), el('td', {}, x.price), el('td', {}, x.size),
      el('td', {}, x.fee), el('td', {}, x.tradeId))));
  }

  async function loadStatus() {
    status = await api('GET', '/maker/status/' + encodeURIComponent(id)).catch(() => null);
    drawControls(lastRow);
  }

  let lastRow = null;
  let fast = 0;
  async function poll() {
    const q = encodeURIComponent(id);
    const asked = performance.now();
    const [b, o] = await Promise.all([
      api('GET', '/book/' + q + '?depth=15').catch(() => null),
      api('GET', '/orders/' + q).catch(() => null)]);
    drawOrders(o);
    drawBook(b);
    // How long from asking the node for the book to the ladder drawn (read by the browser test).
    root.dataset.bookDrawMillis = String(Math.round(performance.now() - asked));
    if (fast++ % 3 === 0) {
      const [f, d] = await Promise.all([
        api('GET', '/fills/' + q + '?limit=50').catch(() => null),
        api('GET', '/maker/quote/' + q).catch(() => null)]);
      drawFills(f);
      drawDecision(d);
      redrawSeries();
    }
  }

  // Live rows that arrive before the node's history is loaded wait for it: drawn first, they
  // would make every (older) point of the history look out of order and be dropped.
  let historyLoaded = false;
  const early = [];

  async function start() {
    await loadStatus();
    try {
      const h = await api('GET', '/dashboard/instrument/' + encodeURIComponent(id));
      lastRow = h.row;
      const c = h.history;
      if (c) {
        for (let i = 0; i < c.atMillis.length; i++) {
          addPoint(c.atMillis[i], { midPrice: c.midPrice[i], ourBidPrice: c.ourBidPrice[i], ourAskPrice: c.ourAskPrice[i],
            inventoryBase: c.inventoryBase[i], totalPnlQuote: c.totalPnlQuote[i] });
        }
      }
      root.dataset.historyPoints = String(series.t.length);
    } catch (e) {
      header.append(el('span', { class: 'error' }, ' ' + e.message));
    }
    historyLoaded = true;
    for (const row of early.splice(0)) addPoint(row.atMillis, row);
    drawHeader(lastRow);
    drawControls(lastRow);
    redrawSeries();
    poll();
  }

  openStream(id);
  const off = onLive((type, payload) => {
    if (type !== 'instrument' || payload.instrument !== id || !payload.row) return;
    const wasMaking = lastRow && lastRow.making;
    const wasHalted = lastRow && lastRow.halted;
    lastRow = payload.row;
    if (historyLoaded) addPoint(payload.row.atMillis, payload.row); else early.push(payload.row);
    drawHeader(lastRow);
    if (wasMaking !== lastRow.making || wasHalted !== lastRow.halted) drawControls(lastRow);
    redrawSeries();
  });
  const timer = setInterval(poll, 1000);
  const onResize = () => [price, inventory, pnl, depth].forEach(c => c && c.setSize({ width: width(), height: 220 }));
  window.addEventListener('resize', onResize);
  start();
  return { stop() { off(); clearInterval(timer); window.removeEventListener('resize', onResize); openStream(null); } };
}
