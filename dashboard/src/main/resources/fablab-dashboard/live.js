// The live machine board's wiring: the first snapshot, the SSE stream, and a fresh snapshot
// after every outage of the stream (events are not replayed by the gateway).

import { fetchMachines, fetchSessions, followStream } from './api.js';
import { Board, RECENT_LIMIT } from './board.js';
import { t } from './i18n.js';

const RESYNC_RETRY_MS = 5000;

/**
 * Starts the board in the page's board markup and follows the stream from now on.
 * @returns {{tick: () => void, render: () => void, reconnect: () => void}} tick once a second;
 *          render after a language change; reconnect after a sign-in or sign-out, so the board and
 *          the stream show what the new account may see
 */
export function startLiveBoard() {
  const liveIndicator = document.getElementById('live-indicator');
  const recentPanel = document.querySelector('aside.recent');
  const board = new Board({
    grid: document.querySelector('[data-list="machines"]'),
    status: document.getElementById('board-status'),
    recent: document.querySelector('[data-list="recent-sessions"]'),
    recentEmpty: document.getElementById('recent-empty'),
  });
  let everLive = false;
  let syncGeneration = 0;
  let retryTimer = null;

  const renderLive = () => {
    const live = document.body.dataset.live === 'true';
    const key = live ? 'live.on' : everLive ? 'live.off' : 'live.connecting';
    liveIndicator.dataset.i18n = key;
    liveIndicator.textContent = t(key);
  };

  /** Fetches machines and recent sessions and lays them under the live events. */
  const resync = async () => {
    clearTimeout(retryTimer);
    const generation = ++syncGeneration;
    board.beginSync();
    const [machines, sessions] = await Promise.allSettled([
      fetchMachines(),
      fetchSessions(RECENT_LIMIT),
    ]);
    if (generation !== syncGeneration) {
      board.abandonSync();
      return;
    }
    // Visitors get no sessions (the stream carries none for them either): no list at all, rather
    // than an empty one claiming there were none. Any other failure is said as such and retried.
    const refused = sessions.status === 'rejected' && [401, 403].includes(sessions.reason?.status);
    const sessionsFailed = sessions.status === 'rejected' && !refused;
    recentPanel.hidden = refused;
    if (sessionsFailed) {
      console.warn(sessions.reason.message);
      board.sessionsFailed();
    }
    if (machines.status === 'fulfilled') {
      board.applySnapshot(machines.value, sessions.status === 'fulfilled' ? sessions.value : null);
    } else {
      console.warn(machines.reason.message);
      board.snapshotFailed(machines.reason);
    }
    if (machines.status === 'rejected' || sessionsFailed) {
      retryTimer = setTimeout(resync, RESYNC_RETRY_MS);
    }
  };

  renderLive();
  const stream = followStream({
    onStatus: (live) => {
      everLive ||= live;
      document.body.dataset.live = String(live);
      renderLive();
    },
    onOpen: (afterOutage) => {
      if (afterOutage) {
        resync();
      }
    },
    onMachine: (machine) => board.machineEvent(machine),
    onSession: (session) => board.sessionEvent(session),
  });
  resync();

  return {
    tick: () => board.tick(),
    render: () => {
      renderLive();
      board.render();
    },
    reconnect: () => stream.restart(),
  };
}
