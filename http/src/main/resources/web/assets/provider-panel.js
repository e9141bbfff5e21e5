// A provider's own work: "Next patient" across their licensed, open states, then start, complete, return to
// the queue or no-show for the patient they hold.

import { h, setText } from './dom.js';
import { call, tenantPath } from './api.js';
import { shortDuration, stateName } from './format.js';

export class ProviderPanel {
  /** afterChange(consistencyToken) reloads the dashboard so it shows the provider's own change. */
  constructor(session, board, afterChange) {
    this.session = session;
    this.board = board;
    this.afterChange = afterChange;
    this.held = null; // the visit an action just returned, until the dashboard shows it
    this.root = document.getElementById('current-visit');
    this.buttons = document.getElementById('provider-actions');
    this.message = document.getElementById('provider-message');
  }

  current() {
    const mine = [...this.board.visits.values()].find(v => v.providerId === this.session.subject && v.status !== 'waiting');
    if (this.held && (!mine || mine.id === this.held.id)) return this.held;
    return mine || null;
  }

  update() {
    const v = this.current();
    const active = v && ['assigned', 'in-progress'].includes(v.status);
    if (!active) {
      if (this.root.dataset.shown !== 'none') {
        this.root.replaceChildren(h('p', { class: 'hint', text: 'You have no patient right now.' }));
        this.buttons.replaceChildren(this.button('next-patient', 'Next patient', () => this.next()));
        this.root.dataset.shown = 'none';
      }
      return;
    }
    const shown = `${v.id}:${v.status}`;
    if (this.root.dataset.shown !== shown) {
      this.root.replaceChildren(h('div', { class: 'current-visit' },
        h('h3', { text: v.patientName }),
        h('p', { text: v.reason }),
        h('p', { class: 'hint' }, `${stateName(v.state)} · `, h('span', { class: 'waited' }), ` · ${v.status === 'assigned' ? 'assigned to you' : 'in your visit now'}`)));
      const actions = v.status === 'assigned'
        ? [this.button('start-visit', 'Start visit', () => this.act(v, 'start')),
          this.button('return-visit', 'Return to queue', () => this.act(v, 'unassign'), 'secondary'),
          this.button('no-show', 'No-show', () => this.act(v, 'no-show'), 'secondary')]
        : [this.button('complete-visit', 'Complete visit', () => this.act(v, 'complete'))];
      this.buttons.replaceChildren(...actions);
      this.root.dataset.shown = shown;
    }
    setText(this.root.querySelector('.waited'), `requested ${shortDuration(this.board.waitedSeconds(v))} ago`);
  }

  button(id, text, onclick, kind) {
    return h('button', { type: 'button', id, class: kind, text, onclick: async event => {
      event.currentTarget.disabled = true;
      await onclick();
    } });
  }

  async next() {
    const result = await call(this.session, 'POST', tenantPath(this.session, `/providers/${encodeURIComponent(this.session.subject)}/next`));
    if (result.status === 204) {
      this.say('No patients are waiting in your states right now.');
      this.root.dataset.shown = '';
      this.update();
      return;
    }
    this.handle(result);
  }

  async act(v, action) {
    this.handle(await call(this.session, 'POST', tenantPath(this.session, `/visits/${v.id}/${action}`)));
  }

  handle(result) {
    this.root.dataset.shown = '';
    if (!result.ok) {
      this.say(result.problem.detail || result.problem.title);
      this.update();
      return;
    }
    const v = result.data;
    this.held = { id: v.id, state: v.state, status: v.status, patientName: v.patient.name, reason: v.reason, requestedAt: v.requestedAt, providerId: v.providerId };
    this.say(v.status === 'assigned' ? `${v.patient.name} is yours.` : '');
    this.update();
    this.afterChange(v.consistencyToken).then(() => {
      this.held = null;
      this.update();
    });
  }

  say(text) {
    setText(this.message, text);
  }
}
