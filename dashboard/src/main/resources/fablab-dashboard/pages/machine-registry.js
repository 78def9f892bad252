// #/machine-registry: every machine of the registry, retired ones included (fabmanager, admin);
// for admins a create form and, per machine in service, an edit form (name, kind) and a retire form.
// The kind decides the trainings a machine needs and its price list (trainings and prices pages).

import { apiPath, get, post, request } from '../api.js';
import { el, field, form, panel, submit, table } from '../dom.js';
import { dateTime, label } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { can } from '../session.js';

/** Renders the page; resolves once the list is shown. */
export async function render(view) {
  const machines = await get('registry/machines');
  const manage = can('registry:write');
  view.append(panel({ title: t('registry.machines.title'), testid: 'registry-machines-panel' },
    machineTable(machines, manage)));
  if (manage) {
    view.append(createPanel());
  }
}

function machineTable(machines, manage) {
  const columns = [t('registry.id'), t('registry.name'), t('machines.kind'), t('registry.status')];
  return table({
    testid: 'registry-machine-list',
    caption: t('registry.machines.title'),
    columns: manage ? [...columns, t('registry.actions')] : columns,
    empty: t('registry.machines.none'),
    rows: machines.map((m) => {
      const cells = [m.id, m.name, label('kind', m.kind),
        m.retiredAt ? t('registry.retiredAt', { at: dateTime(m.retiredAt) }) : t('registry.inService')];
      return {
        testid: 'registry-machine-row',
        data: { machineId: m.id, retired: String(Boolean(m.retiredAt)) },
        cells: manage ? [...cells, m.retiredAt ? '' : machineActions(m)] : cells,
      };
    }),
  });
}

function machineActions(machine) {
  return el('div', { className: 'row-actions' },
    form({
      testid: 'registry-machine-edit-form',
      label: t('registry.machines.edit'),
      className: 'form form-inline',
      action: async ({ name, kind }) => {
        await request('PATCH', apiPath`machines/${machine.id}`, { body: { name, kind } });
        refresh();
      },
    },
    field({ label: t('registry.name'), name: 'name', value: machine.name, testid: 'registry-machine-edit-name', required: true }),
    field({ label: t('machines.kind'), name: 'kind', value: machine.kind, testid: 'registry-machine-edit-kind', required: true }),
    el('div', { className: 'form-actions' }, submit({ text: t('registry.save'), testid: 'registry-machine-edit-submit' }))),
    form({
      testid: 'registry-machine-retire-form',
      label: t('registry.machines.retire'),
      className: 'form form-inline',
      confirm: () => ({ question: t('registry.machines.retireQuestion', { name: machine.name || machine.id }),
        confirmText: t('registry.retire'), danger: true }),
      action: async ({ reason }) => {
        await post(apiPath`machines/${machine.id}/retire`, reason ? { reason } : {});
        refresh();
      },
    },
    field({ label: t('common.reasonOptional'), name: 'reason', testid: 'registry-machine-retire-reason' }),
    el('div', { className: 'form-actions' }, submit({ text: t('registry.retire'), testid: 'registry-machine-retire-submit', danger: true }))));
}

function createPanel() {
  const create = form({
    testid: 'registry-machine-create-form',
    label: t('registry.machines.create'),
    action: async ({ id, name, kind }) => {
      await post('machines', { id, name, kind });
      refresh();
    },
  },
  field({ label: t('registry.id'), name: 'id', testid: 'registry-machine-id', required: true, hint: t('registry.idHint') }),
  field({ label: t('registry.name'), name: 'name', testid: 'registry-machine-name', required: true }),
  field({ label: t('machines.kind'), name: 'kind', testid: 'registry-machine-kind', required: true, hint: t('registry.kindHint') }),
  el('div', { className: 'form-actions' }, submit({ text: t('registry.machines.createSubmit'), testid: 'registry-machine-create-submit' })));
  return panel({ title: t('registry.machines.create'), testid: 'registry-machine-create-panel' }, create);
}
