// A member's badges: the list, marking a badge lost or revoked, enrolling by typing (or a USB
// keyboard-wedge reader "typing") the UID, and enrolling at a node: the node's next unknown
// badge is attached to the member, which this panel notices by polling the list.

import { apiPath, get, post, request } from '../api.js';
import { now } from '../clock.js';
import { button, el, field, form, notice, panel, select, submit, table } from '../dom.js';
import { dateTime, label, timeOfDay } from '../format.js';
import { t } from '../i18n.js';

const BADGE_TYPES = ['mifare-uid', 'em4100', 'desfire-ev2', 'keyboard'];
const POLL_MS = 2000;
const ENROLL_WINDOW_MS = 2 * 60 * 1000;
const OUTCOMES = Object.freeze({
  done: 'badges.enrollDone',
  expired: 'badges.enrollExpired',
  cancelled: 'badges.enrollCancelled',
});

/**
 * The badges panel of a member.
 * @param {object} member the Member
 * @param {{manage: boolean, enrollAtNode: boolean}} rights manage: enroll by UID and change
 *        status; enrollAtNode: offer the nodes
 */
export async function badgesPanel(member, { manage, enrollAtNode }) {
  const list = el('div');
  const reload = async () => {
    const badges = await get(apiPath`members/${member.id}/badges`);
    list.replaceChildren(badgeTable(member, badges, manage, reload));
    return badges;
  };
  await reload();
  return panel({ title: t('badges.title'), testid: 'badges-panel' },
    list,
    manage ? enrollForm(member, reload) : null,
    enrollAtNode ? await nodeEnroll(member, reload) : null);
}

function badgeTable(member, badges, manage, reload) {
  return table({
    testid: 'badge-list',
    caption: t('badges.title'),
    columns: [t('badges.type'), t('badge.uid'), t('badges.label'), t('badges.status'), t('badges.enrolledAt'),
      manage ? t('common.actions') : null].filter(Boolean),
    empty: t('badges.none'),
    rows: badges.map((badge) => ({
      testid: 'badge-row',
      data: { badgeId: badge.id, badgeStatus: badge.status },
      cells: [
        label('badgeType', badge.type),
        el('code', { testid: 'badge-uid', text: badge.uid ?? '—' }),
        badge.label ?? '',
        label('badgeStatus', badge.status),
        dateTime(badge.enrolledAt),
        manage ? (badge.status === 'active' ? statusForm(member, badge, reload) : '') : null,
      ].filter((cell) => cell !== null),
    })),
  });
}

function statusForm(member, badge, reload) {
  return form({
    testid: 'badge-status-form',
    label: t('badges.changeStatus'),
    className: 'form form-row',
    confirm: ({ status, reason }) => ({ question: t('badges.changeStatusQuestion', { status: label('badgeStatus', status) }),
      facts: [[t('common.reason'), reason]], confirmText: t('badges.changeStatusSubmit'), danger: true }),
    action: async ({ status, reason }) => {
      await request('PATCH', apiPath`members/${member.id}/badges/${badge.id}`, { body: { status, reason } });
      await reload();
    },
  },
  field({ label: t('badges.newStatus'), name: 'status', control: select({
    testid: 'badge-status-select',
    options: ['lost', 'revoked'].map((s) => ({ value: s, label: label('badgeStatus', s) })),
  }) }),
  field({ label: t('common.reason'), name: 'reason', testid: 'badge-reason', required: true ,
    attrs: { placeholder: t('common.reason') } }),
  el('div', { className: 'form-actions' }, submit({ text: t('badges.changeStatusSubmit'), testid: 'badge-status-submit', danger: true })));
}

function enrollForm(member, reload) {
  const enroll = form({
    testid: 'badge-enroll-form',
    label: t('badges.enroll'),
    action: async ({ type, uid, label: badgeLabel }, node) => {
      await post(apiPath`members/${member.id}/badges`, { type, uid, label: badgeLabel || null });
      node.elements.uid.value = '';
      node.elements.label.value = '';
      await reload();
      node.elements.uid.focus();
    },
  },
  field({ label: t('badges.type'), name: 'type', control: select({
    testid: 'badge-enroll-type',
    value: BADGE_TYPES[0],
    options: BADGE_TYPES.map((type) => ({ value: type, label: label('badgeType', type) })),
  }) }),
  field({ label: t('badges.uid'), name: 'uid', testid: 'badge-enroll-uid', required: true,
    hint: t('badges.uidHint'), attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' } }),
  field({ label: t('badges.label'), name: 'label', testid: 'badge-enroll-label', attrs: { autocomplete: 'off' } }),
  el('div', { className: 'form-actions' }, submit({ text: t('badges.enrollSubmit'), testid: 'badge-enroll-submit' })));
  return el('div', { className: 'subpanel' }, el('h3', { text: t('badges.enroll') }), enroll);
}

async function nodeEnroll(member, reload) {
  let nodes;
  let machines;
  try {
    [nodes, machines] = await Promise.all([get('nodes'), get('machines')]);
  } catch (error) {
    console.warn('nodes unavailable', error.message);
    return notice({ text: t('nodes.unavailable'), testid: 'enroll-node-unavailable', kind: 'error' });
  }
  const machineOf = new Map(machines.filter((m) => m.node).map((m) => [m.node, m.name || m.id]));
  const status = el('p', { className: 'notice', testid: 'enroll-node-status', attrs: { role: 'status', hidden: true } });
  const cancel = button({ text: t('badges.enrollAtNodeCancel'), testid: 'enroll-node-cancel', onClick: () => stop('cancelled') });
  cancel.hidden = true;
  let active = null; // {nodeId, timer, count, until}

  const stop = async (outcome) => {
    if (!active) {
      return;
    }
    const { nodeId, timer } = active;
    active = null;
    clearTimeout(timer);
    cancel.hidden = true;
    status.dataset.state = outcome;
    status.textContent = t(OUTCOMES[outcome]);
    if (outcome === 'cancelled') {
      try {
        await post(apiPath`nodes/${nodeId}/mode`, { mode: 'normal' });
      } catch (error) {
        console.warn('cannot end enroll mode', error.message);
      }
    }
  };

  const poll = async () => {
    if (!active) {
      return;
    }
    if (!status.isConnected) {
      clearTimeout(active.timer); // the page was left: the node keeps its mode until it ends
      active = null;
      return;
    }
    if (now() > active.until) {
      stop('expired');
      return;
    }
    try {
      const badges = await reload();
      if (active && badges.length > active.count) {
        stop('done');
        return;
      }
    } catch (error) {
      console.warn('cannot poll badges', error.message);
    }
    if (active) {
      active.timer = setTimeout(poll, POLL_MS);
    }
  };

  const enrollAtNode = form({
    testid: 'enroll-node-form',
    label: t('badges.enrollAtNode'),
    className: 'form form-inline',
    action: async ({ node: nodeId }) => {
      await stop('cancelled');
      // Counted first, so a badge read right after the mode change is noticed too.
      const badges = await get(apiPath`members/${member.id}/badges`);
      const answer = await post(apiPath`nodes/${nodeId}/mode`, { mode: 'enroll', memberId: member.id });
      const until = Date.parse(answer?.until ?? '') || now() + ENROLL_WINDOW_MS;
      active = { nodeId, count: badges.length, until, timer: setTimeout(poll, POLL_MS) };
      status.hidden = false;
      status.dataset.state = 'waiting';
      status.textContent = t('badges.enrollWaiting', {
        machine: machineOf.get(nodeId) ?? nodeId, time: timeOfDay(until),
      });
      cancel.hidden = false;
    },
  },
  field({ label: t('badges.node'), name: 'node', control: select({
    testid: 'enroll-node-select',
    options: nodes.map((n) => ({ value: n.nodeId, label: `${machineOf.get(n.nodeId) ?? ''} (${n.nodeId})` })),
  }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('badges.enrollAtNodeSubmit'), testid: 'enroll-node-submit' }), cancel));

  return el('div', { className: 'subpanel' },
    el('h3', { text: t('badges.enrollAtNode') }),
    nodes.length === 0 ? notice({ text: t('nodes.none'), testid: 'enroll-node-none' }) : enrollAtNode,
    status);
}
