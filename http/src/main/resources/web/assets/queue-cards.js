// One card per watched state: status badges, the four numbers caregivers watch, the chart, and for support
// and admin the busy toggle and open/close. Cards are updated in place so a half-typed busy message survives.

import { h, keyed, setText, show } from './dom.js';
import { shortDuration, stateName, timeText } from './format.js';

const REFUSAL_TEXT = { full: 'Full', 'end-of-shift': 'Past end of shift', busy: 'Busy limit reached', closed: 'Closed' };

/**
 * actions: {setBusy(state, busy, message), override(state, 'open'|'close'|'resume-schedule')}, both returning
 * a promise of an error text or null.
 */
export function renderQueueCards(container, board, { staff, actions, chartSlot }) {
  const queues = [...board.queues.values()].sort((a, b) => a.state.localeCompare(b.state));
  keyed(container, queues, q => q.state, q => createCard(q, staff, actions, chartSlot), (el, q) => updateCard(el, q, board));
}

function stat(label, cls, live) {
  return h('div', {}, h('dt', { text: label }), h('dd', { class: cls, 'aria-live': live ? 'polite' : null }));
}

function createCard(q, staff, actions, chartSlot) {
  const s = q.state;
  const card = h('article', { class: 'panel queue-card', id: `queue-${s}`, 'aria-labelledby': `queue-${s}-h` },
    h('header', {},
      h('h3', { id: `queue-${s}-h` }, `${s} `, h('span', { text: stateName(s) })),
      h('span', { class: 'badges', 'aria-live': 'polite' })),
    h('dl', { class: 'stats' },
      stat('Waiting', 'waiting', true),
      stat('Longest wait', 'longest'),
      stat('New patient wait', 'estimate'),
      stat('Providers', 'providers')),
    h('p', { class: 'status-line' }),
    chartSlot(s));
  if (staff) card.append(controls(s, actions));
  return card;
}

function controls(s, actions) {
  const status = h('p', { class: 'hint control-status', role: 'status' });
  const busy = h('input', { type: 'checkbox', id: `busy-${s}`, name: 'busy' });
  const message = h('input', { type: 'text', id: `busy-message-${s}`, name: 'message', 'data-field': 'message', maxlength: 500,
    placeholder: 'We are seeing more patients than usual.' });
  const run = async (button, action) => {
    button.disabled = true;
    setText(status, 'Saving…');
    const error = await action();
    button.disabled = false;
    setText(status, error || 'Saved.');
  };
  const form = h('form', { class: 'busy-form', novalidate: true },
    h('label', { class: 'check', for: busy.id }, busy, `Mark ${s} busy`),
    h('label', { for: message.id, text: 'Message for patients' }),
    message,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: `busy-save-${s}`, text: 'Save busy status' })));
  form.addEventListener('submit', event => {
    event.preventDefault();
    message.dataset.dirty = '';
    run(event.submitter || form.querySelector('button'), () => actions.setBusy(s, busy.checked, message.value.trim()));
  });
  // Typing marks the message as the user's own, so live updates stop overwriting it until it is saved.
  message.addEventListener('input', () => { message.dataset.dirty = 'yes'; });
  busy.addEventListener('change', () => { busy.dataset.dirty = 'yes'; });
  const override = (kind, text) => h('button', { type: 'button', class: 'secondary', id: `${kind}-${s}`, text,
    onclick: event => run(event.currentTarget, () => actions.override(s, kind)) });
  return h('div', { class: 'controls' },
    form,
    h('div', { class: 'actions', role: 'group', 'aria-label': `Hours of ${s}` },
      override('open', 'Open now'), override('close', 'Close now'), override('resume-schedule', 'Follow schedule')),
    status);
}

function badge(text, kind) {
  return h('span', { class: `badge ${kind}`, text });
}

function updateCard(card, q, board) {
  const badges = [q.open ? badge('Open', 'ok') : badge('Closed', 'bad')];
  if (q.busy) badges.push(badge('Busy', 'warn'));
  if (q.open && !q.accepting && q.refusal) badges.push(badge(`Not accepting: ${REFUSAL_TEXT[q.refusal] || q.refusal}`, 'bad'));
  const badgeBox = card.querySelector('.badges');
  const wanted = badges.map(b => b.textContent).join('|');
  if (badgeBox.dataset.shown !== wanted) {
    badgeBox.replaceChildren(...badges);
    badgeBox.dataset.shown = wanted;
  }
  setText(card.querySelector('.waiting'), q.waiting);
  setText(card.querySelector('.longest'), shortDuration(board.longestWait(q.state) ?? q.longestWaitSeconds));
  setText(card.querySelector('.estimate'), !q.open ? '—' : q.estimatedWaitSeconds === 0 ? 'No wait' : shortDuration(q.estimatedWaitSeconds));
  setText(card.querySelector('.providers'), Number(q.providersAvailable).toLocaleString(undefined, { maximumFractionDigits: 2 }));
  const lines = [];
  if (q.busy && q.busyMessage) lines.push(`Busy: “${q.busyMessage}”`);
  if (q.open && q.closesAt) lines.push(`Closes ${timeText(q.closesAt)}`);
  if (!q.open) lines.push(q.nextOpening ? `Opens ${timeText(q.nextOpening)}` : 'No opening scheduled');
  setText(card.querySelector('.status-line'), lines.join(' · '));
  const busy = card.querySelector(`#busy-${q.state}`);
  if (busy && !busy.dataset.dirty) busy.checked = q.busy;
  const message = card.querySelector(`#busy-message-${q.state}`);
  if (message && !message.dataset.dirty && document.activeElement !== message) message.value = q.busyMessage || '';
  show(card.querySelector('.status-line'), lines.length > 0);
}

/** Clears the "typed by the user" marks after a save, so the card follows the server again. */
export function markSaved(container, state) {
  for (const el of container.querySelectorAll(`#busy-${state}, #busy-message-${state}`)) delete el.dataset.dirty;
}
