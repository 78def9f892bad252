// #/reset: without a token, asking for a password-reset link by e-mail (the answer never says whether the
// address is known); #/reset?token=… from that mail, choosing the new password. No sign-in needed.

import { post } from '../api.js';
import { el, field, form, link, localProblem, notice, panel, submit } from '../dom.js';
import { language, t } from '../i18n.js';

const MIN_PASSWORD = 10;

/** Renders the request form, or the new-password form of the link in the address. */
export async function render(view, { query }) {
  const token = query.get('token');
  view.append(token ? confirmPanel(token) : requestPanel());
}

function requestPanel() {
  const sent = notice({ text: t('reset.requested'), testid: 'reset-requested' });
  sent.hidden = true;
  const request = form({
    testid: 'reset-request-form',
    label: t('reset.title'),
    className: 'form form-narrow',
    action: async ({ email }, node) => {
      sent.hidden = true;
      await post('password-resets', { email, lang: language() }, { expect401: true });
      node.reset();
      sent.hidden = false;
    },
  },
  field({ label: t('invite.email'), name: 'email', testid: 'reset-email', type: 'email', required: true,
    attrs: { autocomplete: 'email' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('reset.requestSubmit'), testid: 'reset-request-submit' })));
  return panel({ title: t('reset.title'), testid: 'reset-request-panel' },
    el('p', { className: 'field-hint', text: t('reset.requestHint') }), request, sent);
}

function confirmPanel(token) {
  const done = el('div', { testid: 'reset-done', attrs: { hidden: true } },
    notice({ text: t('reset.done') }), link({ href: '#/login', text: t('login.title'), testid: 'reset-login' }));
  const confirm = form({
    testid: 'reset-confirm-form',
    label: t('reset.confirmTitle'),
    className: 'form form-narrow',
    action: async ({ password, confirmPassword }, node) => {
      if (password.length < MIN_PASSWORD) {
        throw localProblem('password', t('me.passwordTooShort', { n: MIN_PASSWORD }));
      }
      if (password !== confirmPassword) {
        throw localProblem('confirmPassword', t('me.passwordMismatch'));
      }
      await post('password-resets/confirm', { token, password }, { expect401: true });
      node.hidden = true;
      done.hidden = false;
    },
  },
  field({ label: t('me.newPassword'), name: 'password', testid: 'reset-password', type: 'password', required: true,
    hint: t('me.passwordTooShort', { n: MIN_PASSWORD }), attrs: { autocomplete: 'new-password' } }),
  field({ label: t('me.confirmPassword'), name: 'confirmPassword', testid: 'reset-confirm', type: 'password',
    required: true, attrs: { autocomplete: 'new-password' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('reset.confirmSubmit'), testid: 'reset-confirm-submit' })));
  return panel({ title: t('reset.confirmTitle'), testid: 'reset-confirm-panel' }, confirm, done);
}
