// A member's certifications (history included, newest first): status, validity, the
// "expires soon" flag; granting (renewing) with a training select and revoking with a reason.

import { apiPath, get, post } from '../api.js';
import { el, field, form, notice, panel, select, submit, table } from '../dom.js';
import { dateOrInstant, dateTime, label, parseInstant } from '../format.js';
import { t } from '../i18n.js';

/**
 * @param {object} member the Member
 * @param {{grantable: object[]|null, revoke: boolean}} rights grantable: the trainings this
 *        account may certify for (null: no grant form); revoke: offer revoking
 */
export async function certificationsPanel(member, { grantable, revoke }) {
  const list = el('div');
  const reload = async () => {
    const certifications = await get(apiPath`members/${member.id}/certifications`);
    list.replaceChildren(certificationTable(member, certifications, revoke, reload));
  };
  await reload();
  return panel({ title: t('certifications.title'), testid: 'certifications-panel' },
    list,
    grantable ? grantForm(member, grantable, reload) : null);
}

function certificationTable(member, certifications, revoke, reload) {
  return table({
    testid: 'certification-list',
    caption: t('certifications.title'),
    columns: [t('certifications.training'), t('certifications.status'), t('certifications.validUntil'),
      t('certifications.grantedBy'), t('certifications.grantedAt'), revoke ? t('common.actions') : null]
      .filter(Boolean),
    empty: t('certifications.none'),
    rows: newestFirst(certifications).map((c) => ({
      testid: 'certification-row',
      data: {
        certificationId: c.id, trainingId: c.trainingId, status: c.status,
        expiresSoon: String(c.expiresSoon === true && c.status === 'valid'),
      },
      cells: [
        c.trainingName || c.trainingId || '',
        statusCell(c),
        c.validUntil ? dateOrInstant(c.validUntil) : t('certifications.noExpiry'),
        c.grantedByName || c.grantedBy || '',
        dateTime(c.grantedAt),
        revoke ? (c.status === 'valid' ? revokeForm(member, c, reload) : '') : null,
      ].filter((cell) => cell !== null),
    })),
  });
}

/** Certifications by grant time, newest first (a renewal above the one it renews). */
export function newestFirst(certifications) {
  return [...certifications]
    .sort((a, b) => (parseInstant(b.grantedAt) || 0) - (parseInstant(a.grantedAt) || 0));
}

/** The status text, plus a visible "expires soon" tag (text, not colour alone). */
export function statusCell(certification) {
  const cell = el('span', { className: `status status-${certification.status}`, text: label('certStatus', certification.status) });
  if (certification.expiresSoon === true && certification.status === 'valid') {
    return el('span', {}, cell, ' ',
      el('span', { className: 'tag tag-warn', testid: 'certification-expiring', text: t('certifications.expiresSoon') }));
  }
  return cell;
}

function revokeForm(member, certification, reload) {
  return form({
    testid: 'certification-revoke-form',
    label: t('certifications.revoke'),
    className: 'form form-row',
    confirm: ({ reason }) => ({ question: t('certifications.revokeQuestion', { training: certification.trainingName || certification.trainingId || '' }),
      facts: [[t('common.reason'), reason]], confirmText: t('certifications.revokeSubmit'), danger: true }),
    action: async ({ reason }) => {
      await post(apiPath`members/${member.id}/certifications/${certification.id}/revoke`, { reason });
      await reload();
    },
  },
  field({ label: t('common.reason'), name: 'reason', testid: 'certification-revoke-reason', required: true ,
    attrs: { placeholder: t('common.reason') } }),
  el('div', { className: 'form-actions' },
    submit({ text: t('certifications.revokeSubmit'), testid: 'certification-revoke', danger: true })));
}

function grantForm(member, trainings, reload) {
  if (trainings.length === 0) {
    return notice({ text: t('certifications.nothingToGrant'), testid: 'certification-grant-none' });
  }
  const grant = form({
    testid: 'certification-grant-form',
    label: t('certifications.grant'),
    action: async ({ trainingId, validUntil, reason }, node) => {
      await post(apiPath`members/${member.id}/certifications`, {
        trainingId, validUntil: validUntil || null, reason: reason || null,
      });
      node.elements.validUntil.value = '';
      node.elements.reason.value = '';
      await reload();
    },
  },
  field({ label: t('certifications.training'), name: 'trainingId', control: select({
    testid: 'certification-grant-training',
    options: trainings.map((tr) => ({ value: tr.id, label: tr.name || tr.id })),
  }) }),
  field({ label: t('certifications.validUntil'), name: 'validUntil', testid: 'certification-grant-valid-until',
    type: 'date', hint: t('certifications.validUntilHint') }),
  field({ label: t('common.reasonOptional'), name: 'reason', testid: 'certification-grant-reason' }),
  el('div', { className: 'form-actions' },
    submit({ text: t('certifications.grantSubmit'), testid: 'certification-grant-submit' })));
  return el('div', { className: 'subpanel' }, el('h3', { text: t('certifications.grant') }), grant);
}
