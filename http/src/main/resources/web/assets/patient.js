// The patient's pages: availability of their state, the intake form, the waiting room (live position, estimate
// and chat), and the screens for a visit that starts or ends. The visit id is kept in sessionStorage so that a
// reload comes back to the waiting room.

import { h, $, setText, show } from './dom.js';
import { call, tenantPath, problemKind, randomId } from './api.js';
import { clearErrors, showErrors } from './fields.js';
import { loadStates, stateName, timeText, waitText } from './format.js';
import { LiveConnection, SeqTracker } from './live.js';
import { Conversation, chatView, CHAT_POLL_MS } from './chat.js';
import { requireSession, renderWho, setLiveStatus, showSignedOut } from './layout.js';

const VISIT_KEY = 'surgecare.visit';
const STATE_KEY = 'surgecare.patient.state';
const AVAILABILITY_EVERY_MS = 20000;

const session = requireSession('patient');
let liveStatus;
let live = null;
let seqs = new SeqTracker();
let visit = null;
let conversation = null;
let chat = null;
let chatTimer = null;
let availabilityTimer = null;
let availability = null;
let pendingKey = null;

function showView(name) {
  for (const view of ['intake', 'waiting', 'starting', 'ended']) show($(`#${view}-view`), view === name);
}

// ---------------------------------------------------------------- availability and intake

async function loadAvailability() {
  const state = $('#intake-state').value;
  setText($('#availability-state'), stateName(state));
  sessionStorage.setItem(STATE_KEY, state);
  const result = await call(null, 'GET', tenantPath(session, `/queues/${state}/availability`));
  const box = $('#availability');
  box.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    box.replaceChildren(h('p', { class: 'notice bad', text: result.problem.detail || result.problem.title }));
    return null;
  }
  availability = result.data;
  box.replaceChildren(...availabilityNotice(availability));
  return availability;
}

/** What a patient needs to know before asking: open or not, busy with the caregivers' message, the wait. */
function availabilityNotice(a) {
  const estimate = waitText(a.estimatedWaitSeconds);
  const waiting = a.waiting === 0 ? 'No one is waiting.' : `${a.waiting} ${a.waiting === 1 ? 'person is' : 'people are'} waiting.`;
  if (!a.open) {
    return [h('div', { class: 'notice bad', id: 'availability-closed' },
      h('h3', { text: 'Closed right now' }),
      h('p', { text: a.nextOpening ? `We open again ${timeText(a.nextOpening)}.` : 'No opening is scheduled yet.' }))];
  }
  if (a.busy) {
    return [h('div', { class: 'notice warn', id: 'availability-busy' },
      h('h3', { text: 'Busy right now' }),
      h('p', { class: 'busy-message', text: a.busyMessage || 'We are seeing more patients than usual.' }),
      h('p', { text: a.accepting
        ? `We are admitting a limited number of new patients.${estimate ? ` Estimated wait: ${estimate}.` : ''}`
        : 'We cannot take new patients for the next few minutes. Please try again shortly.' }))];
  }
  if (!a.accepting) {
    const full = a.refusal === 'full';
    return [h('div', { class: 'notice bad', id: 'availability-refusing' },
      h('h3', { text: full ? 'The line is full right now' : 'Too late to be seen today' }),
      h('p', { text: full
        ? 'Please try again a little later.'
        : `The wait would run past closing time${a.closesAt ? ` (${timeText(a.closesAt)})` : ''}.${a.nextOpening ? ` We open again ${timeText(a.nextOpening)}.` : ''}` }))];
  }
  return [h('div', { class: 'notice ok', id: 'availability-open' },
    h('h3', { text: 'Open now' }),
    h('p', { text: estimate ? `Estimated wait for a new patient: ${estimate}.` : 'We will estimate your wait as soon as a provider is on duty.' }),
    h('p', { text: `${waiting}${a.closesAt ? ` Open until ${timeText(a.closesAt)}.` : ''}` }))];
}

const REFUSALS = {
  closed: a => ['We are closed right now', a && a.nextOpening ? `We open again ${timeText(a.nextOpening)}.` : 'Please come back when we are open.'],
  busy: a => ['We are very busy right now', `${a && a.busyMessage ? `${a.busyMessage} ` : ''}Please try again in a few minutes.`],
  full: () => ['The line is full right now', 'Please try again a little later.'],
  'end-of-shift': a => ['It is too late to be seen today', `The wait would run past closing time.${a && a.nextOpening ? ` We open again ${timeText(a.nextOpening)}.` : ''}`],
};

async function requestVisit(event) {
  event.preventDefault();
  const form = $('#intake-form');
  clearErrors(form);
  $('#refusal').replaceChildren();
  const name = $('#intake-name').value.trim();
  const body = { state: $('#intake-state').value, reason: $('#intake-reason').value };
  if (name) body.patient = { name };
  // A request that may not have arrived is retried with the same key, so it can never open two visits.
  pendingKey = pendingKey || randomId();
  const button = $('#request-visit');
  button.disabled = true;
  const result = await call(session, 'POST', tenantPath(session, '/visits'), { body, headers: { 'Idempotency-Key': pendingKey } });
  button.disabled = false;
  if (result.status !== 0) pendingKey = null;
  if (result.ok) {
    enterWaitingRoom(result.data.id, result.data);
    return;
  }
  const kind = problemKind(result);
  if (kind === 'validation') {
    showErrors(form, result.problem);
  } else if (kind === 'active-visit-exists') {
    enterWaitingRoom(result.problem.visitId);
  } else if (REFUSALS[kind]) {
    const fresh = await loadAvailability();
    const [title, text] = REFUSALS[kind](fresh || availability);
    $('#refusal').replaceChildren(h('div', { class: `notice ${kind === 'busy' ? 'warn' : 'bad'}`, id: `refusal-${kind}` },
      h('h3', { text: title }), h('p', { text })));
  } else if (kind === 'invalid-token' || kind === 'unauthorized') {
    showSignedOut('Your session has ended.');
  } else {
    showErrors(form, result.problem);
  }
}

function showIntake() {
  stopVisit();
  showView('intake');
  liveStatus.hidden = true;
  loadAvailability();
  clearInterval(availabilityTimer);
  availabilityTimer = setInterval(loadAvailability, AVAILABILITY_EVERY_MS);
}

// ---------------------------------------------------------------- the waiting room

async function enterWaitingRoom(visitId, known) {
  clearInterval(availabilityTimer);
  sessionStorage.setItem(VISIT_KEY, visitId);
  visit = { id: visitId };
  seqs = new SeqTracker();
  if (known) renderVisit(known);
  else if (!(await reloadVisit())) return;
  if (!sessionStorage.getItem(VISIT_KEY)) return; // it had already ended
  startChat(visitId);
  liveStatus.hidden = false;
  live = new LiveConnection(session, {
    onReady: send => {
      send({ type: 'subscribe', visit: visitId });
      reloadVisit();
    },
    onMessage,
    onStatus: state => (state === 'signed-out' ? showSignedOut('Your session has ended.') : setLiveStatus(liveStatus, state)),
  }).start();
}

async function reloadVisit() {
  const result = await call(session, 'GET', tenantPath(session, `/visits/${visit.id}`));
  if (result.ok) {
    renderVisit(result.data);
    return true;
  }
  if (result.status === 401) showSignedOut('Your session has ended.');
  else if (result.status === 404) {
    sessionStorage.removeItem(VISIT_KEY);
    showIntake();
  }
  return false;
}

function onMessage(message) {
  if (message.type === 'visit' && message.visit.id === visit.id) {
    const seen = seqs.check('visit', message.seq);
    if (seen === 'gap') reloadVisit();
    else if (seen === 'next') renderVisit(message.visit);
  } else if (message.type === 'position' && message.visitId === visit.id) {
    // Only changes of this patient's place are sent, so the queue's seq skips: stale ones are all to drop.
    if (seqs.check('queue', message.seq) === 'stale') return;
    renderVisit({ ...visit, position: message.position, estimatedWaitSeconds: message.estimatedWaitSeconds });
  } else if (message.type === 'error') {
    const error = $('#waiting-error');
    error.textContent = message.detail || message.error;
    error.hidden = false;
  }
}

function renderVisit(v) {
  // A visit message without a place keeps the last place known.
  visit = { ...visit, ...v, position: v.position ?? (v.status === 'waiting' ? visit.position : undefined) };
  switch (visit.status) {
    case 'waiting':
    case 'assigned':
      renderWaiting(visit);
      break;
    case 'in-progress':
      showView('starting');
      setText($('#starting-text'), `${visit.providerId ? `Your provider (${visit.providerId})` : 'Your provider'} is with you now. Please keep this page open.`);
      $('#starting-h').focus();
      stopChat();
      break;
    case 'completed':
      showEnded('Your visit is complete', 'Thank you for using surgecare. You can close this page.');
      break;
    case 'cancelled':
      showEnded('Your visit was cancelled', visit.cancelReason ? `Reason: ${visit.cancelReason}.` : 'You are no longer in line.');
      break;
    case 'no-show':
      showEnded('We missed you', 'A provider was ready for you but could not reach you. You can ask for a new visit.');
      break;
    case 'rejected':
      showEnded('Your request was not accepted', visit.rejection ? visit.rejection.detail : '');
      break;
    default:
      break;
  }
}

function renderWaiting(v) {
  showView('waiting');
  const assigned = v.status === 'assigned';
  show($('#position-line'), !assigned && v.position !== undefined);
  show($('#estimate-line'), !assigned);
  show($('#assigned-line'), assigned);
  if (v.position !== undefined) {
    setText($('#position'), v.position);
    setText($('#position-text'), v.position === 1 ? 'You are next in line.' : `You are number ${v.position} in line.`);
  }
  const estimate = waitText(v.estimatedWaitSeconds);
  setText($('#estimate-line'), estimate ? `Estimated wait: ${estimate}.` : 'We will estimate your wait as soon as a provider is on duty.');
  setText($('#assigned-line'), 'A provider is getting ready for you. Please stay on this page.');
  setText($('#waiting-state'), `Visit in ${stateName(v.state)} for: ${v.reason || ''}`);
}

function showEnded(title, text) {
  stopVisit();
  sessionStorage.removeItem(VISIT_KEY);
  showView('ended');
  setText($('#ended-h'), title);
  setText($('#ended-text'), text);
  $('#ended-h').focus();
}

async function cancelVisit() {
  show($('#cancel-confirm'), false);
  const result = await call(session, 'POST', tenantPath(session, `/visits/${visit.id}/cancel`), { body: { reason: 'cancelled by the patient' } });
  if (result.ok) renderVisit(result.data);
  else {
    const error = $('#waiting-error');
    error.textContent = result.problem.detail || result.problem.title;
    error.hidden = false;
  }
}

// ---------------------------------------------------------------- chat

function startChat(visitId) {
  conversation = new Conversation(session, visitId);
  chat = chatView(conversation, {
    id: 'patient-chat-view',
    heading: 'Messages with the care team',
    inputLabel: 'Message to the care team',
    patientName: 'You',
  });
  $('#patient-chat').replaceChildren(chat.el);
  const poll = async () => {
    await conversation.refresh();
    chat.update();
  };
  poll();
  chatTimer = setInterval(poll, CHAT_POLL_MS);
}

function stopChat() {
  clearInterval(chatTimer);
  chatTimer = null;
}

function stopVisit() {
  stopChat();
  if (live) live.stop();
  live = null;
}

// ---------------------------------------------------------------- start

async function init() {
  liveStatus = renderWho(session);
  const states = await loadStates();
  const wanted = new URLSearchParams(location.search).get('state') || sessionStorage.getItem(STATE_KEY) || 'WA';
  $('#intake-state').replaceChildren(...states.map(s =>
    h('option', { value: s.code, selected: s.code === wanted, text: `${s.name} (${s.code})` })));
  $('#intake-name').value = session.name;
  $('#intake-state').addEventListener('change', () => {
    $('#refusal').replaceChildren();
    loadAvailability();
  });
  $('#intake-form').addEventListener('submit', requestVisit);
  $('#cancel-visit').addEventListener('click', () => {
    show($('#cancel-confirm'), true);
    $('#cancel-no').focus();
  });
  $('#cancel-no').addEventListener('click', () => {
    show($('#cancel-confirm'), false);
    $('#cancel-visit').focus();
  });
  $('#cancel-yes').addEventListener('click', cancelVisit);
  $('#start-over').addEventListener('click', () => {
    $('#intake-reason').value = '';
    showIntake();
    $('#intake-reason').focus();
  });
  const current = sessionStorage.getItem(VISIT_KEY);
  if (current) enterWaitingRoom(current);
  else showIntake();
}

if (session) init();
