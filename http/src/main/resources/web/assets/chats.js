// The multi-chat panel of caregivers: one tab per patient conversation, each with its unread count (the
// patient's messages after the staff read marker, which viewing a conversation moves), so that support staff
// can keep many waiting patients informed at once.

import { h, keyed, setText, show } from './dom.js';
import { Conversation, chatView, CHAT_POLL_MS } from './chat.js';

const MAX_OPEN = 8;

export class ChatPanel {
  constructor(container, session, board, onUnreadChange) {
    this.container = container;
    this.session = session;
    this.board = board;
    this.onUnreadChange = onUnreadChange;
    this.open = new Map(); // visit id -> {conversation, view}
    this.active = null;
    this.tabs = h('div', { class: 'chat-tabs', role: 'tablist', 'aria-label': 'Conversations' });
    this.body = h('div', { class: 'chat-body', role: 'tabpanel' });
    this.empty = h('p', { class: 'hint', text: 'Open a chat from the patient list. Patients with unread messages appear here.' });
    container.replaceChildren(this.empty, this.tabs, this.body);
    this.timer = setInterval(() => this.poll(), CHAT_POLL_MS);
  }

  /** The unread count shown for a visit: the conversation's own once open, else the dashboard's. */
  unread(visit) {
    const open = this.open.get(visit.id);
    if (open) return open.conversation.unread;
    return visit.unreadMessages || 0;
  }

  async show(visitId) {
    if (!this.open.has(visitId)) {
      if (this.open.size >= MAX_OPEN) this.close([...this.open.keys()].find(id => id !== this.active));
      const conversation = new Conversation(this.session, visitId);
      const visit = this.board.visits.get(visitId);
      const name = visit ? visit.patientName : 'patient';
      const view = chatView(conversation, {
        id: `chat-${visitId}`,
        heading: `Messages with ${name}`,
        inputLabel: `Message to ${name}`,
        patientName: name,
      });
      this.open.set(visitId, { visitId, conversation, view });
    }
    this.active = visitId;
    await this.refresh(this.open.get(visitId));
    this.render();
    this.onUnreadChange();
    const input = this.body.querySelector('input');
    if (input) input.focus();
  }

  close(visitId) {
    this.open.delete(visitId);
    if (this.active === visitId) this.active = this.open.size ? [...this.open.keys()][0] : null;
    this.render();
  }

  async refresh(entry) {
    await entry.conversation.refresh();
    if (entry.visitId === this.active) await entry.conversation.markRead();
    entry.view.update();
  }

  async poll() {
    for (const [id, entry] of this.open) {
      if (!this.board.visits.has(id)) this.open.delete(id); // the visit ended
      else await this.refresh(entry);
    }
    this.render();
    this.onUnreadChange();
  }

  render() {
    show(this.empty, this.open.size === 0);
    const entries = [...this.open.values()];
    keyed(this.tabs, entries, e => e.visitId,
      e => h('button', { type: 'button', role: 'tab', class: 'secondary', onclick: () => this.show(e.visitId) },
        h('span', { class: 'name' }), ' ', h('span', { class: 'unread' })),
      (tab, e) => {
        const visit = this.board.visits.get(e.visitId);
        const unread = e.conversation.unread;
        tab.setAttribute('aria-selected', String(e.visitId === this.active));
        tab.setAttribute('aria-controls', `chat-${e.visitId}`);
        setText(tab.querySelector('.name'), visit ? `${visit.patientName} (${visit.state})` : 'Ended visit');
        const badge = tab.querySelector('.unread');
        badge.className = unread ? 'unread badge count' : 'unread';
        setText(badge, unread || '');
      });
    const active = this.open.get(this.active);
    if (active && this.body.firstChild !== active.view.el) this.body.replaceChildren(active.view.el);
    if (!active) this.body.replaceChildren();
  }
}
