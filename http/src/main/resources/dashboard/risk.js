// Risk: every halted or pulled instrument colour-coded, the kill switch (confirmed), clear.
import { api, el, may, toast, onLive, openStream } from './app.js';

export function riskPage(root) {
  const summary = el('div', { class: 'stats', id: 'risk-summary' });
  const rows = el('tbody', { id: 'alerts' });
  const reason = el('input', { id: 'kill-reason', placeholder: 'reason (required)', size: 40 });
  const confirmBox = el('div', { id: 'kill-confirm', class: 'card', hidden: true });
  const killButton = el('button', { id: 'kill', class: 'danger', disabled: !may('risk'), onclick: askKill }, 'Kill switch: halt every instrument');
  const clearAll = el('button', { id: 'clear-all', disabled: !may('risk'), onclick: () => clear({ all: true }) }, 'Clear every halt');
  root.append(
    el('div', { class: 'card' }, el('h3', {}, 'Kill switch'),
      el('p', { class: 'muted' }, 'Cancels every order of every instrument in the cluster and halts them until cleared.'),
      el('div', { class: 'toolbar' }, reason, killButton, clearAll, may('risk') ? '' : el('span', { class: 'muted' }, 'needs the risk role')),
      confirmBox),
    summary,
    el('div', { class: 'card' }, el('h3', {}, 'Alerts'),
      el('table', {}, el('thead', {}, el('tr', {}, ['Instrument', 'State', 'Cause', 'Reason', 'By', 'Since', ''].map(h => el('th', { class: 'l' }, h)))), rows)));

  function askKill() {
    if (!reason.value.trim()) { toast('give a reason for the kill', true); return; }
    confirmBox.hidden = false;
    confirmBox.replaceChildren(
      el('p', {}, 'Halt every instrument of the cluster now? Reason: "' + reason.value.trim() + '"'),
      el('button', { id: 'kill-yes', class: 'danger', onclick: kill }, 'Yes, halt everything'),
      ' ', el('button', { id: 'kill-no', onclick: () => { confirmBox.hidden = true; } }, 'Cancel'));
  }

  async function kill() {
    confirmBox.hidden = true;
    try {
      const r = await api('POST', '/maker/kill', { reason: reason.value.trim() });
      toast('kill: ' + r.halted + ' halted, ' + r.alreadyHalted + ' already halted, ' + r.failedCount + ' failed');
      load();
    } catch (e) { toast('kill refused: ' + e.message, true); }
  }

  async function clear(body) {
    try {
      const r = await api('POST', '/maker/risk/clear', body);
      toast('cleared: ' + ((r.cleared && r.cleared.length) || 0));
      load();
    } catch (e) { toast('clear refused: ' + e.message, true); }
  }

  async function load() {
    try {
      const a = await api('GET', '/maker/risk/alerts');
      summary.replaceChildren(
        stat('Running', a.running), stat('Halted', a.halted, 'risk-halted'), stat('Pulled', a.pulled, 'risk-pulled'),
        stat('Unanswered', a.unanswered.length));
      rows.replaceChildren(...a.alerts.map(x => el('tr', {
        class: 'alert-row ' + (x.halted ? 'halted' : 'pulled'), dataset: { instrument: x.instrument } },
        el('td', {}, el('a', { href: '#/i/' + encodeURIComponent(x.instrument) }, x.instrument)),
        el('td', { class: 'l' }, el('span', { class: 'badge ' + (x.halted ? 'halted' : 'pulled') }, x.halted ? 'halted' : 'pulled')),
        el('td', { class: 'l' }, x.cause || ''), el('td', { class: 'l' }, x.reason || x.pulled || ''),
        el('td', { class: 'l' }, x.haltedBy || ''), el('td', { class: 'l' }, x.haltedAt || ''),
        el('td', {}, x.halted && may('risk') ? el('button', { onclick: () => clear({ symbol: x.instrument }) }, 'Clear') : ''))));
    } catch (e) { summary.replaceChildren(el('p', { class: 'error' }, e.message)); }
  }

  function stat(label, value, id) {
    return el('div', { class: 'stat', id }, el('div', { class: 'v' }, value), el('div', { class: 'k' }, label));
  }

  openStream(null);
  load();
  const timer = setInterval(load, 3000);
  const off = onLive(() => {});
  return { stop() { clearInterval(timer); off(); } };
}
