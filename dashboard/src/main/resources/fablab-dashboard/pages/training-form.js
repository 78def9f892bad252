// The fields of a training, shared by the create form (#/trainings) and the edit form
// (#/trainings/{id}), and the request body built from them.

import { field, select } from '../dom.js';
import { label } from '../format.js';
import { t } from '../i18n.js';

const CATEGORIES = Object.freeze(['safety', 'competency', 'optional']);
const VALIDITY_KINDS = Object.freeze(['forever', 'fixed-duration', 'until-date', 'lapses-after-disuse']);

/**
 * Labelled controls for a training; `training` pre-fills them (edit), null leaves them empty
 * and adds the id field (create). Control names follow the API's field names
 * (validity.days …) so a 400 problem lands next to its control.
 */
export function trainingFields(training) {
  const rule = training?.validity ?? { kind: 'forever' };
  return [
    training ? null : field({ label: t('training.id'), name: 'id', testid: 'training-id', required: true,
      hint: t('training.idHint'), attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({ label: t('training.name'), name: 'name', testid: 'training-name', value: training?.name, required: true }),
    field({ label: t('training.category'), name: 'category', control: select({
      testid: 'training-category',
      value: training?.category ?? 'safety',
      options: CATEGORIES.map((c) => ({ value: c, label: label('category', c) })),
    }) }),
    field({ label: t('training.machineKinds'), name: 'machineKinds', testid: 'training-machine-kinds',
      value: (training?.machineKinds ?? []).join(', '), hint: t('training.machineKindsHint'),
      attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({ label: t('training.validity'), name: 'validity.kind', control: select({
      testid: 'training-validity-kind',
      value: rule.kind,
      options: VALIDITY_KINDS.map((k) => ({ value: k, label: label('validityKind', k) })),
    }) }),
    field({ label: t('training.validityDays'), name: 'validity.days', testid: 'training-validity-days',
      type: 'number', value: rule.days, hint: t('training.validityDaysHint'), attrs: { min: 1, step: 1 } }),
    field({ label: t('training.validityUntil'), name: 'validity.until', testid: 'training-validity-until',
      type: 'date', value: rule.until, hint: t('training.validityUntilHint') }),
  ].filter(Boolean);
}

/** The JSON body from the form's values; days and until only where the kind uses them. */
export function trainingBody(values) {
  const kind = values['validity.kind'];
  const validity = { kind };
  if (kind === 'fixed-duration' || kind === 'lapses-after-disuse') {
    validity.days = values['validity.days'] === '' ? null : Number(values['validity.days']);
  }
  if (kind === 'until-date') {
    validity.until = values['validity.until'] || null;
  }
  const body = {
    name: values.name,
    category: values.category,
    machineKinds: values.machineKinds.split(',').map((k) => k.trim()).filter(Boolean),
    validity,
  };
  if (values.id !== undefined) {
    body.id = values.id;
  }
  return body;
}
