// Every numeric guess (outside shocks and the calendar) has a prior in the catalogue: inside the
// lever's range, around its default, and a valid ABC prior; facts and policies have none.
import { describe, expect, it } from 'vitest';
import { LEVERS } from '../../sim/index.ts';
import { NO_PRIOR_GROUPS, describePrior } from '../../sim/priors.ts';
import { checkPrior } from '../../sim/experiments/abc.ts';

describe('priors in the lever catalogue', () => {
  it('every numeric guess has a valid prior within its range that contains the default', () => {
    let n = 0;
    for (const l of LEVERS) {
      const numeric = l.kind === 'number' || l.kind === 'integer';
      if (l.source === 'guess' && numeric && !NO_PRIOR_GROUPS.includes(l.group)) {
        expect(l.prior, l.id).toBeDefined();
        const p = l.prior!;
        expect(checkPrior(p), l.id).toBeUndefined();
        expect(p.low, l.id).toBeGreaterThanOrEqual(l.min);
        expect(p.high, l.id).toBeLessThanOrEqual(l.max);
        expect(l.default, l.id).toBeGreaterThanOrEqual(p.low);
        expect(l.default, l.id).toBeLessThanOrEqual(p.high);
        n++;
      } else expect(l.prior, l.id).toBeUndefined();
    }
    expect(n).toBeGreaterThan(30);
  });

  it('describes a prior in words', () => {
    expect(describePrior({ dist: 'loguniform', low: 1, high: 4 })).toBe('log-uniform 1 – 4');
    expect(describePrior(undefined)).toBe('–');
  });
});
