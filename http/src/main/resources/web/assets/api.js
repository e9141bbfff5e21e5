// Calls to the REST API with the session's token. Every answer comes back as {ok, status, data, problem}; a
// problem is the API's problem+json (or one made up for a network failure), so pages handle both alike.

export function tenantPath(session, rest) {
  return `/api/v1/tenants/${encodeURIComponent(session.tenant)}${rest}`;
}

export async function call(session, method, path, { body, headers = {} } = {}) {
  const request = { method, headers: { Accept: 'application/json', ...headers } };
  if (session) request.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, request);
  } catch {
    return { ok: false, status: 0, problem: { type: '/problems/network', title: 'No connection', detail: 'The server could not be reached. Check your connection and try again.' } };
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return { ok: true, status: response.status, data };
  const problem = data && data.type ? data : { type: `/problems/http-${response.status}`, title: response.statusText || 'Request failed', detail: text.slice(0, 200) };
  return { ok: false, status: response.status, problem };
}

/** The problem's slug: "/problems/busy" is "busy". */
export function problemKind(result) {
  return result.problem ? result.problem.type.replace('/problems/', '') : '';
}

/** A random id for Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function randomId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map(x => x.toString(16).padStart(2, '0')).join('');
}
