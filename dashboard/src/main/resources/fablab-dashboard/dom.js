// Small DOM builders for the pages. Text goes in through textContent and attributes through
// setAttribute only, so whatever the API sends (a member called <script>…) shows literally.
//
// Test hooks: `testid` becomes data-testid; the values are listed in the module README.

import { has, t } from './i18n.js';

let idCounter = 0;

/** A fresh element id for label/control pairs. */
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * Creates an element.
 * @param {string} tag
 * @param {object} options className, testid, text (set as text), attrs (attribute → value;
 *        true for a bare attribute, null/false/undefined to leave out), data (dataset), on (event → handler)
 * @param {...(Node|string|null)} children appended as nodes or text; null and false are skipped
 */
export function el(tag, { className, testid, text, attrs = {}, data = {}, on = {} } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (testid) {
    node.dataset.testid = testid;
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const [name, value] of Object.entries(data)) {
    if (value !== null && value !== undefined) {
      node.dataset[name] = String(value);
    }
  }
  for (const [event, handler] of Object.entries(on)) {
    node.addEventListener(event, handler);
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** A link inside the app, e.g. link({ href: '#/members/m1', text: name, testid: 'member-link' }). */
export function link({ href, text, testid }) {
  return el('a', { testid, text, attrs: { href } });
}

/** A page section with a heading (h2) it is labelled by. */
export function panel({ title, testid }, ...children) {
  const headingId = uniqueId('panel');
  return el('section', { className: 'panel', testid, attrs: { 'aria-labelledby': headingId } },
    el('h2', { className: 'panel-title', text: title, attrs: { id: headingId } }),
    ...children);
}

/**
 * A labelled control with its own error line.
 * @param {object} spec label (text), name, testid, type ('text', 'email', 'date', 'password',
 *        'number', 'textarea'), value, required, attrs (extra attributes on the control), hint,
 *        control (a ready control, e.g. a select; then type/value are ignored)
 */
export function field({ label, name, testid, type = 'text', value, required = false, attrs = {}, hint, control }) {
  const id = uniqueId(`f-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = control ?? el(type === 'textarea' ? 'textarea' : 'input', {
    attrs: { type: type === 'textarea' ? null : type, ...attrs },
  });
  input.id = id;
  input.name = name;
  if (testid) {
    input.dataset.testid = testid;
  }
  if (required) {
    input.required = true;
  }
  if (value !== undefined && value !== null && !control) {
    input.value = String(value);
  }
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return el('div', { className: 'field' },
    el('label', { text: label, attrs: { for: id } }),
    input,
    hint ? el('p', { className: 'field-hint', text: hint, attrs: { id: hintId } }) : null,
    el('p', { className: 'field-error', attrs: { id: errorId, hidden: true }, data: { errorFor: name } }));
}

/**
 * A select. options: [{value, label}]; value: the selected value.
 */
export function select({ options, value, testid, attrs = {} }) {
  const node = el('select', { testid, attrs });
  for (const option of options) {
    const item = el('option', { text: option.label, attrs: { value: option.value } });
    item.selected = value !== undefined && String(option.value) === String(value);
    node.append(item);
  }
  return node;
}

/** A submit button. */
export function submit({ text, testid, danger = false }) {
  return el('button', { className: danger ? 'button button-danger' : 'button', testid, text, attrs: { type: 'submit' } });
}

/** A plain button. */
export function button({ text, testid, onClick, className = 'button button-secondary' }) {
  return el('button', { className, testid, text, attrs: { type: 'button' }, on: { click: onClick } });
}

/**
 * A form with a form-level error line ([data-form-error]) first. The action receives the
 * trimmed form values; a rejection is shown with showProblem; the submit button is disabled
 * while it runs.
 *
 * `confirm(values)`, when given, returns what to ask before the action runs (see confirmDialog)
 * or null to run it at once; it may throw a localProblem. The question is asked only once the
 * required fields are filled, and Cancel leaves the form as it was.
 */
export function form({ testid, label, action, className = 'form', confirm }, ...children) {
  const node = el('form', { className, testid, attrs: { novalidate: true, 'aria-label': label } },
    el('p', { className: 'form-error', attrs: { role: 'alert', hidden: true }, data: { formError: '' } }),
    ...children);
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(node);
    const buttons = [...node.querySelectorAll('button')];
    buttons.forEach((b) => { b.disabled = true; });
    node.setAttribute('aria-busy', 'true');
    try {
      const formValues = values(node);
      if (confirm) {
        requireFilled(node);
        const question = confirm(formValues);
        if (question && !(await confirmDialog(question))) {
          return;
        }
      }
      await action(formValues, node);
    } catch (error) {
      if (node.isConnected) {
        showProblem(node, error);
      }
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      node.removeAttribute('aria-busy');
    }
  });
  return node;
}

/** Throws a localProblem naming the first empty required control, so nobody confirms a form that cannot go through. */
function requireFilled(formNode) {
  const empty = [...formNode.elements].find((control) => control.required && !control.checkValidity());
  if (empty) {
    throw localProblem(empty.name, t('confirm.required'));
  }
}

/**
 * Asks before an action in a modal dialog (never window.confirm) and resolves true when it is
 * confirmed, false on Cancel or Escape. Test hooks: confirm-dialog (data-danger), confirm-facts,
 * confirm-yes, confirm-no.
 * @param {object} spec question (the sentence asked), facts ([label, value] pairs shown under it,
 *        e.g. item, quantity, price, total), confirmText (the confirm button), danger (true for
 *        anything destructive — deactivating, revoking, marking lost, retiring, reversing: the
 *        dialog and its button take the danger style and Cancel has the focus)
 */
export function confirmDialog({ question, facts = [], confirmText, danger = false }) {
  return new Promise((resolve) => {
    const questionId = uniqueId('confirm');
    const yes = el('button', { className: danger ? 'button button-danger' : 'button', testid: 'confirm-yes',
      text: confirmText ?? t('confirm.yes'), attrs: { type: 'button' } });
    const no = el('button', { className: 'button button-secondary', testid: 'confirm-no', text: t('confirm.cancel'),
      attrs: { type: 'button' } });
    const dialog = el('dialog', {
      className: danger ? 'confirm-dialog confirm-danger' : 'confirm-dialog',
      testid: 'confirm-dialog',
      data: { danger: String(danger) },
      attrs: { 'aria-labelledby': questionId, role: danger ? 'alertdialog' : null },
    },
    el('p', { className: 'confirm-question', text: question, attrs: { id: questionId } }),
    facts.length > 0
      ? el('dl', { className: 'facts', testid: 'confirm-facts' },
        ...facts.flatMap(([name, value]) => [el('dt', { text: name }), el('dd', { text: value })]))
      : null,
    el('div', { className: 'form-actions' }, yes, no));
    const answer = (confirmed) => {
      dialog.close();
      dialog.remove();
      resolve(confirmed);
    };
    yes.addEventListener('click', () => answer(true));
    no.addEventListener('click', () => answer(false));
    dialog.addEventListener('cancel', (cancel) => {
      cancel.preventDefault();
      answer(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    (danger ? no : yes).focus();
  });
}

/** The form's values as an object of trimmed strings (passwords kept as typed). */
function values(formNode) {
  const result = {};
  for (const [name, value] of new FormData(formNode)) {
    const control = formNode.elements.namedItem(name);
    result[name] = control?.type === 'password' ? value : String(value).trim();
  }
  return result;
}

/** A client-side validation failure shaped like an API problem, for showProblem. */
export function localProblem(fieldName, detail) {
  return { status: 400, problem: { field: fieldName, detail } };
}

/**
 * Shows an error in a form: next to the control named by problem.field when the form has
 * it, else in the form-level error line.
 */
function showProblem(formNode, error) {
  const text = problemText(error);
  const name = error?.problem?.field;
  const target = name
    ? [...formNode.querySelectorAll('[data-error-for]')].find((p) => p.dataset.errorFor === name)
    : null;
  if (target) {
    target.textContent = text;
    target.hidden = false;
    const control = formNode.elements.namedItem(name);
    if (control instanceof Element) {
      control.setAttribute('aria-invalid', 'true');
      control.focus();
    }
    return;
  }
  const line = formNode.querySelector('[data-form-error]');
  line.textContent = text;
  line.hidden = false;
}

/** Hides every error line of a form. */
function clearProblems(formNode) {
  for (const line of formNode.querySelectorAll('[data-error-for], [data-form-error]')) {
    line.textContent = '';
    line.hidden = true;
  }
  for (const control of formNode.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
}

/** Parameters of a problem that name request fields, one or a comma-separated list; shown translated. */
const FIELD_PARAMS = Object.freeze(['field', 'other']);
const FIELD_LIST_PARAMS = Object.freeze(['fields', 'accepted']);

/**
 * A request field's name as a reader knows it: field.<name> when the catalogue has it, else the name itself. A path
 * into a list (`windows[0].from`) is read part by part, the list's entry counted from 1: "Créneau gratuit 1 › Du".
 */
function fieldName(name) {
  if (has(`field.${name}`)) {
    return t(`field.${name}`);
  }
  if (!/[.[]/.test(name)) {
    return name;
  }
  return name.split('.').map((part) => {
    const entry = /^(.+)\[(\d+)\]$/.exec(part);
    return entry ? `${fieldName(entry[1])} ${Number(entry[2]) + 1}` : fieldName(part);
  }).join(' › ');
}

/** A coded problem's parameters with the field names among them translated. */
function problemParams(params) {
  const shown = { ...params };
  for (const name of FIELD_PARAMS) {
    if (typeof shown[name] === 'string') {
      shown[name] = fieldName(shown[name]);
    }
  }
  for (const name of FIELD_LIST_PARAMS) {
    if (typeof shown[name] === 'string') {
      shown[name] = shown[name].split(', ').map(fieldName).join(', ');
    }
  }
  return shown;
}

/**
 * The text to show for a failed call: the sentence of the problem's code (problem.<code>) in the reader's
 * language; a local problem's own detail (already translated); else a generic message by status. The gateway's
 * English detail is never shown when the problem has a code.
 */
export function problemText(error) {
  const problem = error?.problem;
  if (problem && typeof problem.code === 'string') {
    const key = `problem.${problem.code}`;
    if (has(key)) {
      return t(key, problemParams(problem.params ?? {}));
    }
    return statusText(error);
  }
  if (problem && typeof problem.detail === 'string' && problem.detail.trim()) {
    return problem.detail;
  }
  return statusText(error);
}

/** The generic message for a failed call's HTTP status. */
function statusText(error) {
  switch (error?.status) {
    case 0: return t('error.network');
    case 401: return t('error.unauthorized');
    case 403: return t('error.forbidden');
    case 404: return t('error.notFound');
    case 429: return t('error.tooMany');
    default: return t('error.status', { status: error?.status ?? '?' });
  }
}

/**
 * A table. columns: header texts; rows: arrays of cells (Node or text) plus options
 * ({testid, data}) given as rows[i].cells / rows[i].testid / rows[i].data.
 * Shows `empty` text instead when there are no rows.
 *
 * On a narrow screen each row becomes a card of "header: value" lines (style.css, .table-stack):
 * every cell carries its column's header as data-label for that. `layout: 'scroll'` keeps the
 * grid instead, scrolling sideways inside its card, for documents read as a table (a statement).
 */
export function table({ testid, caption, columns, rows, empty, layout = 'stack' }) {
  if (rows.length === 0) {
    return el('p', { className: 'empty', text: empty, data: { empty: 'true' } });
  }
  return el('div', { className: `table-wrap table-${layout}` },
    el('table', { className: 'table', testid },
      caption ? el('caption', { className: 'visually-hidden', text: caption }) : null,
      el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { text: c, attrs: { scope: 'col' } })))),
      el('tbody', {}, ...rows.map((row) => el('tr', { testid: row.testid, data: row.data ?? {} },
        ...row.cells.map((cell, i) => cellOf(cell, columns[i])))))));
}

function cellOf(cell, header) {
  const attrs = { 'data-label': header || null };
  return cell instanceof Node ? el('td', { attrs }, cell) : el('td', { text: cell, attrs });
}

/** A short status line (role=status) for loading and failure messages. */
export function notice({ text, testid, kind = 'info' }) {
  return el('p', { className: `notice notice-${kind}`, testid, text, attrs: { role: 'status' } });
}

/**
 * Previous / next buttons and "first–last of total" under a paged list; go(offset) shows another page.
 * Nothing when everything fits on one page.
 */
export function pager({ offset, limit, total, testid, go }) {
  if (total <= limit && offset === 0) {
    return null;
  }
  const previous = button({ text: t('audit.previous'), testid: 'pager-previous', onClick: () => go(Math.max(0, offset - limit)) });
  previous.disabled = offset === 0;
  const next = button({ text: t('audit.next'), testid: 'pager-next', onClick: () => go(offset + limit) });
  next.disabled = offset + limit >= total;
  const shown = t('audit.pageOf', { first: total === 0 ? 0 : offset + 1, last: Math.min(offset + limit, total), total });
  return el('div', { className: 'pager', testid },
    previous, el('span', { className: 'pager-range', testid: 'pager-range', text: shown }), next);
}
