// #/trainings: every training with its holders, expiring-soon count and trainers; the
// reminders (certifications expiring within 30 days); the create form for fabmanagers.

import { get, post } from '../api.js';
import { el, form, link, panel, submit, table } from '../dom.js';
import { dateOrInstant, label, validity } from '../format.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { can } from '../session.js';
import { trainingBody, trainingFields } from './training-form.js';

const REMINDER_DAYS = 30;

/** Renders the page; resolves once the list (and the reminders, when allowed) are shown. */
export async function render(view) {
  const [trainings, expiring] = await Promise.all([
    get('trainings'),
    can('reminders:read') ? get(`certifications/expiring?days=${REMINDER_DAYS}`) : null,
  ]);
  view.append(panel({ title: t('trainings.title'), testid: 'trainings-panel' }, trainingTable(trainings)));
  if (expiring) {
    view.append(remindersPanel(expiring));
  }
  if (can('trainings:write')) {
    view.append(createPanel());
  }
}

function trainingTable(trainings) {
  return table({
    testid: 'training-list',
    caption: t('trainings.title'),
    columns: [t('training.name'), t('training.category'), t('training.machineKinds'), t('training.validity'),
      t('trainings.holders'), t('trainings.expiringSoon'), t('trainings.trainers')],
    empty: t('trainings.none'),
    rows: trainings.map((tr) => ({
      testid: 'training-row',
      data: { trainingId: tr.id },
      cells: [
        link({ href: `#/trainings/${encodeURIComponent(tr.id)}`, text: tr.name || tr.id, testid: 'training-link' }),
        label('category', tr.category),
        (tr.machineKinds ?? []).map((k) => label('kind', k)).join(', '),
        validity(tr.validity),
        String(tr.holders ?? 0),
        tr.expiringSoon > 0
          ? el('span', { className: 'tag tag-warn', text: String(tr.expiringSoon) })
          : String(tr.expiringSoon ?? 0),
        (tr.trainers ?? []).map((trainer) => trainer.name || trainer.memberId).join(', '),
      ],
    })),
  });
}

function remindersPanel(certifications) {
  return panel({ title: t('trainings.reminders', { n: REMINDER_DAYS }), testid: 'reminders-panel' }, table({
    testid: 'reminder-list',
    caption: t('trainings.reminders', { n: REMINDER_DAYS }),
    columns: [t('member.name'), t('certifications.training'), t('certifications.validUntil')],
    empty: t('trainings.noReminders'),
    rows: certifications.map((c) => ({
      testid: 'reminder-row',
      data: { certificationId: c.id, memberId: c.memberId, trainingId: c.trainingId },
      cells: [
        link({ href: `#/members/${encodeURIComponent(c.memberId)}`, text: c.memberName || c.memberId, testid: 'reminder-member-link' }),
        c.trainingName || c.trainingId || '',
        dateOrInstant(c.validUntil),
      ],
    })),
  }));
}

function createPanel() {
  const create = form({
    testid: 'training-create-form',
    label: t('trainings.create'),
    action: async (values) => {
      const created = await post('trainings', trainingBody(values));
      navigate(`#/trainings/${encodeURIComponent(created.id)}`);
    },
  },
  ...trainingFields(null),
  el('div', { className: 'form-actions' }, submit({ text: t('trainings.createSubmit'), testid: 'training-create-submit' })));
  return panel({ title: t('trainings.create'), testid: 'training-create-panel' }, create);
}
