// #/me: the signed-in account — its consent to network visits (switched here), own trainings (with expiry), badges,
// sessions and billing (balance, this month's statement so far, consumables, coupons) when it is a member; changing
// the password; creating an API token, shown once.

import { apiPath, get, post, unlessForbidden } from '../api.js';
import { el, field, form, localProblem, notice, panel, submit, uniqueId } from '../dom.js';
import { label } from '../format.js';
import { t } from '../i18n.js';
import { account } from '../session.js';
import { badgesPanel } from './badges.js';
import { certificationsPanel } from './certifications.js';
import { billingPanels } from './me-billing.js';
import { networkVisitsPanel } from './network-visits.js';
import { sessionsPanel } from './session-list.js';

const MIN_PASSWORD = 10;

/** Renders the page; resolves once the member's own data is shown. */
export async function render(view) {
  const me = account();
  view.append(panel({ title: me.displayName || me.username, testid: 'me-panel' },
    el('dl', { className: 'facts', testid: 'me-details' },
      el('dt', { text: t('login.username') }), el('dd', { text: me.username, data: { field: 'username' } }),
      el('dt', { text: t('me.role') }), el('dd', { text: label('role', me.role), data: { field: 'role' } }))));
  if (me.memberId) {
    const member = { id: me.memberId };
    const panels = await Promise.all([
      get(apiPath`members/${me.memberId}`).then((record) => networkVisitsPanel(record, { change: true })),
      unlessForbidden(certificationsPanel(member, { grantable: null, revoke: false })),
      unlessForbidden(badgesPanel(member, { manage: false, enrollAtNode: false })),
      unlessForbidden(sessionsPanel(me.memberId)),
      billingPanels(me.memberId),
    ]);
    view.append(...panels.flat().filter(Boolean));
  } else {
    view.append(notice({ text: t('me.noMember'), testid: 'me-no-member' }));
  }
  view.append(passwordPanel(), tokenPanel());
}

function passwordPanel() {
  const done = notice({ text: t('me.passwordChanged'), testid: 'password-changed' });
  done.hidden = true;
  const change = form({
    testid: 'password-form',
    label: t('me.password'),
    action: async ({ currentPassword, newPassword, confirmPassword }, node) => {
      done.hidden = true;
      if (newPassword.length < MIN_PASSWORD) {
        throw localProblem('newPassword', t('me.passwordTooShort', { n: MIN_PASSWORD }));
      }
      if (newPassword !== confirmPassword) {
        throw localProblem('confirmPassword', t('me.passwordMismatch'));
      }
      await post('me/password', { currentPassword, newPassword });
      node.reset();
      done.hidden = false;
    },
  },
  field({ label: t('me.currentPassword'), name: 'currentPassword', testid: 'password-current', type: 'password',
    required: true, attrs: { autocomplete: 'current-password' } }),
  field({ label: t('me.newPassword'), name: 'newPassword', testid: 'password-new', type: 'password',
    required: true, hint: t('me.passwordTooShort', { n: MIN_PASSWORD }), attrs: { autocomplete: 'new-password', minlength: MIN_PASSWORD } }),
  field({ label: t('me.confirmPassword'), name: 'confirmPassword', testid: 'password-confirm', type: 'password',
    required: true, attrs: { autocomplete: 'new-password' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('me.passwordSubmit'), testid: 'password-submit' })));
  return panel({ title: t('me.password'), testid: 'password-panel' }, change, done);
}

function tokenPanel() {
  const shown = el('div', { className: 'token', attrs: { hidden: true } });
  const create = form({
    testid: 'token-form',
    label: t('me.token'),
    className: 'form form-inline',
    action: async ({ name }, node) => {
      const created = await post('tokens', { name });
      const valueId = uniqueId('token-value');
      shown.replaceChildren(
        el('label', { text: t('me.tokenOnce', { name: created.name ?? name }), attrs: { for: valueId } }),
        el('input', { testid: 'token-value', attrs: { id: valueId, readonly: true, value: created.token, spellcheck: 'false' } }));
      shown.hidden = false;
      node.reset();
      shown.querySelector('input').select();
    },
  },
  field({ label: t('me.tokenName'), name: 'name', testid: 'token-name', required: true, attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('me.tokenSubmit'), testid: 'token-submit' })));
  return panel({ title: t('me.token'), testid: 'token-panel' }, el('p', { className: 'field-hint', text: t('me.tokenHint') }), create, shown);
}
