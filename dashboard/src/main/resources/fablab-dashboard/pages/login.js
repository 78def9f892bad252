// #/login: username and password; a 401 or 429 shows the gateway's problem in the reader's language. A link leads to #/reset for
// a forgotten password.

import { el, field, form, link, submit } from '../dom.js';
import { t } from '../i18n.js';
import { home, navigate } from '../router.js';
import { account, login } from '../session.js';

/** Renders the sign-in form, or moves on when someone is already signed in. */
export async function render(view) {
  if (account()) {
    navigate(home());
    return;
  }
  const loginForm = form({
    testid: 'login-form',
    label: t('login.title'),
    className: 'form form-narrow',
    action: async ({ username, password }) => {
      try {
        await login(username, password);
      } catch (error) {
        if (error.status === 429 && error.retryAfter !== null && !error.problem?.detail) {
          error.problem = { detail: t('login.retryAfter', { s: error.retryAfter }) };
        }
        throw error;
      }
      // Signing in re-renders this route, which then moves on (see the start of render).
    },
  },
  field({ label: t('login.username'), name: 'username', testid: 'login-username', required: true,
    attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' } }),
  field({ label: t('login.password'), name: 'password', testid: 'login-password', type: 'password',
    required: true, attrs: { autocomplete: 'current-password' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('login.submit'), testid: 'login-submit' })));
  view.append(el('div', { className: 'panel' }, loginForm,
    el('p', {}, link({ href: '#/reset', text: t('reset.forgot'), testid: 'login-forgot' }))));
}
