// The billing part of #/me for an account linked to a member: the balance, the current month's
// statement so far (the unnumbered draft), recording a consumable used (optionally in one of the
// member's recent sessions; its price and total confirmed before it is charged), and redeeming a coupon.

import { apiPath, get, post, query, unlessForbidden } from '../api.js';
import { el, field, form, localProblem, notice, panel, select, submit } from '../dom.js';
import { dateTime, label } from '../format.js';
import { t } from '../i18n.js';
import { account } from '../session.js';
import { balanceText, currentMonth, moneyWriter, readWhole } from './billing.js';
import { statementDocument } from './statement-doc.js';

const RECENT_SESSIONS = 20;

/** The panels for member `memberId`; a part the gateway refuses (403) is left out. */
export async function billingPanels(memberId) {
  const [money, buildAccount, items, sessions, machines] = await Promise.all([
    moneyWriter(),
    accountPanel(memberId),
    unlessForbidden(get('consumables')),
    unlessForbidden(get(`sessions${query({ member: memberId, limit: RECENT_SESSIONS })}`)),
    get('machines'),
  ]);
  const machineNames = new Map(machines.map((m) => [m.id, m.name || m.id]));
  // After a consumable or a coupon, only the balance and the draft are read again, so the
  // confirmation stays where the member looks.
  let shown = buildAccount(money);
  const reload = async () => {
    const next = (await accountPanel(memberId))(money);
    if (shown && next) {
      shown.replaceWith(next);
      shown = next;
    }
  };
  const mine = (sessions ?? []).filter((s) => s.memberId === undefined || s.memberId === memberId);
  return [
    shown,
    items ? recordPanel(memberId, items.filter((i) => i.active !== false), mine, machineNames, money, reload) : null,
    couponPanel(reload),
  ].filter(Boolean);
}

/** Reads the balance and this month's draft; resolves to a builder of their panel (null when both are refused). */
async function accountPanel(memberId) {
  const [balance, draft] = await Promise.all([
    unlessForbidden(get(apiPath`members/${memberId}/balance`)),
    unlessForbidden(get(`statements/draft${query({ member: memberId, month: currentMonth() })}`)),
  ]);
  return (money) => {
    if (!balance && !draft) {
      return null;
    }
    const owed = balance?.owedCents;
    return panel({ title: t('me.billing'), testid: 'me-billing-panel' },
      typeof owed === 'number'
        ? el('p', { className: 'balance', testid: 'me-balance', data: { cents: owed }, text: balanceText(owed, money, 'me') })
        : null,
      draft ? el('h3', { className: 'subtitle', text: t('me.draft') }) : null,
      draft ? el('div', { testid: 'me-draft' }, statementDocument(draft, money, account().displayName)) : null);
  };
}

/**
 * Recording a consumable used by member `memberId` (optionally in one of `sessions`); `reload` runs
 * once it is charged. Also offered to staff on the member's page.
 */
export function recordPanel(memberId, items, sessions, machineNames, money, reload) {
  if (items.length === 0) {
    return panel({ title: t('me.consumable'), testid: 'consumable-record-panel' },
      notice({ text: t('consumables.none'), testid: 'consumable-record-none' }));
  }
  const done = notice({ text: t('me.consumableRecorded'), testid: 'consumable-recorded' });
  done.hidden = true;
  const byId = new Map(items.map((i) => [i.id, i]));
  const record = form({
    testid: 'consumable-record-form',
    label: t('me.consumable'),
    // Charged at once and only a fabmanager can correct it: the member sees what it costs first.
    confirm: (values) => {
      const item = byId.get(values.itemId);
      const quantity = readWhole(values, 'quantity', { positive: true });
      return {
        question: t('me.consumableQuestion'),
        facts: [
          [t('me.consumableItem'), item.label || item.id],
          [t('me.quantity'), `${quantity} ${label('unit', item.unit)}`],
          [t('me.unitPrice'), money(item.unitPriceCents)],
          [t('me.total'), money(quantity * item.unitPriceCents)],
        ],
        confirmText: t('me.consumableConfirm'),
      };
    },
    action: async (values, node) => {
      done.hidden = true;
      await post('consumable-records', {
        memberId,
        itemId: values.itemId,
        quantity: readWhole(values, 'quantity', { positive: true }),
        sessionId: values.sessionId || undefined,
      });
      node.reset();
      done.hidden = false;
      await reload();
    },
  },
  field({ label: t('me.consumableItem'), name: 'itemId', control: select({
    testid: 'consumable-record-item',
    options: items.map((i) => ({ value: i.id, label: t('me.itemOption', {
      label: i.label || i.id, price: money(i.unitPriceCents), unit: label('unit', i.unit) }) })),
  }) }),
  field({ label: t('me.quantity'), name: 'quantity', testid: 'consumable-record-quantity', required: true,
    hint: t('me.quantityHint'), attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
  field({ label: t('me.session'), name: 'sessionId', control: select({
    testid: 'consumable-record-session',
    options: [{ value: '', label: t('me.noSession') }, ...sessions.map((s) => ({
      value: s.id, label: `${machineNames.get(s.machine) ?? s.machine ?? ''} · ${dateTime(s.startedAt)}` }))],
  }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('me.consumableSubmit'), testid: 'consumable-record-submit' })));
  return panel({ title: t('me.consumable'), testid: 'consumable-record-panel' }, record, done);
}

function couponPanel(reload) {
  const done = notice({ text: t('me.couponRedeemed'), testid: 'coupon-redeemed' });
  done.hidden = true;
  const redeem = form({
    testid: 'coupon-form',
    label: t('me.coupon'),
    className: 'form form-inline',
    action: async ({ code }, node) => {
      done.hidden = true;
      if (!code) {
        // an empty code would make the address coupons//redemptions, which names no coupon at all
        throw localProblem('code', t('me.couponCodeRequired'));
      }
      await post(apiPath`coupons/${code}/redemptions`, {});
      node.reset();
      done.hidden = false;
      await reload();
    },
  },
  field({ label: t('me.couponCode'), name: 'code', testid: 'coupon-code', required: true, attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('me.couponSubmit'), testid: 'coupon-submit' })));
  return panel({ title: t('me.coupon'), testid: 'coupon-panel' }, redeem, done);
}
