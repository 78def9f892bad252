// Who is signed in: the account from GET /me or POST /login, its CSRF token, and what its
// role may do. The gateway enforces every rule; this only decides what the pages offer.

import { get, onUnauthorized, post, setCsrfToken } from './api.js';

// Capability → roles allowed (admin may do everything). Mirrors the REST contract's roles.
// 'signed-in' is any account, whatever its role.
const CAPABILITIES = Object.freeze({
  'members:read': ['trainer', 'fabmanager', 'treasurer', 'admin'],
  'members:write': ['fabmanager', 'admin'],
  'badges:write': ['fabmanager', 'admin'],
  'certifications:grant': ['trainer', 'fabmanager', 'admin'],
  'certifications:grant-any': ['fabmanager', 'admin'],
  'certifications:revoke': ['fabmanager', 'admin'],
  'sessions:read-all': ['fabmanager', 'treasurer', 'admin'],
  'trainings:read': ['trainer', 'fabmanager', 'treasurer', 'admin'],
  'trainings:write': ['fabmanager', 'admin'],
  'reminders:read': ['fabmanager', 'admin'],
  'machines:availability': ['fabmanager', 'admin'],
  'nodes:read': ['trainer', 'fabmanager', 'admin'],
  'nodes:enroll': ['fabmanager', 'admin'],
  'nodes:train': ['trainer', 'fabmanager', 'admin'],
  'nodes:command': ['fabmanager', 'admin'],
  'audit:read': ['fabmanager', 'treasurer', 'admin'],
  'security:read': ['fabmanager', 'admin'],
  'billing:write': ['treasurer', 'admin'],
  'consumables:record': ['fabmanager', 'treasurer', 'admin'],
  'ledger:read': ['treasurer', 'admin'],
  'periods:manage': ['treasurer', 'admin'],
  'statements:read-all': ['treasurer', 'admin'],
  'exports:read': ['treasurer', 'admin'],
});

let current = null; // {username, role, memberId, displayName} or null
const listeners = new Set();

onUnauthorized(() => apply(null));

/** The signed-in account, or null. */
export function account() {
  return current;
}

/** Whether the signed-in role has a capability (see CAPABILITIES); false when signed out. */
export function can(capability) {
  if (capability === 'signed-in') {
    return current !== null;
  }
  const roles = CAPABILITIES[capability];
  if (!roles) {
    throw new Error(`unknown capability [name: ${capability}]`);
  }
  return current !== null && roles.includes(current.role);
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
  const changed = JSON.stringify(next) !== JSON.stringify(current);
  current = next;
  if (changed) {
    for (const listener of listeners) {
      listener(current);
    }
  }
}
