// The board's notion of "now": the browser clock, corrected when it is clearly off the
// gateway's clock (a wall-screen Raspberry Pi without a real-time clock, for instance).
// Elapsed times and ACL ages are differences against server timestamps, so a wrong
// local clock would otherwise show them wrong.

const TOLERANCE_MS = 2000; // the Date header has one-second resolution: ignore small drift
let offsetMs = 0;

/** Milliseconds since the epoch, on the gateway's clock as far as we know it. */
export function now() {
  return Date.now() + offsetMs;
}

/** Learns the gateway's clock from an HTTP Date header (RFC 9110 IMF-fixdate); ignores junk. */
export function syncFromDateHeader(header) {
  const server = header ? Date.parse(header) : NaN;
  if (Number.isNaN(server)) {
    return;
  }
  const offset = server - Date.now();
  offsetMs = Math.abs(offset) > TOLERANCE_MS ? offset : 0;
}
