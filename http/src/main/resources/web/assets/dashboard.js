// The caregiver dashboard: loads GET /dashboard, then follows the live WebSocket (queue, visit and position
// messages). A seq gap or a reconnect reloads the dashboard; a provider's own actions reload it with their
// consistency token so the change is on screen at once.

import { h, $, show } from './dom.js';
import { call, tenantPath, problemKind } from './api.js';
import { clearErrors, showErrors } from './fields.js';
import { loadStates } from './format.js';
import { LiveConnection } from './live.js';
import { hasRole } from './session.js';
import { requireSession, renderWho, setLiveStatus, showSignedOut } from './layout.js';
import { Board } from './board.js';
import { renderQueueCards, markSaved } from './queue-cards.js';
import { renderVisits } from './visit-list.js';
import { ProviderPanel } from './provider-panel.js';
import { ChatPanel } from './chats.js';
import { historyChart } from './chart.js';

const TICK_MS = 15000;
const RELOAD_EVERY_MS = 60000;
const HISTORY_EVERY_MS = 120000;
const HISTORY_HOURS = 6;

const session = requireSession('provider', 'support', 'admin');
const staff = hasRole(session, 'support', 'admin');
const provider = hasRole(session, 'provider');
const board = new Board();
let live = null;
let liveStatus = null;
let subscribed = '';
let watched = new URLSearchParams(location.search).get('states') || '';
let providerPanel = null;
let chats = null;
let renderTimer = null;
let reloadTimer = null;
let loading = null;
const histories = new Map(); // state -> {loadedAt, slot}

// ---------------------------------------------------------------- loading

/** Loads the dashboard; with a consistency token, one that already shows that write. */
async function reload(consistencyToken) {
  const query = new URLSearchParams();
  if (watched) query.set('states', watched);
  if (consistencyToken) query.set('consistencyToken', consistencyToken);
  const requestedAt = Date.now();
  const result = await call(session, 'GET', tenantPath(session, `/dashboard${query.toString() ? `?${query}` : ''}`));
  const error = $('#dashboard-error');
  if (!result.ok) {
    const kind = problemKind(result);
    if (kind === 'invalid-token' || kind === 'unauthorized') showSignedOut('Your session has ended.');
    else if (kind === 'validation') showErrors($('#watch-form'), result.problem);
    else if (result.status === 503) setTimeout(() => reload(), 1000);
    else {
      error.textContent = result.problem.detail || result.problem.title;
      error.hidden = false;
    }
    return false;
  }
  error.hidden = true;
  board.load(result.data, requestedAt);
  render();
  return true;
}

/** Loads, subscribes to the states shown, and loads again if that changed them (nothing is missed between). */
async function sync(consistencyToken) {
  if (!(await reload(consistencyToken))) return;
  const states = [...board.queues.keys()].sort().join(',');
  if (live && states !== subscribed) {
    live.send({ type: 'subscribe', states: states ? states.split(',') : [] });
    subscribed = states;
    await reload();
  }
}

/** One reload at a time for gaps: a burst of gaps reloads once. */
function reloadSoon() {
  if (reloadTimer || loading) return;
  reloadTimer = setTimeout(async () => {
    reloadTimer = null;
    loading = reload();
    await loading;
    loading = null;
  }, 300);
}

function onMessage(message) {
  let verdict = 'stale';
  if (message.type === 'queue') verdict = board.applyQueue(message);
  else if (message.type === 'visit') verdict = board.applyVisit(message);
  if (verdict === 'gap') reloadSoon();
  if (verdict !== 'stale') renderSoon();
}

// ---------------------------------------------------------------- rendering

function renderSoon() {
  if (!renderTimer) renderTimer = setTimeout(() => {
    renderTimer = null;
    render();
  }, 50);
}

function render() {
  renderQueueCards($('#queue-cards'), board, { staff, actions: queueActions, chartSlot });
  renderVisits($('#visits'), board, { me: provider ? session.subject : null, unread: v => chats.unread(v), openChat: id => chats.show(id) });
  if (providerPanel) providerPanel.update();
  for (const [state, history] of histories) {
    if (!board.queues.has(state)) histories.delete(state);
    else drawHistory(state, history);
  }
}

/** Draws a loaded chart; its current bucket follows the live waiting count between loads. */
function drawHistory(state, history) {
  const buckets = history.data ? history.data.buckets : [];
  const current = buckets[buckets.length - 1];
  const waiting = board.queues.get(state).waiting;
  if (!current || (history.drawn && current.waiting === waiting)) return;
  current.waiting = waiting;
  history.slot.replaceChildren(historyChart(history.data, `${state}: waiting patients and median wait, last ${HISTORY_HOURS} hours`));
  history.drawn = true;
}

/** The chart's place in a card; it loads when the card scrolls into view, and refreshes every few minutes. */
function chartSlot(state) {
  const slot = h('div', { class: 'chart-slot', id: `chart-${state}` });
  histories.set(state, { loadedAt: 0, slot, visible: false });
  chartObserver.observe(slot);
  return slot;
}

const chartObserver = new IntersectionObserver(entries => {
  for (const entry of entries) {
    const state = entry.target.id.replace('chart-', '');
    const history = histories.get(state);
    if (!history) continue;
    history.visible = entry.isIntersecting;
    if (history.visible) loadHistory(state, false);
  }
});

async function loadHistory(state, force) {
  const history = histories.get(state);
  if (!history || (!force && Date.now() - history.loadedAt < HISTORY_EVERY_MS)) return;
  history.loadedAt = Date.now();
  const result = await call(session, 'GET', tenantPath(session, `/queues/${state}/history?hours=${HISTORY_HOURS}`));
  if (result.ok && board.queues.has(state)) {
    history.data = result.data;
    history.drawn = false;
    drawHistory(state, history);
  }
}

// ---------------------------------------------------------------- staff actions

const queueActions = {
  async setBusy(state, busy, message) {
    const result = await call(session, 'PUT', tenantPath(session, `/queues/${state}/busy`), { body: { busy, message } });
    if (result.ok) markSaved($('#queue-cards'), state);
    return result.ok ? null : result.problem.detail || result.problem.title;
  },
  async override(state, kind) {
    const result = await call(session, 'POST', tenantPath(session, `/queues/${state}/${kind}`));
    return result.ok ? null : result.problem.detail || result.problem.title;
  },
};

// ---------------------------------------------------------------- start

async function init() {
  liveStatus = renderWho(session);
  await loadStates();
  chats = new ChatPanel($('#chats'), session, board, renderSoon);
  if (provider) {
    show($('#provider-panel'), true);
    providerPanel = new ProviderPanel(session, board, token => sync(token));
  }
  if (staff) {
    show($('#watch-panel'), true);
    $('#watch-states').value = watched;
    $('#watch-form').addEventListener('submit', event => {
      event.preventDefault();
      clearErrors($('#watch-form'));
      watched = $('#watch-states').value.replace(/\s+/g, '');
      history.replaceState(null, '', watched ? `/?states=${encodeURIComponent(watched)}` : '/');
      sync();
    });
  }
  live = new LiveConnection(session, {
    onReady: () => {
      subscribed = '';
      sync();
    },
    onMessage,
    onStatus: state => (state === 'signed-out' ? showSignedOut('Your session has ended.') : setLiveStatus(liveStatus, state)),
  });
  await reload();
  live.start();
  setInterval(render, TICK_MS);
  setInterval(() => reload(), RELOAD_EVERY_MS);
  setInterval(() => {
    for (const [state, history] of histories) if (history.visible) loadHistory(state, false);
  }, HISTORY_EVERY_MS);
}

if (session) init();
