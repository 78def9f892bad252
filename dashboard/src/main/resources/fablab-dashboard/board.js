// The live machine board: one card per machine and the recent-sessions list.
//
// State lives in two maps (machines by id, sessions by id); the DOM is derived from them.
// Every value that comes from the API reaches the page through textContent or
// setAttribute, never through HTML parsing.
//
// Resynchronisation: while a snapshot is being fetched (start-up, or after the live stream
// was down), incoming events are queued and replayed on top of the snapshot, so an event
// that raced the snapshot is not lost. Events carry whole objects, so a replay is harmless.

import { now } from './clock.js';
import { age, duration, elapsed, isoDurationSeconds, label, parseInstant, timeOfDay } from './format.js';
import { t } from './i18n.js';

export const RECENT_LIMIT = 10;
/** Availabilities a fabmanager sets that no badge gets past (to-check: only a trainer's). */
const UNUSABLE = Object.freeze(['blocked', 'out-of-service', 'to-check']);

export class Board {
  /**
   * @param {object} elements
   * @param {HTMLElement} elements.grid      container of the machine cards
   * @param {HTMLElement} elements.status    the board's loading / empty / error line
   * @param {HTMLOListElement} elements.recent the recent-sessions list
   * @param {HTMLElement} elements.recentEmpty shown while the recent list is empty
   */
  constructor({ grid, status, recent, recentEmpty }) {
    this.grid = grid;
    this.status = status;
    this.recent = recent;
    this.recentEmpty = recentEmpty;
    this.machines = new Map(); // id → machine, in display order
    this.cards = new Map(); // id → card element
    this.sessions = new Map(); // id → session
    this.syncing = 0; // how many snapshots are in flight
    this.pending = [];
    this.statusKey = 'board.loading';
    // What the recent list says while it is empty: nothing is known until sessions arrive.
    this.recentKey = 'recent.loading';
  }

  // ---- inputs -------------------------------------------------------------------------

  /** A snapshot is on its way: queue events until it lands. */
  beginSync() {
    this.syncing += 1;
  }

  /**
   * Replaces everything with a snapshot, then replays queued events.
   * @param {object[]} machines from GET /machines
   * @param {object[]|null} sessions from GET /sessions, or null to keep the current list
   */
  applySnapshot(machines, sessions) {
    const seen = new Set();
    for (const machine of machines.filter(hasId)) {
      seen.add(machine.id);
      this.machines.delete(machine.id); // re-insert so display order follows the snapshot
      this.machines.set(machine.id, machine);
    }
    for (const id of [...this.machines.keys()]) {
      if (!seen.has(id)) {
        this.machines.delete(id);
      }
    }
    if (sessions) {
      this.sessions.clear();
      for (const session of sessions.filter(hasId)) {
        this.sessions.set(session.id, session);
      }
      this.recentKey = 'recent.empty';
    }
    this.statusKey = null;
    this.endSync();
  }

  /** The snapshot failed; keep what we have and say why if there is nothing to show. */
  snapshotFailed(error) {
    if (this.machines.size === 0) {
      this.statusKey = error && (error.status === 401 || error.status === 403)
        ? 'board.unauthorized' : 'board.error';
    }
    this.endSync();
  }

  /**
   * The recent sessions could not be fetched (not a refusal: the caller hides the list then): an empty
   * list would claim there are none, so it says they are unknown until a fetch succeeds.
   */
  sessionsFailed() {
    this.recentKey = 'recent.error';
  }

  /** A newer snapshot was requested meanwhile: drop this one. */
  abandonSync() {
    this.endSync();
  }

  endSync() {
    this.syncing = Math.max(0, this.syncing - 1);
    if (this.syncing === 0) {
      // Queued events are at least as new as the snapshot: apply them on top of it.
      const queued = this.pending;
      this.pending = [];
      for (const [kind, data] of queued) {
        this.store(kind, data);
      }
    }
    this.render();
  }

  /** `event: machine` from the stream. */
  machineEvent(machine) {
    this.receive('machine', machine);
  }

  /** `event: session` from the stream. */
  sessionEvent(session) {
    this.receive('session', session);
  }

  // ---- rendering ----------------------------------------------------------------------

  /** Rebuilds text for everything (after a language change or a snapshot). */
  render() {
    const ordered = [];
    for (const machine of this.machines.values()) {
      ordered.push(this.renderMachine(machine));
    }
    for (const [id, card] of this.cards) {
      if (!this.machines.has(id)) {
        card.remove();
        this.cards.delete(id);
      }
    }
    this.grid.replaceChildren(...ordered);
    this.renderStatus();
    this.renderRecent();
  }

  /** Once a second: running clocks and ages. */
  tick() {
    const nowMs = now();
    for (const [id, card] of this.cards) {
      this.fillClocks(card, this.machines.get(id), nowMs);
    }
    for (const item of this.recent.children) {
      const session = this.sessions.get(item.dataset.sessionId);
      if (session && session.state !== 'ended') {
        item.querySelector('[data-field="session-duration"]').textContent =
          duration(sessionSeconds(session, nowMs));
      }
    }
  }

  // ---- internals ----------------------------------------------------------------------

  receive(kind, data) {
    if (this.syncing > 0) {
      this.pending.push([kind, data]);
      return;
    }
    if (kind === 'machine') {
      data = withCardFacts(data, this.machines.get(data.id));
    }
    this.store(kind, data);
    if (kind === 'machine') {
      const isNew = !this.cards.has(data.id);
      const card = this.renderMachine(data);
      if (isNew) {
        this.grid.append(card);
      }
      this.statusKey = null;
      this.renderStatus();
      this.renderRecent(); // machine names appear in the recent list
    } else {
      this.renderRecent();
    }
  }

  store(kind, data) {
    if (kind === 'machine' && hasId(data)) {
      this.machines.set(data.id, data);
    } else if (kind === 'session' && hasId(data)) {
      this.sessions.set(data.id, data);
    }
  }

  renderMachine(machine) {
    let card = this.cards.get(machine.id);
    if (!card) {
      card = createCard(machine.id);
      this.cards.set(machine.id, card);
    }
    // Nobody can badge on a machine whose node is offline, or that has no node: it must not read
    // "available". Nor on one a fabmanager took out of use while its node still reports idle.
    const nodeDown = machine.nodeOnline !== true;
    const reported = String(machine.state ?? 'unknown');
    const state = nodeDown ? 'offline'
      : reported === 'idle' && UNUSABLE.includes(machine.availability) ? machine.availability : reported;
    card.dataset.state = state;
    card.dataset.nodeOnline = String(machine.nodeOnline === true);
    card.dataset.hasSession = String(Boolean(machine.session));

    field(card, 'name').textContent = machine.name || machine.id;
    field(card, 'kind').textContent = machine.kind ? label('kind', machine.kind) : '';
    field(card, 'state').textContent = label('state', state);
    card.querySelector('.card-label-member').textContent = t('card.member');
    card.querySelector('.card-label-elapsed').textContent = t('card.elapsed');

    const member = field(card, 'member');
    member.textContent = machine.session?.memberName ?? '';
    // Every viewer, anonymous ones included, is told since when the machine is in use (docs/authorization.md §9).
    const started = parseInstant(machine.session?.startedAt);
    const elapsedField = field(card, 'elapsed');
    if (Number.isNaN(started)) {
      elapsedField.removeAttribute('title');
    } else {
      elapsedField.title = t('card.since', { time: timeOfDay(started) });
    }

    const node = field(card, 'node');
    node.dataset.online = String(machine.nodeOnline === true);
    node.textContent = t(machine.nodeOnline === true ? 'node.online' : 'node.offline');

    this.fillClocks(card, machine, now());
    return card;
  }

  fillClocks(card, machine, nowMs) {
    if (!machine) {
      return;
    }
    const elapsedField = field(card, 'elapsed');
    const started = parseInstant(machine.session?.startedAt);
    elapsedField.textContent = Number.isNaN(started) ? '' : elapsed((nowMs - started) / 1000);

    const acl = field(card, 'acl-age');
    const issued = parseInstant(machine.aclIssuedAt);
    if (Number.isNaN(issued)) {
      acl.dataset.acl = 'none';
      acl.textContent = t('acl.none');
      acl.removeAttribute('title');
      return;
    }
    const ageSeconds = (nowMs - issued) / 1000;
    const limitSeconds = isoDurationSeconds(machine.aclMaxStaleness);
    const stale = limitSeconds !== null && ageSeconds > limitSeconds;
    acl.dataset.acl = stale ? 'stale' : 'fresh';
    acl.textContent = limitSeconds === null ? t('acl.updated', { age: age(ageSeconds) })
      : t('acl.updatedLimit', { age: age(ageSeconds), limit: duration(limitSeconds) });
    if (stale) {
      acl.title = t('acl.staleHint', { limit: duration(limitSeconds) });
    } else {
      acl.removeAttribute('title');
    }
  }

  renderRecent() {
    const nowMs = now();
    const newest = [...this.sessions.values()]
      .sort((a, b) => (parseInstant(b.startedAt) || 0) - (parseInstant(a.startedAt) || 0))
      .slice(0, RECENT_LIMIT);
    // Forget what no longer fits so the map stays bounded on a screen left on for months.
    const kept = new Set(newest.map((s) => s.id));
    for (const id of [...this.sessions.keys()]) {
      if (!kept.has(id)) {
        this.sessions.delete(id);
      }
    }
    this.recent.replaceChildren(...newest.map((s) => this.sessionItem(s, nowMs)));
    this.recentEmpty.hidden = newest.length > 0;
    this.recentEmpty.dataset.i18n = this.recentKey;
    this.recentEmpty.dataset.recentStatus = this.recentKey.replace('recent.', '');
    this.recentEmpty.textContent = t(this.recentKey);
  }

  sessionItem(session, nowMs) {
    const item = document.createElement('li');
    item.className = 'session';
    item.dataset.sessionId = session.id;
    const ended = session.state === 'ended';
    item.dataset.sessionState = ended ? 'ended' : 'active';

    const top = make('div', 'session-top');
    top.append(
      make('span', 'session-member', 'session-member', session.memberName || session.memberId || ''),
      make('span', 'session-duration', 'session-duration', duration(sessionSeconds(session, nowMs))),
    );

    const machine = this.machines.get(session.machine);
    const when = parseInstant(ended ? session.endedAt : session.startedAt);
    const meta = make('div', 'session-meta');
    meta.append(make('span', 'session-machine', 'session-machine', machine?.name || session.machine || ''));
    if (!Number.isNaN(when)) {
      const time = make('time', 'session-time', 'session-time', timeOfDay(when));
      time.setAttribute('datetime', new Date(when).toISOString());
      meta.append(time);
    }

    const end = make('div', 'session-end', 'session-end');
    end.textContent = ended
      ? (session.endReason ? label('endReason', session.endReason) : '')
      : t('recent.inProgress');
    if (session.interrupted === true) {
      const flag = make('span', 'session-flag', 'session-interrupted', t('recent.interrupted'));
      item.dataset.interrupted = 'true';
      end.append(' ', flag);
    }

    item.append(top, meta, end);
    return item;
  }

  renderStatus() {
    let key = this.statusKey;
    if (key === null && this.machines.size === 0) {
      key = 'board.empty';
    }
    this.status.hidden = key === null;
    this.status.dataset.boardStatus = key === null ? 'ok' : key.replace('board.', '');
    if (key === null) {
      delete this.status.dataset.i18n;
      this.status.textContent = '';
    } else {
      this.status.dataset.i18n = key;
      this.status.textContent = t(key);
    }
  }
}

let cardCounter = 0;

function createCard(id) {
  cardCounter += 1;
  const nameId = `machine-name-${cardCounter}`;

  const card = document.createElement('article');
  card.className = 'card';
  card.dataset.machineId = id;
  card.setAttribute('aria-labelledby', nameId);

  const head = make('div', 'card-head');
  const name = make('h3', 'card-name', 'name');
  name.id = nameId;
  head.append(name, make('p', 'card-kind', 'kind'));

  const state = make('p', 'card-state', 'state');

  const session = make('dl', 'card-session');
  session.append(
    pair('card-label-member', 'member', 'card-member'),
    pair('card-label-elapsed', 'elapsed', 'card-elapsed'),
  );

  const foot = make('div', 'card-foot');
  foot.append(make('span', 'card-node', 'node'), make('span', 'card-acl', 'acl-age'));

  card.append(head, state, session, foot);
  return card;
}

function pair(labelClass, name, valueClass) {
  const wrapper = make('div', 'card-pair');
  wrapper.append(make('dt', labelClass), make('dd', valueClass, name));
  return wrapper;
}

/** A new element with a class, an optional data-field and optional text (set as text). */
function make(tag, className, name = null, text = '') {
  const el = document.createElement(tag);
  el.className = className;
  if (name) {
    el.dataset.field = name;
  }
  el.textContent = text;
  return el;
}

function field(card, name) {
  return card.querySelector(`[data-field="${name}"]`);
}

function sessionSeconds(session, nowMs) {
  if (typeof session.wallSeconds === 'number') {
    return session.wallSeconds;
  }
  const start = parseInstant(session.startedAt);
  const end = session.state === 'ended' ? parseInstant(session.endedAt) : nowMs;
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : (end - start) / 1000;
}

/** The only shape check we need: an object with a string id (unknown fields are ignored). */
/**
 * The stream carries what nodes and sessions change; availability and required trainings come with the snapshot
 * (GET /api/v1/machines) only, so a streamed machine keeps the ones its card already had.
 */
export function withCardFacts(streamed, known) {
  if (!known) {
    return streamed;
  }
  const kept = {};
  for (const field of ['availability', 'availabilityReason', 'requiredTrainings']) {
    if (!(field in streamed) && field in known) {
      kept[field] = known[field];
    }
  }
  return { ...streamed, ...kept };
}

function hasId(value) {
  return value !== null && typeof value === 'object' && typeof value.id === 'string';
}
