// Hash routes (#/members/m-12?x=1). The board is the empty route and stays in index.html;
// every other page is a module under pages/ loaded on first use, exporting
// render(view, {params, query}) which fills `view` and resolves once the page's data is shown.
//
// Each render gets a fresh view element; a render that finishes after a newer one started is
// dropped. Rendering the same address again keeps the old view on screen until the new one
// is ready, so acting on a long page does not scroll it back to the top.

import { el, notice, problemText } from './dom.js';
import { t } from './i18n.js';
import { account, can } from './session.js';

export const ROUTES = Object.freeze([
  { name: 'board', pattern: /^$/, title: 'board.title' },
  { name: 'login', pattern: /^login$/, title: 'login.title', load: () => import('./pages/login.js') },
  { name: 'members', pattern: /^members$/, title: 'members.title', needs: 'members:read',
    load: () => import('./pages/members.js') },
  { name: 'member', pattern: /^members\/([^/]+)$/, title: 'member.title', needs: 'members:read',
    load: () => import('./pages/member.js') },
  { name: 'trainings', pattern: /^trainings$/, title: 'trainings.title', needs: 'trainings:read',
    load: () => import('./pages/trainings.js') },
  { name: 'training', pattern: /^trainings\/([^/]+)$/, title: 'training.title', needs: 'trainings:read',
    load: () => import('./pages/training.js') },
  { name: 'machines', pattern: /^machines$/, title: 'machines.title', needs: 'lab:use',
    load: () => import('./pages/machines.js') },
  { name: 'machine-registry', pattern: /^machine-registry$/, title: 'registry.machines.title', needs: 'registry:read',
    load: () => import('./pages/machine-registry.js') },
  { name: 'nodes', pattern: /^nodes$/, title: 'registry.nodes.title', needs: 'registry:read',
    load: () => import('./pages/nodes.js') },
  { name: 'partners', pattern: /^partners$/, title: 'partners.title', needs: 'partners:read',
    load: () => import('./pages/partners.js') },
  { name: 'audit', pattern: /^audit$/, title: 'audit.title', needs: 'audit:read',
    load: () => import('./pages/audit.js') },
  { name: 'security', pattern: /^security$/, title: 'security.pageTitle', needs: 'security:read',
    load: () => import('./pages/security.js') },
  { name: 'prices', pattern: /^prices$/, title: 'prices.title', needs: 'lab:use',
    load: () => import('./pages/prices.js') },
  { name: 'consumables', pattern: /^consumables$/, title: 'consumables.title', needs: 'lab:use',
    load: () => import('./pages/consumables.js') },
  { name: 'ledger', pattern: /^ledger$/, title: 'ledger.title', needs: 'ledger:read',
    load: () => import('./pages/ledger.js') },
  { name: 'periods', pattern: /^periods$/, title: 'periods.title', needs: 'periods:manage',
    load: () => import('./pages/periods.js') },
  { name: 'statements', pattern: /^statements$/, title: 'statements.title', needs: 'lab:use',
    load: () => import('./pages/statements.js') },
  { name: 'statement', pattern: /^statements\/([^/]+)$/, title: 'statement.title', needs: 'lab:use',
    load: () => import('./pages/statement.js') },
  { name: 'exports', pattern: /^exports$/, title: 'exports.title', needs: 'exports:read',
    load: () => import('./pages/exports.js') },
  { name: 'impact', pattern: /^impact$/, title: 'impact.title', needs: 'reports:read',
    load: () => import('./pages/impact.js') },
  { name: 'me', pattern: /^me$/, title: 'me.title', needs: 'signed-in', load: () => import('./pages/me.js') },
  { name: 'accounts', pattern: /^accounts$/, title: 'accounts.title', needs: 'accounts:manage',
    load: () => import('./pages/accounts.js') },
  { name: 'accept', pattern: /^accept$/, title: 'invite.acceptTitle', load: () => import('./pages/accept.js') },
  { name: 'reset', pattern: /^reset$/, title: 'reset.title', load: () => import('./pages/reset.js') },
]);

let elements = null;
let returnTo = null;
let shownHash = null; // the address of the view on screen
let generation = 0; // renders started; only the latest may reach the screen

/** Whether the signed-in account (or a visitor) may open a route. */
export function allowed(route) {
  return !route.needs || can(route.needs);
}

/** Goes to a hash route, e.g. navigate('#/members/m-1'). */
export function navigate(hash) {
  if (window.location.hash === hash) {
    show();
  } else {
    window.location.hash = hash;
  }
}

/** Goes to a route and forgets the page that was waiting for a sign-in (after signing out). */
export function startOver(hash) {
  returnTo = null;
  navigate(hash);
}

/**
 * After signing in: back where the visitor was sent away from when this account may open
 * it, else the role's home page.
 */
export function home() {
  const target = returnTo;
  returnTo = null;
  const { route } = target ? resolve(target) : { route: null };
  if (route && allowed(route)) {
    return target;
  }
  if (can('members:read')) {
    return '#/members';
  }
  // the board and funders read the impact report and nothing else
  if (can('reports:read')) {
    return '#/impact';
  }
  return account() ? '#/me' : '#/';
}

/**
 * Starts following the address.
 * @param {object} targets
 * @param {HTMLElement} targets.board the board's container, shown on the empty route
 * @param {HTMLElement} targets.page where other pages render
 * @param {HTMLElement} targets.heading the <h1>, given the route's title key
 */
export function startRouter(targets) {
  elements = targets;
  window.addEventListener('hashchange', show);
  show();
}

/** Renders the current route again (language or account changed). */
export function refresh() {
  if (elements) {
    show();
  }
}

function resolve(hash) {
  const text = hash.replace(/^#\/?/, '');
  const [path, search = ''] = text.split('?');
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) {
      const params = match.slice(1).map(decode);
      return params.includes(null)
        ? { route: null, params: [], query: new URLSearchParams(search) }
        : { route, params, query: new URLSearchParams(search) };
    }
  }
  return { route: null, params: [], query: new URLSearchParams(search) };
}

/** A decoded path segment, or null when it is not valid percent-encoding. */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

async function show() {
  const { route, params, query } = resolve(window.location.hash);
  const name = route ? route.name : 'not-found';
  document.body.dataset.route = name;
  markNav(name);
  const titleKey = route ? route.title : 'page.notFound';
  elements.heading.dataset.i18n = titleKey;
  elements.heading.textContent = t(titleKey);
  document.title = name === 'board' ? t('page.title') : t('page.titleOf', { page: t(titleKey) });

  const mine = ++generation;
  // The same address again (after an action, a language or account change): the old view
  // stays, scrolled where it was, until the new one is ready.
  const again = shownHash === window.location.hash && elements.page.firstElementChild !== null;
  shownHash = window.location.hash;
  elements.board.hidden = name !== 'board';
  elements.page.hidden = name === 'board';
  if (name === 'board') {
    elements.page.replaceChildren();
    return;
  }
  const view = el('div', { className: 'view', data: { page: name, ready: 'false' } });
  const showView = () => {
    if (view.parentNode !== elements.page) {
      elements.page.replaceChildren(view);
    }
  };
  if (!route || !allowed(route) || !again) {
    showView();
  }
  if (!route) {
    view.append(notice({ text: t('page.notFoundText'), testid: 'page-not-found', kind: 'error' }));
    return;
  }
  if (!allowed(route)) {
    if (account() === null) {
      returnTo = window.location.hash;
      navigate('#/login');
    } else {
      view.append(notice({ text: t('page.forbidden'), testid: 'page-forbidden', kind: 'error' }));
    }
    return;
  }
  view.append(notice({ text: t('page.loading'), testid: 'page-loading' }));
  try {
    const page = await route.load();
    const content = el('div', { className: 'view-content' });
    await page.render(content, { params, query });
    if (mine === generation) {
      view.replaceChildren(content);
      view.dataset.ready = 'true';
      showView();
    }
  } catch (error) {
    console.warn('page failed', name, error);
    if (mine === generation && error?.status !== 401) {
      view.replaceChildren(notice({ text: problemText(error), testid: 'page-error', kind: 'error' }));
      showView();
    }
  }
}

function markNav(name) {
  const family = { member: 'members', training: 'trainings', statement: 'statements' }[name] ?? name;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === family) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}
