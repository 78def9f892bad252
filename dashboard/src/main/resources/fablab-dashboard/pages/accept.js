// #/accept?token=…: someone invited by e-mail chooses a username and a password (no sign-in needed); the link
// works once. Then they sign in.

import { post } from '../api.js';
import { el, field, form, link, localProblem, notice, panel, submit } from '../dom.js';
import { t } from '../i18n.js';

const MIN_PASSWORD = 10;

/** Renders the form of the invitation in the address. */
export async function render(view, { query }) {
  const token = query.get('token');
  if (!token) {
    view.append(notice({ text: t('invite.noToken'), testid: 'accept-no-token', kind: 'error' }));
    return;
  }
  const done = el('div', { testid: 'accept-done', attrs: { hidden: true } },
    notice({ text: t('invite.accepted') }), link({ href: '#/login', text: t('login.title'), testid: 'accept-login' }));
  const accept = form({
    testid: 'accept-form',
    label: t('invite.acceptTitle'),
    className: 'form form-narrow',
    action: async ({ username, password, confirmPassword }, node) => {
      if (password.length < MIN_PASSWORD) {
        throw localProblem('password', t('me.passwordTooShort', { n: MIN_PASSWORD }));
      }
      if (password !== confirmPassword) {
        throw localProblem('confirmPassword', t('me.passwordMismatch'));
      }
      await post('invitations/accept', { token, username: username.toLowerCase(), password });
      node.hidden = true;
      done.hidden = false;
    },
  },
  field({ label: t('login.username'), name: 'username', testid: 'accept-username', required: true,
    hint: t('invite.usernameHint'), attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' } }),
  field({ label: t('login.password'), name: 'password', testid: 'accept-password', type: 'password', required: true,
    hint: t('me.passwordTooShort', { n: MIN_PASSWORD }), attrs: { autocomplete: 'new-password' } }),
  field({ label: t('me.confirmPassword'), name: 'confirmPassword', testid: 'accept-confirm', type: 'password',
    required: true, attrs: { autocomplete: 'new-password' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('invite.acceptSubmit'), testid: 'accept-submit' })));
  view.append(panel({ title: t('invite.acceptTitle'), testid: 'accept-panel' }, accept, done));
}
