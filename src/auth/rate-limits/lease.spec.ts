import fc from 'fast-check';
import { grantOf, leaseWanted } from './lease.js';

/**
 * Instances sharing one window's counter, as PostgresThrottlerStorage uses it: a request is let
 * through from the instance's lease, or the instance asks the counter for a new one.
 */
function simulate(limit: number, instances: number, requests: readonly number[]) {
  let counter = 0;
  const leases = Array.from({ length: instances }, () => ({ left: 0, known: 0 }));
  let admitted = 0;
  let refused = 0;
  for (const at of requests) {
    const lease = leases[at % instances];
    if (lease.left > 0) {
      lease.left -= 1;
      lease.known += 1;
      admitted += 1;
      continue;
    }
    const wanted = leaseWanted(limit, lease.known);
    counter += wanted;
    const { before, granted } = grantOf(counter, wanted, limit);
    if (granted === 0) {
      refused += 1;
      continue;
    }
    lease.left = granted - 1;
    lease.known = before + 1;
    admitted += 1;
  }
  const unused = leases.reduce((sum, lease) => sum + lease.left, 0);
  return { admitted, refused, unused };
}

describe('rate-limit leases', () => {
  it('count hit by hit below a limit of 40, and a twentieth of what is left above', () => {
    expect(leaseWanted(5, 0)).toBe(1);
    expect(leaseWanted(39, 0)).toBe(1);
    expect(leaseWanted(600, 0)).toBe(30);
    expect(leaseWanted(600, 590)).toBe(1);
    expect(leaseWanted(600, 700)).toBe(1);
  });

  it('grant what fits under the limit, never more than asked', () => {
    expect(grantOf(30, 30, 600)).toEqual({ before: 0, granted: 30 });
    expect(grantOf(605, 10, 600)).toEqual({ before: 595, granted: 5 });
    expect(grantOf(640, 30, 600)).toEqual({ before: 610, granted: 0 });
  });

  it('never let more than the limit through, however the requests fall on the instances', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat({ max: 5 }), { maxLength: 3_000 }),
        (limit, instances, requests) => {
          const { admitted, refused, unused } = simulate(limit, instances, requests);
          expect(admitted).toBeLessThanOrEqual(limit);
          expect(admitted + refused).toBe(requests.length);
          // What is lost to leases left unused: a few hits per instance, not a share of the limit.
          if (refused > 0) expect(admitted + unused).toBe(limit);
        },
      ),
    );
  });

  it('lose at most a few hits per instance to unused leases once a window is used up', () => {
    // Four instances, round robin, far more requests than the limit.
    const requests = Array.from({ length: 5_000 }, (_, i) => i);
    const { admitted, unused } = simulate(600, 4, requests);
    expect(admitted + unused).toBe(600);
    expect(unused).toBeLessThanOrEqual(4);
  });
});
