// The gateway's REST and SSE endpoints, resolved next to the dashboard's own files so the
// dashboard also works behind a reverse proxy that mounts everything under a prefix.

import { syncFromDateHeader } from './clock.js';

const API = new URL('api/v1/', import.meta.url);
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30000;

/** An HTTP answer other than 2xx; status 0 means the request never got an answer. */
export class ApiError extends Error {
  constructor(status, path) {
    super(`request failed [path: ${path}, status: ${status}]`);
    this.status = status;
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
 */
export function followStream({ onStatus, onOpen, onMachine, onSession }) {
  let source = null;
  let down = false;
  let retryMs = RETRY_MIN_MS;

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
        setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    });
    source.addEventListener('machine', (event) => dispatch(event, onMachine));
    source.addEventListener('session', (event) => dispatch(event, onSession));
  };
  open();
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
