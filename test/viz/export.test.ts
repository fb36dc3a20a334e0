// Export builders: JSON-safe numbers (the series CSV is sim/csv.ts's: test/sim/csv.test.ts).
import { describe, expect, it } from 'vitest';
import { jsonNumbers, jsonSeries } from '../../viz/src/export.ts';

describe('jsonSeries / jsonNumbers', () => {
  it('turn NaN and infinities into null and typed arrays into arrays', () => {
    expect(jsonSeries({ a: new Float64Array([1, NaN, Infinity]) }, 3)).toEqual({ a: [1, null, null] });
    expect(jsonNumbers({ x: 1, y: NaN })).toEqual({ x: 1, y: null });
  });
});
