// The gateway's REST and SSE endpoints, resolved next to the dashboard's own files so the
// dashboard also works behind a reverse proxy that mounts everything under a prefix.

import { syncFromDateHeader } from './clock.js';

const API = new URL('api/v1/', import.meta.url);
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30000;

/**
 * An HTTP answer other than 2xx; status 0 means the request never got an answer.
 * `problem` is the parsed application/problem+json body ({title, detail, field, …}) or null;
 * `retryAfter` the Retry-After header in seconds (429), or null.
 */
export class ApiError extends Error {
  constructor(status, path, problem = null, retryAfter = null) {
    super(`request failed [path: ${path}, status: ${status}]`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = null;
let unauthorizedListener = () => {};

/** The token sent as X-CSRF-Token on every write; null when signed out. */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called when an API call answers 401 (the session ended), unless the caller expects it. */
export function onUnauthorized(listener) {
  unauthorizedListener = listener;
}

/**
 * An API path with every interpolated value URL-encoded: apiPath`members/${id}/badges`.
 * Query parameters with an empty, null or undefined value are left out.
 */
export function apiPath(strings, ...values) {
  return strings.reduce((path, part, i) =>
    path + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

/** "?a=1&b=2" from an object, skipping empty values; "" when nothing is left. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value).trim() !== '') {
      search.set(name, String(value).trim());
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * One JSON request under /api/v1. Writes carry the CSRF token. Resolves to the parsed
 * body, or null for 204 / a body that is not JSON; rejects with ApiError.
 * @param {string} method GET, POST, PATCH, PUT or DELETE
 * @param {string} path relative to /api/v1/, already encoded (see apiPath)
 * @param {{body?: object, expect401?: boolean}} options expect401: a 401 is an answer
 *        (login, who-am-I), not a sign that the session ended
 */
export async function request(method, path, { body, expect401 = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(new URL(path, API), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, path);
  }
  syncFromDateHeader(response.headers.get('Date'));
  if (!response.ok) {
    const problem = await readJson(response);
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    if (response.status === 401 && !expect401) {
      unauthorizedListener();
    }
    throw new ApiError(response.status, path, problem, Number.isNaN(retryAfter) ? null : retryAfter);
  }
  return response.status === 204 ? null : readJson(response);
}

/**
 * The promise's value, or null when the gateway answers 403: for the parts of a page a role
 * may not read, which the page then leaves out.
 */
export async function unlessForbidden(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error?.status === 403) {
      return null;
    }
    throw error;
  }
}

/** GET shorthand. */
export function get(path, options) {
  return request('GET', path, options);
}

/** POST shorthand; body may be undefined. */
export function post(path, body, options = {}) {
  return request('POST', path, { ...options, body });
}

/** PUT shorthand. */
export function put(path, body, options = {}) {
  return request('PUT', path, { ...options, body });
}

/**
 * The address of an API path as text, for a plain link the browser follows itself (a download):
 * GETs are authorised by the session cookie, so they need no header.
 */
export function apiUrl(path) {
  return new URL(path, API).href;
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) {
    return null;
  }
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** GET /api/v1/machines → array of machines. */
export function fetchMachines() {
  return getJson('machines');
}

/** GET /api/v1/sessions?limit=n → array of sessions, newest first. */
export function fetchSessions(limit) {
  return getJson(`sessions?limit=${encodeURIComponent(limit)}`);
}

async function getJson(path) {
  let response;
  try {
    response = await fetch(new URL(path, API), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, path);
  }
  syncFromDateHeader(response.headers.get('Date'));
  if (!response.ok) {
    throw new ApiError(response.status, path);
  }
  const body = await response.json();
  if (!Array.isArray(body)) {
    throw new ApiError(response.status, path);
  }
  return body;
}

/**
 * Follows GET /api/v1/stream (Server-Sent Events).
 *
 * EventSource retries by itself after a dropped connection; when the server answers with
 * an error or a wrong content type it gives up (readyState CLOSED), so we reopen it
 * ourselves with an exponential back-off.
 *
 * @param {object} handlers
 * @param {(live: boolean) => void} handlers.onStatus connection up or down
 * @param {(afterOutage: boolean) => void} handlers.onOpen after every (re)connection; true when
 *        the stream was down since the page loaded or since the last open, so events may be missed
 * @param {(machine: object) => void} handlers.onMachine one `event: machine`
 * @param {(session: object) => void} handlers.onSession one `event: session`
 * @returns {{restart: () => void}} restart: reconnect now, e.g. after a sign-in or sign-out, since
 *          the gateway decides once per connection how much of the board the stream shows. The stream is
 *          closed while the page is hidden (left for another page) and reopened when it is shown again.
 */
export function followStream({ onStatus, onOpen, onMachine, onSession }) {
  let source = null;
  let down = false;
  let retryMs = RETRY_MIN_MS;
  let retryTimer = null;

  const open = () => {
    source = new EventSource(new URL('stream', API), { withCredentials: true });
    source.addEventListener('open', () => {
      retryMs = RETRY_MIN_MS;
      onStatus(true);
      onOpen(down);
      down = false;
    });
    source.addEventListener('error', () => {
      down = true;
      onStatus(false);
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        retryTimer = setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    });
    source.addEventListener('machine', (event) => dispatch(event, onMachine));
    source.addEventListener('session', (event) => dispatch(event, onSession));
  };
  const close = () => {
    clearTimeout(retryTimer);
    source.close();
  };
  const reopen = () => {
    close();
    down = true; // what the new connection shows differs, or events were missed: the board is fetched again on open
    onStatus(false);
    open();
  };
  open();
  // A browser keeps a page it leaves in its back/forward cache, frozen with its connections still open, and opens
  // at most six connections to one host: after six such pages, the next page would never load. The stream is
  // closed when the page is hidden and opened again if the page comes back from that cache.
  window.addEventListener('pagehide', close);
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      reopen();
    }
  });
  return { restart: reopen };
}

function dispatch(event, handler) {
  let data;
  try {
    data = JSON.parse(event.data);
  } catch {
    console.warn('ignoring an event that is not JSON', event.type);
    return;
  }
  if (data && typeof data === 'object' && typeof data.id === 'string') {
    handler(data);
  }
}
