// Who is signed in: the account from GET /me or POST /login, its CSRF token, and the names of
// the permissions its role holds, as the gateway lists them. The gateway enforces every rule;
// this only decides what the pages offer.

import { get, onUnauthorized, post, setCsrfToken } from './api.js';
import { NEEDS } from './needs.js';

let current = null; // {username, role, memberId, displayName} or null
let permissions = new Set(); // names of the gateway's permissions, empty when signed out
const listeners = new Set();

onUnauthorized(() => apply(null));

/** The signed-in account, or null. */
export function account() {
  return current;
}

/**
 * Whether the signed-in role holds the permission a capability needs (see needs.js); 'signed-in'
 * is any account, whatever its role. False when signed out.
 */
export function can(capability) {
  if (capability === 'signed-in') {
    return current !== null;
  }
  const need = NEEDS[capability];
  if (!need) {
    throw new Error(`unknown capability [name: ${capability}]`);
  }
  return current !== null && permissions.has(need.permission);
}

/** Calls listener(account or null) whenever someone signs in or out. */
export function onSessionChange(listener) {
  listeners.add(listener);
}

/**
 * Asks the gateway who is signed in (after a page load the CSRF token comes back this way).
 * Any failure counts as signed out, so the public board keeps working.
 */
export async function loadSession() {
  try {
    apply(await get('me', { expect401: true }));
  } catch (error) {
    if (error.status !== 401) {
      console.warn('cannot tell who is signed in, continuing signed out', error.message);
    }
    apply(null);
  }
}

/** POST /login; rejects with the ApiError (401 wrong credentials, 429 too many attempts). */
export async function login(username, password) {
  apply(await post('login', { username, password }, { expect401: true }));
}

/** POST /logout; signed out locally whatever the answer. */
export async function logout() {
  try {
    await post('logout', undefined, { expect401: true });
  } finally {
    apply(null);
  }
}

function apply(me) {
  const next = me && me.account && typeof me.account.role === 'string' ? me.account : null;
  setCsrfToken(next ? me.csrfToken ?? null : null);
  const granted = next && Array.isArray(me.permissions) ? me.permissions : [];
  const changed = JSON.stringify(next) !== JSON.stringify(current)
    || JSON.stringify(granted) !== JSON.stringify([...permissions]);
  current = next;
  permissions = new Set(granted);
  if (changed) {
    for (const listener of listeners) {
      listener(current);
    }
  }
}
