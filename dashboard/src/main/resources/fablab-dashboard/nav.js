// The navigation bar and the account box: links only to pages the account may open, the
// signed-in name with a sign-out button, or a sign-in link. On a narrow screen the bar folds
// behind a menu button (style.css hides it there unless data-open="true"); choosing a page, or
// Escape, folds it again.

import { label } from './format.js';
import { t } from './i18n.js';
import { allowed, ROUTES, startOver } from './router.js';
import { account, logout } from './session.js';

/**
 * @param {object} elements
 * @param {HTMLElement} elements.nav holds a[data-nav="<route name>"]
 * @param {HTMLElement} elements.accountName the signed-in name
 * @param {HTMLButtonElement} elements.logoutButton
 * @param {HTMLButtonElement} elements.toggle the menu button, aria-controls the nav
 */
export function startNav({ nav, accountName, logoutButton, toggle }) {
  const fold = (open) => {
    toggle.setAttribute('aria-expanded', String(open));
    nav.dataset.open = String(open);
  };
  fold(false);
  toggle.addEventListener('click', () => fold(toggle.getAttribute('aria-expanded') !== 'true'));
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) {
      fold(false);
    }
  });
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && nav.dataset.open === 'true') {
      fold(false);
      toggle.focus();
    }
  });
  logoutButton.addEventListener('click', async () => {
    logoutButton.disabled = true;
    try {
      await logout();
    } catch (error) {
      console.warn('sign-out answer was an error, signed out locally', error.message);
    } finally {
      logoutButton.disabled = false;
      startOver('#/login');
    }
  });
  return {
    render() {
      const me = account();
      document.body.dataset.role = me ? me.role : 'anonymous';
      for (const link of nav.querySelectorAll('a[data-nav]')) {
        const route = ROUTES.find((r) => r.name === link.dataset.nav);
        link.hidden = link.dataset.nav === 'login' ? me !== null : !allowed(route);
      }
      accountName.hidden = me === null;
      logoutButton.hidden = me === null;
      accountName.textContent = me
        ? t('account.signedInAs', { name: me.displayName || me.username, role: label('role', me.role) })
        : '';
    },
  };
}
