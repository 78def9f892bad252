// #/accounts (admin): every account with its role, e-mail and state; inviting someone by e-mail (a one-time
// link, mailed, or shown here when the gateway has no mail server or the mail failed); changing a role;
// sending a password-reset link; deactivating (destructive: confirmed in the danger-style dialog) and
// reactivating.

import { apiPath, get, post, request } from '../api.js';
import { button, confirmDialog, el, field, form, notice, panel, problemText, select, submit, table } from '../dom.js';
import { dateTime, label } from '../format.js';
import { language, t } from '../i18n.js';
import { account } from '../session.js';

const ROLES = ['maker', 'trainer', 'fabmanager', 'treasurer', 'admin', 'board'];

/** Renders the page; resolves once the accounts are shown. */
export async function render(view) {
  const [accounts, mail] = await Promise.all([get('accounts'), get('accounts/mail')]);
  const outcome = el('div', { testid: 'accounts-outcome', attrs: { 'aria-live': 'polite' } });
  const list = el('div');
  const reload = async () => {
    list.replaceChildren(accountsTable(await get('accounts'), outcome, reload));
  };
  list.replaceChildren(accountsTable(accounts, outcome, reload));
  view.append(invitePanel(mail.configured, outcome, reload),
    panel({ title: t('accounts.list'), testid: 'accounts-panel' }, outcome, list));
}

function invitePanel(mails, outcome, reload) {
  const invite = form({
    testid: 'invite-form',
    label: t('invite.title'),
    action: async ({ email, role, memberId }, node) => {
      const issued = await post('accounts/invitations', { email, role, memberId: memberId || undefined,
        lang: language() });
      node.reset();
      showIssued(outcome, issued, 'invite');
      await reload();
    },
  },
  field({ label: t('invite.email'), name: 'email', testid: 'invite-email', type: 'email', required: true,
    attrs: { autocomplete: 'off' } }),
  field({ label: t('accounts.role'), name: 'role', testid: 'invite-role',
    control: select({ options: roleOptions(), value: 'maker' }) }),
  field({ label: t('invite.memberId'), name: 'memberId', testid: 'invite-member', hint: t('invite.memberIdHint'),
    attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('invite.submit'), testid: 'invite-submit' })));
  return panel({ title: t('invite.title'), testid: 'invite-panel' },
    notice({ text: t(mails ? 'invite.mailOn' : 'invite.mailOff'), testid: 'invite-mail-status',
      kind: mails ? 'info' : 'warn' }),
    invite);
}

/** What became of a link: mailed, or shown for the admin to pass on (with the mail server's error if any). */
function showIssued(outcome, issued, kind) {
  const until = dateTime(issued.expiresAt);
  if (issued.delivery === 'mailed') {
    outcome.replaceChildren(notice({ text: t(`${kind}.mailed`, { to: issued.to, until }), testid: 'link-mailed' }));
    return;
  }
  const address = new URL(issued.link, window.location.href).href;
  // replaceChildren writes a null out as the text "null": only the failure notice is optional
  const failed = issued.delivery === 'failed'
    ? [notice({ text: t('accounts.mailFailed', { error: issued.error }), testid: 'link-mail-failed', kind: 'error' })]
    : [];
  outcome.replaceChildren(...failed,
    el('div', { className: 'token' },
      el('label', { text: t(`${kind}.shown`, { to: issued.to, until }) }),
      el('input', { testid: 'link-shown', attrs: { readonly: true, value: address, spellcheck: 'false' } })));
  outcome.querySelector('input').select();
}

function accountsTable(accounts, outcome, reload) {
  const me = account();
  return table({
    testid: 'accounts-table',
    caption: t('accounts.list'),
    columns: [t('accounts.username'), t('invite.email'), t('accounts.role'), t('accounts.state'), t('accounts.actions')],
    empty: t('accounts.none'),
    rows: accounts.map((a) => ({
      testid: 'account-row',
      data: { username: a.username, active: String(a.active) },
      cells: [
        a.username + (me && me.username === a.username ? ` (${t('accounts.you')})` : ''),
        a.email ?? '—',
        label('role', a.role),
        el('span', { className: a.active ? 'state-ok' : 'state-off', text: t(a.active ? 'accounts.active' : 'accounts.inactive'),
          data: { field: 'state' } }),
        actions(a, outcome, reload),
      ],
    })),
  });
}

/** The role's control, folded under its summary as other rows' actions are, so the table keeps its columns readable. */
function roleControl(a, outcome, reload) {
  const choice = select({ options: roleOptions(), value: a.role, testid: 'account-role',
    attrs: { 'aria-label': t('accounts.roleOf', { name: a.username }) } });
  const change = button({ text: t('accounts.changeRole'), testid: 'account-role-save', onClick: () => act(outcome, async () => {
    await patch(a.username, { role: choice.value });
    outcome.replaceChildren(notice({ text: t('accounts.roleChanged', { name: a.username, role: label('role', choice.value) }),
      testid: 'account-changed' }));
    await reload();
  }) });
  return el('details', { className: 'row-action' }, el('summary', { text: t('accounts.changeRole') }),
    el('div', { className: 'form-row' }, choice, change));
}

function actions(a, outcome, reload) {
  const box = el('div', { className: 'form-actions' }, roleControl(a, outcome, reload));
  const reset = button({ text: t('reset.send'), testid: 'account-reset', onClick: () => act(outcome, async () => {
    showIssued(outcome, await post('password-resets', { username: a.username, lang: language() }), 'reset');
  }) });
  if (!a.active) {
    box.append(button({ text: t('accounts.reactivate'), testid: 'account-reactivate', onClick: () => act(outcome, async () => {
      await patch(a.username, { active: true });
      outcome.replaceChildren(notice({ text: t('accounts.reactivated', { name: a.username }), testid: 'account-changed' }));
      await reload();
    }) }));
    return box;
  }
  box.append(reset,
    button({ text: t('accounts.deactivate'), testid: 'account-deactivate', className: 'button button-secondary button-danger',
      onClick: async () => {
        const confirmed = await confirmDialog({ question: t('accounts.deactivateQuestion', { name: a.username }),
          confirmText: t('accounts.deactivateConfirm'), danger: true });
        if (confirmed) {
          await act(outcome, async () => {
            await patch(a.username, { active: false });
            outcome.replaceChildren(notice({ text: t('accounts.deactivated', { name: a.username }), testid: 'account-changed' }));
            await reload();
          });
        }
      } }));
  return box;
}

/** Runs an action of a row; its failure is shown above the table, never lost. */
async function act(outcome, work) {
  try {
    await work();
  } catch (error) {
    outcome.replaceChildren(notice({ text: problemText(error), testid: 'account-error', kind: 'error' }));
  }
}

function patch(username, body) {
  return request('PATCH', apiPath`accounts/${username}`, { body });
}

function roleOptions() {
  return ROLES.map((role) => ({ value: role, label: label('role', role) }));
}
