// Entry point: translations, the language switch, the clock, the live board (always
// running, so the header's live indicator stays true on every page), who is signed in,
// the navigation and the hash router.

import { now } from './clock.js';
import { timeOfDay } from './format.js';
import { initialLanguage, language, onLanguageChange, setLanguage } from './i18n.js';
import { startLiveBoard } from './live.js';
import { startNav } from './nav.js';
import { refresh, startRouter } from './router.js';
import { loadSession, onSessionChange } from './session.js';

const clock = document.getElementById('clock');
const languageButtons = [...document.querySelectorAll('button[data-lang]')];

async function main() {
  try {
    await setLanguage(initialLanguage());
  } catch (error) {
    console.error('translations unavailable, keeping the page as served', error);
  }
  markLanguageButtons();
  for (const button of languageButtons) {
    button.addEventListener('click', () => chooseLanguage(button.dataset.lang));
  }

  const board = startLiveBoard();
  const nav = startNav({
    nav: document.getElementById('nav'),
    accountName: document.getElementById('account-name'),
    logoutButton: document.getElementById('logout'),
    toggle: document.getElementById('nav-toggle'),
  });
  onLanguageChange(() => {
    markLanguageButtons();
    renderClock();
    board.render();
    nav.render();
    refresh();
  });
  startTicking(board);

  await loadSession();
  nav.render();
  onSessionChange(() => {
    board.reconnect();
    nav.render();
    refresh();
  });
  startRouter({
    board: document.getElementById('board-view'),
    page: document.getElementById('page'),
    heading: document.getElementById('page-title'),
  });
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

function renderClock() {
  const at = now();
  clock.textContent = timeOfDay(at);
  clock.setAttribute('datetime', new Date(at).toISOString());
}

/** Ticks on second boundaries so every running clock on the page moves together. */
function startTicking(board) {
  const tick = () => {
    board.tick();
    renderClock();
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  };
  tick();
}

main();
