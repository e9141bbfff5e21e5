// Chat about one visit: GET/POST /visits/{id}/messages (ordered, `after` a message number) and, for staff,
// POST /visits/{id}/messages/read. A node without chat answers 404 or 405: the conversation then says
// "Chat unavailable" instead of failing. Messages are polled while a conversation is shown.

import { h, keyed, setText, show } from './dom.js';
import { call, tenantPath } from './api.js';
import { clearErrors, showErrors } from './fields.js';
import { clockText } from './format.js';

export const CHAT_POLL_MS = 3000;

/** Reads a message whatever the exact field names turn out to be. */
function normalize(m, index) {
  return {
    number: m.number ?? m.seq ?? m.id ?? index + 1,
    text: m.text ?? m.body ?? '',
    author: m.author ?? m.from ?? m.sender ?? m.senderId ?? '',
    role: m.role ?? m.authorRole ?? m.senderRole ?? '',
    name: m.authorName ?? m.senderName ?? m.name ?? '',
    at: m.at ?? m.sentAt ?? m.createdAt ?? null,
  };
}

export class Conversation {
  constructor(session, visitId) {
    this.session = session;
    this.visitId = visitId;
    this.messages = [];
    this.unavailable = false;
    this.failing = false;
    this.readUpTo = 0;
  }

  path(rest = '') {
    return tenantPath(this.session, `/visits/${this.visitId}/messages${rest}`);
  }

  get last() {
    return this.messages.length ? this.messages[this.messages.length - 1].number : 0;
  }

  /** Messages from others not yet read here. */
  get unread() {
    return this.messages.filter(m => m.number > this.readUpTo && m.author !== this.session.subject).length;
  }

  /** Fetches messages after the last one held; true when new ones came. */
  async refresh() {
    if (this.unavailable) return false;
    const after = this.last;
    const result = await call(this.session, 'GET', this.path(after ? `?after=${after}` : ''));
    if (!result.ok) {
      this.unavailable = result.status === 404 || result.status === 405;
      this.failing = !this.unavailable;
      return false;
    }
    this.failing = false;
    const listed = Array.isArray(result.data) ? result.data : (result.data && result.data.messages) || [];
    const fresh = listed.map(normalize).filter(m => m.number > after);
    this.messages.push(...fresh);
    return fresh.length > 0;
  }

  async send(text) {
    const result = await call(this.session, 'POST', this.path(), { body: { text } });
    if (!result.ok && (result.status === 404 || result.status === 405)) this.unavailable = true;
    if (result.ok) await this.refresh();
    return result;
  }

  /** Staff's read marker: everything held so far has been seen. */
  async markRead() {
    this.readUpTo = this.last;
    if (this.unavailable || !this.last) return;
    await call(this.session, 'POST', this.path('/read'), { body: { upTo: this.last } });
  }
}

/**
 * The messages and a form to write one. describe(message) names the sender; update() re-renders after
 * refresh(). Returns {el, update}.
 */
export function chatView(conversation, { id, heading, describe, inputLabel }) {
  const unavailable = h('p', { class: 'notice info chat-unavailable', hidden: true, text: 'Chat unavailable right now.' });
  const failing = h('p', { class: 'hint', hidden: true, role: 'status', text: 'Messages could not be loaded; trying again…' });
  const log = h('ol', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': heading });
  const empty = h('p', { class: 'hint', text: 'No messages yet.' });
  const input = h('input', { type: 'text', id: `${id}-text`, name: 'text', 'data-field': 'text', maxlength: 2000, autocomplete: 'off' });
  const send = h('button', { type: 'submit', text: 'Send' });
  const form = h('form', { class: 'chat-form', novalidate: true },
    h('p', { class: 'form-error notice bad', role: 'alert', hidden: true }),
    h('label', { for: input.id, text: inputLabel }),
    input,
    h('div', { class: 'actions' }, send));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const text = input.value.trim();
    if (!text) return;
    send.disabled = true;
    const result = await conversation.send(text);
    send.disabled = false;
    if (result.ok) input.value = '';
    else if (!conversation.unavailable) showErrors(form, result.problem);
    update();
  });
  const el = h('div', { class: 'chat', id }, unavailable, failing, empty, log, form);

  function update() {
    show(unavailable, conversation.unavailable);
    show(failing, conversation.failing);
    show(form, !conversation.unavailable);
    show(empty, !conversation.unavailable && conversation.messages.length === 0);
    show(log, conversation.messages.length > 0);
    keyed(log, conversation.messages, m => m.number,
      () => h('li', {}, h('span', { class: 'from' }), h('span', { class: 'text' })),
      (li, m) => {
        li.classList.toggle('mine', m.author === conversation.session.subject);
        setText(li.querySelector('.from'), `${describe(m)}${m.at ? ` · ${clockText(m.at)}` : ''}`);
        setText(li.querySelector('.text'), m.text);
      });
    log.scrollTop = log.scrollHeight;
  }

  update();
  return { el, update };
}
