// Number formatting for the terminal: thousands grouping is written by hand (no ICU formatter at
// start-up) and must equal toLocaleString('en-US') for every integer.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fmt, groupThousands } from '../../api/cli/format.ts';

describe('groupThousands', () => {
  it('writes integers as toLocaleString("en-US") does', () => {
    for (const n of [0, -0, 1, -1, 999, 1000, -1000, 9999, 10000, 123456, 1234567, -1234567, 1e15, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, -1e22]) {
      expect(groupThousands(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => groupThousands(n) === n.toLocaleString('en-US')), { numRuns: 2000 });
  });

  it('is what fmt writes for large values', () => {
    expect(fmt(1234567.8)).toBe('1,234,568');
    expect(fmt(-98765.4)).toBe('-98,765');
    expect(fmt(12.3456)).toBe('12.35');
  });
});
