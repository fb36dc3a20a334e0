// The one CSV writer (sim/csv.ts), used by `govsim run --csv`, the experiment commands' files,
// the API's series.csv and the sandbox's download: cells safe in a spreadsheet, days numbered
// from 0 as the engine numbers them, tidy and wide layouts, leading columns, chunking.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, seriesCsv, seriesCsvChunks, seriesCsvHeader } from '../../sim/csv.ts';

describe('csvCell(v)', () => {
  it('defuses text a spreadsheet would run as a formula, quotes when needed, leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvCell('qinhuai-2021')).toBe('qinhuai-2021');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(-Infinity)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['x,y', 1, undefined])).toBe('"x,y",1,\n');
  });
});

const table = { startDate: '2021-12-30', days: 3, names: ['a', 'b'], values: { a: new Float64Array([1, 2.5, 3, 99]), b: [null, 0.125, -4, 99] } };

describe('seriesCsv', () => {
  it('wide: a header, then day (from 0), date and every series per day; NaN and null empty; stops at `days`', () => {
    expect(seriesCsv({ ...table, values: { ...table.values, b: new Float64Array([NaN, 0.125, -4]) } }, { layout: 'wide' }))
      .toBe('day,date,a,b\n0,2021-12-30,1,\n1,2021-12-31,2.5,0.125\n2,2022-01-01,3,-4\n');
  });

  it('tidy: one row per day and series', () => {
    expect(seriesCsv({ ...table, days: 2 }, { layout: 'tidy' }))
      .toBe('day,date,metric,value\n0,2021-12-30,a,1\n0,2021-12-30,b,\n1,2021-12-31,a,2.5\n1,2021-12-31,b,0.125\n');
  });

  it('leading columns are defused and quoted like any cell; the date column can be left out; so can the header', () => {
    const lead = { names: ['experiment', 'scenario', 'replication'], values: ['=cmd', 'a,b', 3] };
    expect(seriesCsv({ ...table, days: 1 }, { layout: 'tidy', date: false, lead }))
      .toBe('experiment,scenario,replication,day,metric,value\n\'=cmd,"a,b",3,0,a,1\n\'=cmd,"a,b",3,0,b,\n');
    expect(seriesCsv({ ...table, days: 1 }, { layout: 'wide', header: false })).toBe('0,2021-12-30,1,\n');
    expect(seriesCsvHeader([], { layout: 'tidy', date: false, lead: { names: ['x'], values: [] } })).toBe('x,day,metric,value\n');
  });

  it('leaves out names without values and quotes column names that need it', () => {
    expect(seriesCsv({ startDate: '2021-01-01', days: 1, names: ['x,y', 'missing'], values: { 'x,y': [1] } }, { layout: 'wide' }))
      .toBe('day,date,"x,y"\n0,2021-01-01,1\n');
  });

  it('chunks join to the whole text, each chunk near the asked size', () => {
    const big = { startDate: '2021-01-01', days: 400, names: ['a', 'b'], values: { a: Array.from({ length: 400 }, (_, i) => i / 7), b: Array.from({ length: 400 }, (_, i) => i) } };
    const chunks = [...seriesCsvChunks(big, { layout: 'tidy', chunk: 1000 })];
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join('')).toBe(seriesCsv(big, { layout: 'tidy' }));
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(1100);
  });

  it('the date column needs a start date', () => {
    expect(() => seriesCsv({ days: 1, names: ['a'], values: { a: [1] } }, { layout: 'wide' })).toThrow(/startDate/);
  });
});

describe('one writer', () => {
  it('CLI, API and sandbox write CSV through sim/csv.ts, and no other file builds CSV cells itself', () => {
    const users = ['api/cli/run.ts', 'api/cli/experiment.ts', 'api/cli/places-report.ts', 'api/routes/job-reads.ts', 'viz/src/run-export.ts'];
    for (const f of users) expect({ f, uses: /from '(\.\.\/)+sim\/csv\.ts'/.test(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')) }).toEqual({ f, uses: true });
    for (const f of ['api/cli/format.ts', 'viz/src/export.ts']) {
      const text = readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
      expect({ f, ownWriter: /function (csvCell|seriesCsv)\b|replace\(\/"\/g, '""'\)/.test(text) }).toEqual({ f, ownWriter: false });
    }
  });
});
