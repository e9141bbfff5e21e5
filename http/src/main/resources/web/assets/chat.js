// Chat about one visit. GET /visits/{id}/messages?after=n pages through the messages in the order the visit
// accepted them (number, senderId, senderRole, text, at) with the chat's counts (lastNumber, staffReadUpTo,
// unread); POST /visits/{id}/messages {text} answers the message as recorded, or a problem (429 rate-limited,
// 409 when the chat is closed or full, 400 for the text) whose detail is shown by the form. Staff move the
// visit's shared read marker with POST /visits/{id}/messages/read {upTo}. Messages are polled while shown.

import { h, keyed, setText, show } from './dom.js';
import { call, tenantPath } from './api.js';
import { clearErrors, showErrors } from './fields.js';
import { clockText } from './format.js';

export const CHAT_POLL_MS = 3000;
const MAX_LENGTH = 2000;

export class Conversation {
  constructor(session, visitId) {
    this.session = session;
    this.visitId = visitId;
    this.messages = [];
    this.summary = { lastNumber: 0, staffReadUpTo: 0, unread: 0 };
    this.failing = false;
  }

  path(rest = '') {
    return tenantPath(this.session, `/visits/${this.visitId}/messages${rest}`);
  }

  get last() {
    return this.messages.length ? this.messages[this.messages.length - 1].number : 0;
  }

  /** The patient's messages no one on staff has marked read. */
  get unread() {
    return this.summary.unread;
  }

  mine(message) {
    return message.senderId === this.session.subject;
  }

  /** Fetches the messages after the last one held, page after page; true when new ones came. */
  async refresh() {
    const before = this.last;
    let more = true;
    while (more) {
      const result = await call(this.session, 'GET', this.path(`?after=${this.last}`));
      this.failing = !result.ok;
      if (!result.ok) break;
      const { messages, lastNumber, staffReadUpTo, unread } = result.data;
      // Numbers have no gaps; a poll overlapping another one may bring some again.
      for (const m of messages) if (m.number === this.last + 1) this.messages.push(m);
      this.summary = { lastNumber, staffReadUpTo, unread };
      more = result.data.more && messages.length > 0;
    }
    return this.last > before;
  }

  async send(text) {
    const result = await call(this.session, 'POST', this.path(), { body: { text } });
    if (result.ok) await this.refresh();
    return result;
  }

  /** Staff have seen everything held: moves the shared read marker up to the last message. */
  async markRead() {
    if (this.last <= this.summary.staffReadUpTo) return;
    const result = await call(this.session, 'POST', this.path('/read'), { body: { upTo: this.last } });
    if (result.ok) this.summary = result.data;
  }
}

/** Who wrote a message, as the reader sees it. */
function sender(conversation, message, patientName) {
  if (conversation.mine(message)) return 'You';
  return message.senderRole === 'patient' ? patientName : `Care team (${message.senderRole})`;
}

/**
 * The messages, announced as they come (role=log), and a form to write one; Enter sends. update() re-renders
 * after refresh(). Returns {el, update}.
 */
export function chatView(conversation, { id, heading, inputLabel, patientName }) {
  const failing = h('p', { class: 'hint', hidden: true, role: 'status', text: 'Messages could not be loaded; trying again…' });
  const log = h('ol', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': heading });
  const empty = h('p', { class: 'hint', text: 'No messages yet.' });
  const input = h('input', { type: 'text', id: `${id}-text`, name: 'text', 'data-field': 'text', maxlength: MAX_LENGTH, autocomplete: 'off' });
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
    else showErrors(form, result.problem); // the text's field error, or the detail: too many messages, closed, full
    update();
  });
  const el = h('div', { class: 'chat', id }, failing, empty, log, form);

  function update() {
    show(failing, conversation.failing);
    show(empty, conversation.messages.length === 0);
    keyed(log, conversation.messages, m => m.number,
      () => h('li', {}, h('span', { class: 'from' }), h('span', { class: 'text' })),
      (li, m) => {
        li.classList.toggle('mine', conversation.mine(m));
        setText(li.querySelector('.from'), `${sender(conversation, m, patientName)} · ${clockText(m.at)}`);
        setText(li.querySelector('.text'), m.text);
      });
    log.scrollTop = log.scrollHeight;
  }

  update();
  return { el, update };
}
