/** An instance leases at most this share of what is left of a limit: a twentieth. */
const LEASE_SHARE = 20;

/** How many hits to ask the shared counter for, knowing `known` of the window's hits. */
export function leaseWanted(limit: number, known: number): number {
  return Math.max(1, Math.floor((limit - known) / LEASE_SHARE));
}

/**
 * What the shared counter grants, given its count after adding the `wanted` hits: what still fit
 * under the limit before them, never more than was asked. `before` is the count without them.
 */
export function grantOf(
  hitsAfter: number,
  wanted: number,
  limit: number,
): { before: number; granted: number } {
  const before = hitsAfter - wanted;
  return { before, granted: Math.min(wanted, Math.max(0, limit - before)) };
}
