// The dashboard's data: the watched queues and their active visits, loaded from GET /dashboard and kept current
// by live messages. Every queue and visit carries the seq of its last change; a reload never replaces what a
// newer live message already showed (the read model may lag the live feed by a moment).

import { SeqTracker } from './live.js';
import { secondsSince } from './format.js';

const ACTIVE = ['waiting', 'assigned', 'in-progress'];
const KEEP_LIVE_MS = 5000;

export class Board {
  constructor() {
    this.queues = new Map();
    this.visits = new Map();
    this.seqs = new SeqTracker();
    this.liveAt = new Map();
    this.places = new Map(); // state -> Map(visit id -> position), from the latest queue message
    this.serverOffsetMs = 0;
  }

  /** Takes a dashboard response; requestedAt is when it was asked for (Date.now()). */
  load(dashboard, requestedAt) {
    this.serverOffsetMs = new Date(dashboard.generatedAt).getTime() - Date.now();
    const queues = new Map();
    for (const q of dashboard.queues) {
      const old = this.queues.get(q.state);
      queues.set(q.state, this.seqs.known(`q:${q.state}`, q.seq) || !old ? q : old);
    }
    const visits = new Map();
    for (const v of dashboard.visits) {
      const old = this.visits.get(v.id);
      if (this.seqs.known(`v:${v.id}`, v.seq)) visits.set(v.id, v);
      else if (old) visits.set(v.id, { ...old, unreadMessages: v.unreadMessages });
      // else a newer live message has already taken it off the board (completed, cancelled, moved away)
    }
    // A visit only the live feed has shown yet, just before the read model caught up with it.
    for (const [id, v] of this.visits) {
      if (!visits.has(id) && queues.has(v.state) && (this.liveAt.get(id) || 0) > requestedAt - KEEP_LIVE_MS) visits.set(id, v);
    }
    this.queues = queues;
    this.visits = visits;
  }

  /** A live "queue" message; returns the SeqTracker verdict ('gap' means reload). */
  applyQueue(message) {
    if (!this.queues.has(message.state)) return 'stale';
    const verdict = this.seqs.check(`q:${message.state}`, message.seq);
    if (verdict === 'stale') return verdict;
    this.queues.set(message.state, message.queue);
    const places = new Map(message.waiting.map(p => [p.visitId, p.position]));
    this.places.set(message.state, places);
    for (const v of this.visits.values()) {
      if (v.state === message.state && v.status === 'waiting') v.position = places.get(v.id);
    }
    return verdict;
  }

  /** A live "visit" message, or a visit an action just returned. */
  applyVisit(message) {
    const v = message.visit;
    const verdict = this.seqs.check(`v:${v.id}`, message.seq);
    if (verdict === 'stale') return verdict;
    this.liveAt.set(v.id, Date.now());
    if (!ACTIVE.includes(v.status) || !this.queues.has(v.state)) {
      this.visits.delete(v.id);
      return verdict;
    }
    const old = this.visits.get(v.id);
    // Live visit rows carry no place and no unread count: keep what is known.
    this.visits.set(v.id, {
      ...v,
      position: v.status === 'waiting' ? (v.position ?? this.places.get(v.state)?.get(v.id) ?? old?.position) : undefined,
      unreadMessages: old ? old.unreadMessages : v.unreadMessages,
    });
    return verdict;
  }

  /** Waiting first in dispatch order (priority, then request time), then assigned, then in a visit. */
  sortedVisits() {
    const rank = { waiting: 0, assigned: 1, 'in-progress': 2 };
    return [...this.visits.values()].sort((a, b) => rank[a.status] - rank[b.status]
      || b.priority - a.priority
      || new Date(a.requestedAt) - new Date(b.requestedAt));
  }

  waitedSeconds(visit) {
    return secondsSince(visit.requestedAt, this.serverOffsetMs);
  }

  /** The longest current wait in a state, ticking between updates. */
  longestWait(state) {
    const waits = [...this.visits.values()].filter(v => v.state === state && v.status === 'waiting').map(v => this.waitedSeconds(v));
    return waits.length ? Math.max(...waits) : undefined;
  }
}
