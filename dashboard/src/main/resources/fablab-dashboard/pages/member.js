// #/members/{id}: a member's details (edit, deactivate / reactivate), badges,
// certifications, sessions and billing (member-billing.js). What is offered depends on the
// role; the gateway decides.

import { apiPath, get, request, unlessForbidden } from '../api.js';
import { el, field, form, link, panel, submit } from '../dom.js';
import { calendarDate, dateTime } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { account, can } from '../session.js';
import { badgesPanel } from './badges.js';
import { percent } from './billing.js';
import { certificationsPanel } from './certifications.js';
import { memberBillingPanels } from './member-billing.js';
import { networkVisitsPanel } from './network-visits.js';
import { sessionsPanel } from './session-list.js';

/**
 * Renders the member page; resolves once every panel has its data. A panel the gateway
 * refuses to this role (403) is left out.
 */
export async function render(view, { params: [memberId] }) {
  const member = await get(apiPath`members/${memberId}`);
  const [grantableTrainings, groups, billing] = await Promise.all([
    unlessForbidden(grantable(member)),
    member.group ? unlessForbidden(get('groups')) : null,
    memberBillingPanels(member),
  ]);
  const panels = await Promise.all([
    unlessForbidden(badgesPanel(member, { manage: can('badges:write'), enrollAtNode: can('nodes:enroll') })),
    unlessForbidden(certificationsPanel(member, { grantable: grantableTrainings, revoke: can('certifications:revoke') })),
    can('sessions:read-all') ? unlessForbidden(sessionsPanel(member.id)) : null,
  ]);
  const group = (groups ?? []).find((g) => g.name === member.group);
  // the member's own consent to switch, or staff's who manage members; others who read the member see it
  const consent = networkVisitsPanel(member, { change: can('members:write') || member.id === account().memberId });
  view.append(detailsPanel(member, group), consent, ...panels.filter(Boolean), ...billing);
}

/**
 * The trainings this account may certify this member for: all for fabmanagers, its own for
 * trainers; null (no grant form) for a trainer on their own page, since nobody certifies themselves.
 */
async function grantable(member) {
  const me = account().memberId;
  if (!can('certifications:grant') || (!can('certifications:grant-any') && member.id === me)) {
    return null;
  }
  const trainings = await get('trainings');
  if (can('certifications:grant-any')) {
    return trainings;
  }
  return trainings.filter((tr) => (tr.trainers ?? []).some((trainer) => trainer.memberId === me));
}

/** `group`: the member's group with its discount, when known. */
function detailsPanel(member, group) {
  const facts = el('dl', { className: 'facts', testid: 'member-details', data: { memberId: member.id, active: String(member.active === true) } },
    ...fact(t('member.name'), member.name, 'name'),
    ...fact(t('member.number'), String(member.number ?? ''), 'number'),
    ...fact(t('member.email'), member.email ?? '', 'email'),
    ...fact(t('member.group'), member.group ?? '', 'group'),
    ...(group ? fact(t('member.groupDiscount'), percent(group.discountBasisPoints), 'group-discount') : []),
    ...fact(t('member.validUntil'), member.validUntil ? calendarDate(member.validUntil) : t('member.noEnd'), 'valid-until'),
    ...fact(t('member.territory'), member.territory ?? '', 'territory'),
    ...fact(t('member.status'), t(member.active ? 'member.active' : 'member.inactive'), 'status'),
    ...fact(t('member.createdAt'), dateTime(member.createdAt), 'created-at'));
  return panel({ title: member.name || member.id, testid: 'member-panel' },
    facts,
    can('audit:read')
      ? el('p', {}, link({ href: `#/audit?member=${encodeURIComponent(member.id)}`, text: t('member.auditLink'), testid: 'member-audit-link' }))
      : null,
    can('members:write') ? editForm(member) : null,
    can('members:write') ? statusForm(member) : null);
}

function fact(term, value, name) {
  return [el('dt', { text: term }), el('dd', { text: value, data: { field: name } })];
}

function editForm(member) {
  const edit = form({
    testid: 'member-edit-form',
    label: t('member.edit'),
    action: async ({ name, email, group, validUntil, territory }) => {
      await request('PATCH', apiPath`members/${member.id}`, {
        body: { name, email, group: group || null, validUntil: validUntil || null, territory: territory || null },
      });
      refresh();
    },
  },
  field({ label: t('member.name'), name: 'name', testid: 'member-edit-name', value: member.name, required: true }),
  field({ label: t('member.email'), name: 'email', testid: 'member-edit-email', type: 'email', value: member.email, required: true }),
  field({ label: t('member.group'), name: 'group', testid: 'member-edit-group', value: member.group }),
  field({ label: t('member.validUntil'), name: 'validUntil', testid: 'member-edit-valid-until', type: 'date', value: member.validUntil }),
  field({ label: t('member.territory'), name: 'territory', testid: 'member-edit-territory', value: member.territory,
    hint: t('member.territoryHint'), attrs: { maxlength: '80' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('common.save'), testid: 'member-edit-submit' })));
  return el('details', { className: 'subpanel' }, el('summary', { text: t('member.edit') }), edit);
}

function statusForm(member) {
  const deactivate = member.active === true;
  const statusChange = form({
    testid: 'member-status-form',
    label: t(deactivate ? 'member.deactivate' : 'member.reactivate'),
    className: 'form form-inline',
    confirm: deactivate
      ? ({ reason }) => ({ question: t('member.deactivateQuestion', { name: member.name ?? member.id }),
        facts: [[t('common.reason'), reason]], confirmText: t('member.deactivate'), danger: true })
      : undefined,
    action: async ({ reason }) => {
      await request('PATCH', apiPath`members/${member.id}`, { body: { active: !deactivate, reason } });
      refresh();
    },
  },
  field({ label: t('common.reason'), name: 'reason', testid: 'member-status-reason', required: deactivate }),
  el('div', { className: 'form-actions' }, deactivate
    ? submit({ text: t('member.deactivate'), testid: 'member-deactivate', danger: true })
    : submit({ text: t('member.reactivate'), testid: 'member-reactivate' })));
  return statusChange;
}
