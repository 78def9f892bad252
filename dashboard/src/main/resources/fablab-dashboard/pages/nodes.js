// #/nodes: every node of the registry (fabmanager, admin): state, key fingerprint, last seen,
// software version, ACL age, key history on demand. For admins: declare a node, move it to another
// machine, retire it, and create an enrollment (a one-time token, as text and QR code, for
// `fablab-node enroll`).

import { apiPath, get, post, request } from '../api.js';
import { button, el, field, form, panel, select, submit, table } from '../dom.js';
import { age, dateTime, label } from '../format.js';
import { t } from '../i18n.js';
import { refresh } from '../router.js';
import { can } from '../session.js';

const POLICIES = ['fail-closed', 'cached'];
/** What a QR code drawing may hold: the shapes of a QR code, nothing that runs or loads. */
const SVG_ELEMENTS = new Set(['svg', 'g', 'rect', 'path']);
const SVG_ATTRIBUTES = new Set(['viewBox', 'width', 'height', 'x', 'y', 'd', 'fill', 'stroke', 'shape-rendering',
  'transform']);

/** Renders the page; resolves once the list is shown. */
export async function render(view) {
  const manage = can('registry:write');
  const [nodes, machines] = await Promise.all([get('registry/nodes'), get('registry/machines')]);
  const inService = machines.filter((m) => !m.retiredAt);
  view.append(panel({ title: t('registry.nodes.title'), testid: 'registry-nodes-panel' },
    nodeTable(nodes, manage, inService)));
  if (manage) {
    view.append(createPanel(inService), enrollPanel(inService));
  }
}

function nodeTable(nodes, manage, machines) {
  const columns = [t('registry.id'), t('registry.machine'), t('registry.status'), t('registry.fingerprint'),
    t('registry.lastSeen'), t('registry.software'), t('machines.acl'), t('registry.actions')];
  return table({
    testid: 'registry-node-list',
    caption: t('registry.nodes.title'),
    columns,
    empty: t('registry.nodes.none'),
    rows: nodes.map((n) => ({
      testid: 'registry-node-row',
      data: { nodeId: n.id, state: n.state },
      cells: [
        n.id,
        n.machineId,
        label('nodeState', n.state),
        el('code', { className: 'fingerprint', testid: 'registry-node-fingerprint', text: n.fingerprint ?? '' }),
        n.lastSeenAt ? dateTime(n.lastSeenAt) : t('registry.never'),
        n.software ?? '',
        aclText(n),
        nodeActions(n, manage, machines),
      ],
    })),
  });
}

function aclText(node) {
  if (node.state !== 'active') {
    return '';
  }
  const text = node.aclAgeSeconds === null || node.aclAgeSeconds === undefined
    ? t('machines.aclNone') : age(node.aclAgeSeconds);
  return el('span', { className: node.aclStale ? 'acl acl-stale' : 'acl', testid: 'registry-node-acl', text,
    data: { aclStale: String(node.aclStale === true) } });
}

function nodeActions(node, manage, machines) {
  const history = el('div', { className: 'key-history' });
  const keysButton = button({
    text: t('registry.keys'),
    testid: 'registry-node-keys',
    onClick: async () => {
      keysButton.disabled = true;
      try {
        history.replaceChildren(keyTable(await get(apiPath`nodes/${node.id}/keys`)));
      } finally {
        keysButton.disabled = false;
      }
    },
  });
  const retired = node.state === 'retired';
  return el('div', { className: 'row-actions' },
    keysButton,
    manage && !retired ? moveForm(node, machines) : null,
    manage && !retired ? retireForm(node) : null,
    history);
}

function keyTable(keys) {
  return table({
    testid: 'registry-key-list',
    caption: t('registry.keys'),
    columns: [t('registry.fingerprint'), t('registry.validFrom'), t('registry.validUntil')],
    empty: t('registry.noKeys'),
    rows: keys.map((k) => ({
      testid: 'registry-key-row',
      data: { current: String(!k.validUntil) },
      cells: [el('code', { className: 'fingerprint', text: k.fingerprint }),
        k.validFrom ? dateTime(k.validFrom) : t('registry.beforeHistory'),
        k.validUntil ? dateTime(k.validUntil) : t('registry.current')],
    })),
  });
}

function machineOptions(machines) {
  return machines.map((m) => ({ value: m.id, label: `${m.name} (${m.id})` }));
}

function moveForm(node, machines) {
  return form({
    testid: 'registry-node-move-form',
    label: t('registry.nodes.move'),
    className: 'form form-inline',
    action: async ({ machineId }) => {
      await request('PATCH', apiPath`nodes/${node.id}`, { body: { machineId } });
      refresh();
    },
  },
  field({ label: t('registry.machine'), name: 'machineId', control: select({ testid: 'registry-node-move-machine', value: node.machineId, options: machineOptions(machines) }) }),
  el('div', { className: 'form-actions' }, submit({ text: t('registry.nodes.move'), testid: 'registry-node-move-submit' })));
}

function retireForm(node) {
  return form({
    testid: 'registry-node-retire-form',
    label: t('registry.nodes.retire'),
    className: 'form form-inline',
    confirm: () => ({ question: t('registry.nodes.retireQuestion', { id: node.id }), confirmText: t('registry.retire'),
      danger: true }),
    action: async ({ reason }) => {
      await post(apiPath`nodes/${node.id}/retire`, reason ? { reason } : {});
      refresh();
    },
  },
  field({ label: t('common.reasonOptional'), name: 'reason', testid: 'registry-node-retire-reason' }),
  el('div', { className: 'form-actions' }, submit({ text: t('registry.retire'), testid: 'registry-node-retire-submit', danger: true })));
}

function createPanel(machines) {
  const create = form({
    testid: 'registry-node-create-form',
    label: t('registry.nodes.create'),
    action: async ({ id, machineId, offlinePolicy, maxStaleness }) => {
      await post('nodes', maxStaleness ? { id, machineId, offlinePolicy, maxStaleness } : { id, machineId, offlinePolicy });
      refresh();
    },
  },
  field({ label: t('registry.id'), name: 'id', testid: 'registry-node-id', required: true, hint: t('registry.idHint') }),
  field({ label: t('registry.machine'), name: 'machineId', control: select({ testid: 'registry-node-machine', options: machineOptions(machines) }) }),
  field({ label: t('registry.offlinePolicy'), name: 'offlinePolicy', control: select({
    testid: 'registry-node-policy',
    options: POLICIES.map((p) => ({ value: p, label: label('policy', p) })),
  }) }),
  field({ label: t('registry.maxStaleness'), name: 'maxStaleness', testid: 'registry-node-staleness', hint: t('registry.maxStalenessHint') }),
  el('div', { className: 'form-actions' }, submit({ text: t('registry.nodes.createSubmit'), testid: 'registry-node-create-submit' })));
  return panel({ title: t('registry.nodes.create'), testid: 'registry-node-create-panel' }, create);
}

/** Creates an enrollment and shows its token once, as text and as the QR code the gateway drew. */
function enrollPanel(machines) {
  const result = el('div', { className: 'enrollment', testid: 'enrollment-result', attrs: { hidden: true } });
  const create = form({
    testid: 'enrollment-form',
    label: t('registry.enroll.title'),
    action: async ({ nodeId, machineId, ttlMinutes }) => {
      const body = ttlMinutes ? { nodeId, machineId, ttlMinutes: Number(ttlMinutes) } : { nodeId, machineId };
      const enrollment = await post('enrollments', body);
      result.replaceChildren(
        el('p', { text: t('registry.enroll.command') }),
        el('code', { className: 'token', testid: 'enrollment-token', text: enrollment.token }),
        el('p', { testid: 'enrollment-expires', text: t('registry.enroll.expires', { at: dateTime(enrollment.expiresAt) }) }),
        el('div', { className: 'qr', testid: 'enrollment-qr' }, qrCode(enrollment.qrSvg)));
      result.hidden = false;
    },
  },
  field({ label: t('registry.nodes.node'), name: 'nodeId', testid: 'enrollment-node', required: true, hint: t('registry.idHint') }),
  field({ label: t('registry.machine'), name: 'machineId', control: select({ testid: 'enrollment-machine', options: machineOptions(machines) }) }),
  field({ label: t('registry.enroll.ttl'), name: 'ttlMinutes', type: 'number', testid: 'enrollment-ttl', attrs: { min: 1 } }),
  el('div', { className: 'form-actions' }, submit({ text: t('registry.enroll.submit'), testid: 'enrollment-submit' })));
  return panel({ title: t('registry.enroll.title'), testid: 'enrollment-panel' }, create, result);
}

/**
 * The gateway's QR code as SVG elements, copied shape by shape: only the elements and attributes a QR code
 * drawing uses, in the drawing's own (SVG) namespace, are kept, so nothing in the text can run or load anything.
 */
function qrCode(svgText) {
  const parsed = new DOMParser().parseFromString(String(svgText ?? ''), 'image/svg+xml').documentElement;
  return parsed.localName === 'svg' && parsed.namespaceURI ? copySvg(parsed, parsed.namespaceURI) : null;
}

function copySvg(source, namespace) {
  const copy = document.createElementNS(namespace, source.localName);
  for (const attribute of source.attributes) {
    if (SVG_ATTRIBUTES.has(attribute.name)) {
      copy.setAttribute(attribute.name, attribute.value);
    }
  }
  for (const child of source.children) {
    if (child.namespaceURI === namespace && SVG_ELEMENTS.has(child.localName)) {
      copy.append(copySvg(child, namespace));
    }
  }
  return copy;
}
