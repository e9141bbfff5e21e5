// The live WebSocket (docs/live-updates.md): authenticates with the first message, lets the page subscribe
// once the server is ready, and reconnects with backoff. After every (re)connect the page reloads what it shows,
// since messages sent while it was away are gone; a seq gap means the same.

const PROTOCOL = 'surgecare.v1';
const PING_EVERY_MS = 25000;

export class LiveConnection {
  /**
   * onReady(send) runs after each successful authentication: subscribe there, then reload.
   * onMessage(message) gets every server message; onStatus('connecting'|'live'|'reconnecting'|'signed-out').
   */
  constructor(session, { onReady, onMessage, onStatus = () => {} }) {
    this.session = session;
    this.onReady = onReady;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.retryMs = 1000;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.connect();
    return this;
  }

  stop() {
    this.stopped = true;
    clearInterval(this.pinger);
    if (this.socket) this.socket.close(1000, 'leaving');
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/api/v1/tenants/${encodeURIComponent(this.session.tenant)}/live`;
    this.onStatus('connecting');
    let closingCode = null;
    const socket = new WebSocket(url, PROTOCOL);
    this.socket = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.session.token })));
    socket.addEventListener('message', event => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'ready') {
        this.retryMs = 1000;
        this.onStatus('live');
        clearInterval(this.pinger);
        this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
        this.onReady(m => this.send(m));
      } else if (message.type === 'closing') {
        closingCode = message.code;
      } else {
        this.onMessage(message);
      }
    });
    socket.addEventListener('close', () => {
      clearInterval(this.pinger);
      if (this.stopped || socket !== this.socket) return;
      if (closingCode === 4401) {
        // The token is no longer valid: reconnecting with it cannot help.
        this.onStatus('signed-out');
        return;
      }
      this.onStatus('reconnecting');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15000);
    });
  }
}

/**
 * Remembers the last seq seen per entity: 'stale' for an old or repeated change, 'gap' when one was missed
 * (the caller reloads), 'next' otherwise. An entity seen for the first time is 'next'.
 */
export class SeqTracker {
  constructor() {
    this.seen = new Map();
  }

  check(key, seq) {
    const last = this.seen.get(key);
    if (last !== undefined && seq <= last) return 'stale';
    this.seen.set(key, seq);
    return last === undefined || seq === last + 1 ? 'next' : 'gap';
  }

  /** Records a seq from a reload; never moves backwards past what live messages already showed. */
  known(key, seq) {
    const last = this.seen.get(key);
    if (last === undefined || seq > last) this.seen.set(key, seq);
    return last === undefined || seq >= last;
  }
}
