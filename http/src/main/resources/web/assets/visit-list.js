// The waiting and active visits of the watched states, one row each, updated in place. Each row opens the
// patient's chat, showing the unread count.

import { h, keyed, setText, show } from './dom.js';
import { shortDuration } from './format.js';

const STATUS = { waiting: 'Waiting', assigned: 'Assigned', 'in-progress': 'In visit' };
const COLUMNS = ['Place', 'Patient', 'Reason', 'State', 'Status', 'Waiting', 'Provider', 'Chat'];
// The head of each queue, as the dashboard lists it; the queue cards count everyone waiting.
const HEAD = 25;

export function renderVisits(tbody, board, { me, unread, openChat }) {
  const visits = board.sortedVisits().filter(v => v.status !== 'waiting' || !v.position || v.position <= HEAD);
  keyed(tbody, visits, v => v.id, v => createRow(v, openChat), (row, v) => updateRow(row, v, board, me, unread(v)));
  show(document.getElementById('visits-empty'), visits.length === 0);
  show(document.getElementById('visits-table'), visits.length > 0);
  const waiting = [...board.queues.values()].reduce((sum, q) => sum + q.waiting, 0);
  const withProvider = visits.filter(v => v.status !== 'waiting').length;
  setText(document.getElementById('visits-count'), `(${waiting} waiting, ${withProvider} with a provider)`);
}

function createRow(v, openChat) {
  const cells = COLUMNS.map(label => h('td', { 'data-label': label }));
  const chat = h('button', { type: 'button', class: 'secondary chat-open', onclick: () => openChat(v.id) },
    'Chat', h('span', { class: 'unread' }));
  cells[7].append(chat);
  return h('tr', { id: `visit-${v.id}`, class: 'visit-row' }, cells);
}

function updateRow(row, v, board, me, unread) {
  const cells = row.children;
  row.classList.toggle('mine', !!me && v.providerId === me);
  setText(cells[0], v.status === 'waiting' && v.position ? `#${v.position}` : '—');
  setText(cells[1], v.patientName);
  setText(cells[2], v.reason);
  setText(cells[3], v.state);
  setText(cells[4], `${STATUS[v.status] || v.status}${v.priority > 0 ? ` · priority ${v.priority}` : ''}`);
  setText(cells[5], shortDuration(board.waitedSeconds(v)));
  setText(cells[6], v.providerId || '—');
  const button = cells[7].querySelector('button');
  button.setAttribute('aria-label', `Chat with ${v.patientName}${unread ? `, ${unread} unread` : ''}`);
  const badge = button.querySelector('.unread');
  badge.className = unread ? 'unread badge count' : 'unread';
  setText(badge, unread ? unread : '');
}
