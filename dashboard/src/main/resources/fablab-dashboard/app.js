// Entry point of the machine board: wires translations, the board, the live stream
// and the one-second ticker together.

import { fetchMachines, fetchSessions, followStream } from './api.js';
import { Board, RECENT_LIMIT } from './board.js';
import { now } from './clock.js';
import { timeOfDay } from './format.js';
import { initialLanguage, language, onLanguageChange, setLanguage, t } from './i18n.js';

const RESYNC_RETRY_MS = 5000;

const liveIndicator = document.getElementById('live-indicator');
const clock = document.getElementById('clock');
const languageButtons = [...document.querySelectorAll('button[data-lang]')];

const board = new Board({
  grid: document.querySelector('[data-list="machines"]'),
  status: document.getElementById('board-status'),
  recent: document.querySelector('[data-list="recent-sessions"]'),
  recentEmpty: document.getElementById('recent-empty'),
});

let everLive = false;
let syncGeneration = 0;
let retryTimer = null;

async function main() {
  try {
    await setLanguage(initialLanguage());
  } catch (error) {
    console.error('translations unavailable, keeping the page as served', error);
  }
  markLanguageButtons();
  onLanguageChange(() => {
    markLanguageButtons();
    renderLive();
    renderClock();
    board.render();
  });
  for (const button of languageButtons) {
    button.addEventListener('click', () => chooseLanguage(button.dataset.lang));
  }

  renderLive();
  followStream({
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
  startTicking();
}

/** Fetches machines and recent sessions and lays them under the live events. */
async function resync() {
  clearTimeout(retryTimer);
  const generation = ++syncGeneration;
  board.beginSync();
  const [machines, sessions] = await Promise.allSettled([
    fetchMachines(),
    fetchSessions(RECENT_LIMIT),
  ]);
  if (generation !== syncGeneration) {
    board.abandonSync();
  } else if (machines.status === 'fulfilled') {
    board.applySnapshot(machines.value, sessions.status === 'fulfilled' ? sessions.value : null);
  } else {
    console.warn(machines.reason.message);
    board.snapshotFailed(machines.reason);
    retryTimer = setTimeout(resync, RESYNC_RETRY_MS);
  }
}

async function chooseLanguage(lang) {
  if (lang === language()) {
    return;
  }
  // The choice is remembered, so a ?lang= left in the address would only contradict it.
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.delete('lang');
    window.history.replaceState(null, '', url);
  }
  try {
    await setLanguage(lang, { remember: true });
  } catch (error) {
    console.error('cannot switch language', error);
  }
}

function markLanguageButtons() {
  for (const button of languageButtons) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
}

function renderLive() {
  const live = document.body.dataset.live === 'true';
  const key = live ? 'live.on' : everLive ? 'live.off' : 'live.connecting';
  liveIndicator.dataset.i18n = key;
  liveIndicator.textContent = t(key);
}

function renderClock() {
  const at = now();
  clock.textContent = timeOfDay(at);
  clock.setAttribute('datetime', new Date(at).toISOString());
}

/** Ticks on second boundaries so every running clock on the page moves together. */
function startTicking() {
  const tick = () => {
    board.tick();
    renderClock();
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  };
  tick();
}

main();
