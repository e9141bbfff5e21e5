// What every page shares: who is signed in (in the header), signing out, and the screens for no session.

import { h, $ } from './dom.js';
import { currentSession, demoLoginUrl, hasRole, homeFor, signOut } from './session.js';

/**
 * The session if it may use this page. Without one, the demo sends the user to pick a persona and otherwise
 * the page says how to sign in; a user of another role is sent to their own page.
 */
export function requireSession(...roles) {
  const session = currentSession();
  if (!session) {
    const login = demoLoginUrl();
    if (login) location.replace(login);
    else showSignedOut('You are not signed in.');
    return null;
  }
  if (!hasRole(session, ...roles)) {
    location.replace(homeFor(session));
    return null;
  }
  return session;
}

/** The header's signed-in area: name and role, the live connection state, and sign out or switch persona. */
export function renderWho(session) {
  const who = $('#who');
  const login = demoLoginUrl();
  const status = h('span', { class: 'live-status', id: 'live-status', role: 'status', 'data-state': 'connecting', text: 'Connecting…' });
  who.replaceChildren(
    h('span', { id: 'signed-in-as' }, 'Signed in as ', h('strong', { text: session.name }), ` (${session.roles.join(', ')})`),
    status,
    h('button', {
      class: 'link', type: 'button', text: login ? 'Switch persona' : 'Sign out',
      onclick: () => {
        signOut();
        location.assign(login || '/');
      },
    }));
  return status;
}

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out', polling: 'Updating' };

export function setLiveStatus(el, state) {
  el.dataset.state = state;
  el.textContent = STATUS_TEXT[state] || state;
}

/** Replaces the page with a notice that the session is over (or never began), with a way to sign in. */
export function showSignedOut(message) {
  signOut();
  const login = demoLoginUrl();
  $('#main').replaceChildren(h('section', { class: 'panel narrow', 'aria-labelledby': 'signed-out-h' },
    h('h1', { id: 'signed-out-h', text: message }),
    login
      ? h('p', {}, h('a', { href: login, text: 'Choose a demo persona to sign in' }))
      : h('p', { text: 'Sign in through your organisation to use this page.' })));
  const who = $('#who');
  if (who) who.replaceChildren();
}
