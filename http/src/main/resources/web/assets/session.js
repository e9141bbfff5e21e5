// The signed-in user of this browser tab. The access token lives in sessionStorage only: it is sent as a
// Bearer header to the API and as the first WebSocket message, never in a URL, and it is gone when the tab is.

const KEY = 'surgecare.session';

/** The claims the pages use, read from the token's payload (the server verifies the signature, not the page). */
function claims(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent([...atob(payload)].map(c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

export function storeToken(token) {
  const c = claims(token);
  const session = { token, subject: c.sub, tenant: c.tenant, roles: c.roles || [], name: c.name || c.sub, expiresAt: c.exp * 1000 };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The session, or null when there is none or its token has expired. */
export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY));
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function signOut() {
  sessionStorage.clear();
}

export function hasRole(session, ...roles) {
  return !!session && session.roles.some(r => roles.includes(r));
}

export const CAREGIVER_ROLES = ['provider', 'support', 'admin'];

/** Where a user of these roles works. */
export function homeFor(session) {
  if (hasRole(session, ...CAREGIVER_ROLES)) return '/';
  if (hasRole(session, 'patient')) return '/patient';
  if (hasRole(session, 'operator')) return '/operator';
  return '/';
}

/** The demo login page, offered only when the node runs the development issuer. */
export function demoLoginUrl() {
  const meta = document.querySelector('meta[name="demo-login"]');
  return meta ? meta.content : null;
}
