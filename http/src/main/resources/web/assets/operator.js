// The operator view: cluster members, shards and entities per node, projection lag and request rates from
// GET /api/v1/operator/status (docs/operator.md), polled every 3 seconds. A node that does not serve it
// (404) shows "unavailable" and the page keeps showing the node's own readiness.

import { h, $, setText, show } from './dom.js';
import { call } from './api.js';
import { clockText, shortDuration } from './format.js';
import { sparkline } from './chart.js';
import { requireSession, renderWho, setLiveStatus, showSignedOut } from './layout.js';

const POLL_MS = 3000;
const RATE_POINTS = 60;

const session = requireSession('operator');
const rates = [];
let liveStatus;

function cells(...values) {
  return values.map(v => h('td', { 'data-label': v.label, text: v.text }));
}

function rows(tbody, list, toCells, emptyText, columns) {
  tbody.replaceChildren(...(list.length
    ? list.map(item => h('tr', {}, cells(...toCells(item))))
    : [h('tr', {}, h('td', { colspan: columns, text: emptyText }))]));
}

function render(status) {
  setText($('#self'), `Address: ${status.self}`);
  rows($('#members'), status.members || [], m => [
    { label: 'Address', text: m.address }, { label: 'Status', text: m.status },
    { label: 'Reachable', text: m.reachable ? 'yes' : 'NO' }, { label: 'Roles', text: (m.roles || []).join(', ') }],
  'No members', 4);
  const regions = (status.shards || []).flatMap(t => (t.regions || []).map(r => ({ type: t.entityType, ...r })));
  rows($('#shards'), regions, r => [
    { label: 'Entity type', text: r.type }, { label: 'Node', text: r.address },
    { label: 'Shards', text: r.shards }, { label: 'Entities', text: r.entities }],
  'No shards', 4);
  rows($('#projections'), status.projections || [], p => [
    { label: 'Projection', text: p.name }, { label: 'Key', text: p.key }, { label: 'Offset', text: p.offset },
    { label: 'Lag (events)', text: p.lagEvents }, { label: 'Lag', text: shortDuration(p.lagSeconds) }],
  'No projections', 5);
  const requests = status.requests || {};
  rates.push(requests.perSecond || 0);
  if (rates.length > RATE_POINTS) rates.shift();
  setText($('#rate'), (requests.perSecond ?? 0).toLocaleString(undefined, { maximumFractionDigits: 1 }));
  setText($('#total'), `${(requests.total ?? 0).toLocaleString()} requests since the node started`);
  if (rates.length > 1) $('#rate-chart').replaceChildren(sparkline(rates, 'Requests per second, last 3 minutes'));
}

async function poll() {
  const [status, ready] = await Promise.all([
    call(session, 'GET', '/api/v1/operator/status'),
    call(null, 'GET', '/health/ready'),
  ]);
  const readyBadge = $('#ready');
  readyBadge.className = `badge ${ready.ok ? 'ok' : 'bad'}`;
  setText(readyBadge, ready.ok ? 'ready' : 'not ready');
  if (status.status === 401) {
    showSignedOut('Your session has ended.');
    return false;
  }
  show($('#status-unavailable'), !status.ok);
  if (status.ok) {
    render(status.data);
  } else {
    for (const id of ['members', 'shards', 'projections']) rows($(`#${id}`), [], null, 'Unavailable', 5);
    if (status.status !== 404) setText($('#status-unavailable-text'), status.problem.detail || status.problem.title);
  }
  setText($('#updated'), `Updated ${clockText(new Date(), true)}${status.ok ? '' : ' · operator status unavailable'}`);
  setLiveStatus(liveStatus, ready.ok || status.ok ? 'live' : 'reconnecting');
  return true;
}

async function init() {
  liveStatus = renderWho(session);
  if (await poll()) {
    const timer = setInterval(async () => {
      if (!(await poll())) clearInterval(timer);
    }, POLL_MS);
  }
}

if (session) init();
