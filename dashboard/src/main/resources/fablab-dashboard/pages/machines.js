// #/machines: each machine's state, availability (with its reason) and required trainings; for a
// member's account whether they may use it, or why not (GET /me/machines);
// for fabmanagers the availability form (block, unblock, out of service, clear "to check"),
// for trainers and fabmanagers the node's train mode; for fabmanagers the node commands (identify,
// lock, unlock, resync, set-state, and force-off with a reason and a confirmation).

import { apiPath, get, post, unlessForbidden } from '../api.js';
import { el, field, form, localProblem, panel, select, submit } from '../dom.js';
import { age, dateTime, duration, isoDurationSeconds, label } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { account, can } from '../session.js';

const AVAILABILITIES = Object.freeze(['available', 'blocked', 'out-of-service', 'to-check']);
const SETTABLE_STATES = Object.freeze(['idle', 'blocked', 'out-of-service', 'to-check']);

/**
 * Renders the page; resolves once machines (and nodes and trainings, when allowed) are shown.
 * Without the node list (403) the node actions are left out.
 */
export async function render(view) {
  const [machines, nodes, trainable, mine] = await Promise.all([
    get('machines'),
    can('nodes:read') ? unlessForbidden(get('nodes')) : null,
    trainableIds(),
    get('me/machines'),
  ]);
  const nodeOf = new Map((nodes ?? []).map((n) => [n.nodeId, n]));
  const standingOf = new Map(mine.map((s) => [s.machineId, s]));
  view.append(el('div', { className: 'machine-list', testid: 'machine-list' },
    ...machines.map((m) => machineCard(m, nodeOf.get(m.node) ?? null, trainable, standingOf.get(m.id) ?? null))));
}

/** Ids of the trainings this account may run train mode for; null means any. */
async function trainableIds() {
  if (!can('nodes:train') || can('certifications:grant-any')) {
    return null;
  }
  const me = account().memberId;
  const trainings = await get('trainings');
  return new Set(trainings
    .filter((tr) => (tr.trainers ?? []).some((trainer) => trainer.memberId === me))
    .map((tr) => tr.id));
}

function machineCard(machine, node, trainable, standing) {
  const availability = machine.availability ?? 'available';
  const required = machine.requiredTrainings ?? [];
  const facts = el('dl', { className: 'facts' },
    el('dt', { text: t('machines.kind') }),
    el('dd', { text: machine.kind ? label('kind', machine.kind) : '', data: { field: 'kind' } }),
    el('dt', { text: t('machines.state') }),
    el('dd', { text: label('state', machine.state ?? 'unknown'), data: { field: 'state' } }),
    el('dt', { text: t('machines.availability') }),
    el('dd', { testid: 'machine-availability', data: { field: 'availability' } },
      el('span', { className: `status status-${availability}`, text: label('availability', availability) }),
      machine.availabilityReason ? el('span', { className: 'reason', testid: 'machine-availability-reason', text: machine.availabilityReason }) : null),
    standing ? el('dt', { text: t('machines.forYou') }) : null,
    standing ? forYou(standing, machine) : null,
    el('dt', { text: t('machines.requiredTrainings') }),
    el('dd', { testid: 'machine-required-trainings', data: { field: 'required-trainings' },
      text: required.length ? required.map((r) => r.name || r.id).join(', ') : t('machines.noTraining') }),
    el('dt', { text: t('machines.node') }),
    el('dd', { testid: 'machine-node-mode', data: { field: 'node-mode', nodeMode: node?.mode ?? null } },
      node ? nodeText(node) : t('machines.noNode')),
    node ? el('dt', { text: t('machines.acl') }) : null,
    node ? aclFact(node) : null);

  return el('article', {
    className: 'panel machine', testid: 'machine-row',
    data: { machineId: machine.id, availability, state: machine.state ?? 'unknown' },
    attrs: { 'aria-label': machine.name || machine.id },
  },
  el('h2', { className: 'panel-title', text: machine.name || machine.id }),
  facts,
  can('machines:availability') ? availabilityForm(machine, availability) : null,
  node && can('nodes:train') ? trainForm(node, required.filter((r) => trainable === null || trainable.has(r.id))) : null,
  node && node.mode !== 'normal' && can('nodes:train') ? normalForm(node) : null,
  machine.node && can('nodes:command') ? commandPanel(machine.node) : null);
}

/**
 * Whether the signed-in member may use the machine. A machine whose node is offline, or that has
 * none, reads unusable whatever the rules say: nobody's badge is read there now.
 */
function forYou(standing, machine) {
  const offline = machine.nodeOnline !== true;
  const mayUse = standing.mayUse && !offline;
  const text = offline ? t('machines.offlineNow')
    : mayUse ? t('machines.mayUse') : t('machines.mayNotUse', { reason: label('mayNot', standing.reason) });
  return el('dd', { testid: 'machine-for-you', data: { field: 'for-you', mayUse: String(mayUse), reason: offline ? 'offline' : standing.reason } },
    el('span', { className: `status ${mayUse ? 'status-available' : 'status-blocked'}`, text }));
}

/** The node commands; each answers 202 once sent, and the board shows the node's new state. */
function commandPanel(nodeId) {
  const send = (body) => post(apiPath`nodes/${nodeId}/commands`, body);
  const sent = (action) => async () => {
    await send({ action });
    refresh();
  };
  return el('section', { className: 'node-commands', testid: 'node-commands', attrs: { 'aria-label': t('machines.commands') } },
    el('h3', { text: t('machines.commands') }),
    el('div', { className: 'form-row' },
      form({ testid: 'command-identify-form', label: t('command.identify'), className: 'form form-row', action: sent('identify') },
        submit({ text: t('command.identify'), testid: 'command-identify' })),
      form({ testid: 'command-lock-form', label: t('command.lock'), className: 'form form-row', action: sent('lock') },
        submit({ text: t('command.lock'), testid: 'command-lock' })),
      form({ testid: 'command-unlock-form', label: t('command.unlock'), className: 'form form-row', action: sent('unlock') },
        submit({ text: t('command.unlock'), testid: 'command-unlock' })),
      form({ testid: 'command-resync-form', label: t('command.resync'), className: 'form form-row', action: sent('resync') },
        submit({ text: t('command.resync'), testid: 'command-resync' }))),
    form({
      testid: 'command-set-state-form',
      label: t('command.set-state'),
      className: 'form form-inline',
      action: async ({ state, reason }) => {
        await send(reason ? { action: 'set-state', state, reason } : { action: 'set-state', state });
        refresh();
      },
    },
    field({ label: t('machines.state'), name: 'state', control: select({
      testid: 'command-set-state-select',
      options: SETTABLE_STATES.map((state) => ({ value: state, label: label('state', state) })),
    }) }),
    field({ label: t('common.reason'), name: 'reason', testid: 'command-set-state-reason' }),
    el('div', { className: 'form-actions' }, submit({ text: t('command.set-state'), testid: 'command-set-state' }))),
    form({
      testid: 'command-force-off-form',
      label: t('command.force-off'),
      className: 'form form-inline',
      // The form does not use the browser's validation (dom.js form), so the confirmation is checked here.
      action: async ({ reason, confirm }) => {
        if (!reason) {
          throw localProblem('reason', t('machines.forceOffReasonMissing'));
        }
        if (!confirm) {
          throw localProblem('confirm', t('machines.forceOffConfirmMissing'));
        }
        await send({ action: 'force-off', reason });
        refresh();
      },
    },
    field({ label: t('common.reason'), name: 'reason', testid: 'command-force-off-reason', required: true }),
    field({ label: t('machines.forceOffConfirm'), name: 'confirm', type: 'checkbox', testid: 'command-force-off-confirm', required: true }),
    el('div', { className: 'form-actions' }, submit({ text: t('command.force-off'), testid: 'command-force-off', danger: true }))));
}

/** The age of the ACL the node reports using, against the limit its offline policy sets; flagged past it. */
function aclFact(node) {
  const stale = node.aclStale === true;
  const limit = isoDurationSeconds(node.maxStaleness);
  const text = node.aclIssuedAt
    ? t('machines.aclAge', { age: age(node.aclAgeSeconds ?? 0), limit: duration(limit ?? 0) })
    : t('machines.aclNone');
  return el('dd', { testid: 'machine-node-acl', data: { field: 'node-acl', aclStale: String(stale) } },
    el('span', { className: stale ? 'acl acl-stale' : 'acl', text }),
    stale && node.aclIssuedAt ? el('span', { className: 'reason', text: t('machines.aclStale') }) : null);
}

function nodeText(node) {
  const mode = label('nodeMode', node.mode ?? 'normal');
  return node.until ? t('machines.nodeModeUntil', { node: node.nodeId, mode, until: dateTime(node.until) })
    : t('machines.nodeMode', { node: node.nodeId, mode });
}

function availabilityForm(machine, current) {
  return form({
    testid: 'availability-form',
    label: t('machines.changeAvailability'),
    className: 'form form-inline',
    action: async ({ availability, reason }) => {
      await post(apiPath`machines/${machine.id}/availability`, { availability, reason });
      refresh();
    },
  },
  field({ label: t('machines.availability'), name: 'availability', control: select({
    testid: 'availability-select',
    value: current === 'available' || current === 'offline' ? 'blocked' : 'available',
    options: AVAILABILITIES.map((a) => ({ value: a, label: label('availabilityAction', a) })),
  }) }),
  field({ label: t('common.reason'), name: 'reason', testid: 'availability-reason', required: true }),
  el('div', { className: 'form-actions' }, submit({ text: t('machines.changeAvailabilitySubmit'), testid: 'availability-submit' })));
}

function trainForm(node, trainings) {
  if (trainings.length === 0) {
    return null;
  }
  return form({
    testid: 'train-mode-form',
    label: t('machines.trainMode'),
    className: 'form form-inline',
    action: async ({ trainingId }) => {
      await post(apiPath`nodes/${node.nodeId}/mode`, { mode: 'train', trainingId });
      refresh();
    },
  },
  field({ label: t('machines.trainMode'), name: 'trainingId', hint: t('machines.trainModeHint'), control: select({
    testid: 'train-mode-training',
    options: trainings.map((tr) => ({ value: tr.id, label: tr.name || tr.id })),
  }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('machines.trainModeSubmit'), testid: 'train-mode-submit' })));
}

function normalForm(node) {
  return form({
    testid: 'node-mode-normal-form',
    label: t('machines.normalMode'),
    className: 'form form-row',
    action: async () => {
      await post(apiPath`nodes/${node.nodeId}/mode`, { mode: 'normal' });
      refresh();
    },
  }, submit({ text: t('machines.normalMode'), testid: 'node-mode-normal' }));
}
