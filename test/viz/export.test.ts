// Export builders: series as CSV (one row per day, NaN as an empty cell) and JSON-safe numbers.
import { describe, expect, it } from 'vitest';
import { jsonNumbers, jsonSeries, seriesCsv } from '../../viz/src/export.ts';

describe('seriesCsv(startDate, names, values, days)', () => {
  it('writes a header, then day, date and every series per day', () => {
    const csv = seriesCsv('2021-12-30', ['a', 'b'], { a: new Float64Array([1, 2.5, 3]), b: new Float64Array([NaN, 0.125, -4]) }, 3);
    expect(csv).toBe('day,date,a,b\n1,2021-12-30,1,\n2,2021-12-31,2.5,0.125\n3,2022-01-01,3,-4\n');
  });

  it('stops at the days run so far and leaves out names without values', () => {
    const csv = seriesCsv('2021-01-01', ['a', 'missing'], { a: new Float64Array([1, 2, 3, 4]) }, 2);
    expect(csv.trim().split('\n')).toEqual(['day,date,a', '1,2021-01-01,1', '2,2021-01-02,2']);
  });

  it('quotes column names that need it', () => {
    expect(seriesCsv('2021-01-01', ['x,y'], { 'x,y': [1] }, 1).split('\n')[0]).toBe('day,date,"x,y"');
  });
});

describe('jsonSeries / jsonNumbers', () => {
  it('turn NaN and infinities into null and typed arrays into arrays', () => {
    expect(jsonSeries({ a: new Float64Array([1, NaN, Infinity]) }, 3)).toEqual({ a: [1, null, null] });
    expect(jsonNumbers({ x: 1, y: NaN })).toEqual({ x: 1, y: null });
  });
});
