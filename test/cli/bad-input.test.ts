// Every bad input exits non-zero with a message that names the field, the value and what was expected.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeExpected, getLever } from '../../sim/index.ts';
import { cli, tempDir } from './helpers.ts';

const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const expects = (id: string) => new RegExp(esc(describeExpected(getLever(id)!)));

const dir = tempDir();
writeFileSync(join(dir, 'bad.json'), '{\n  "id": "x",\n  "levers": {\n    "grid.discretion": 0.5,\n  }\n}\n');
writeFileSync(join(dir, 'bad.yaml'), 'id: x\nlevers:\n  a: [1,\n b: 2\n');
writeFileSync(join(dir, 'p1.yaml'), 'id: p1\nname: {zh: 甲, en: A}\nlevers:\n  grid.discretion: 0.5\n');
writeFileSync(join(dir, 'p2.json'), JSON.stringify({ id: 'p2', name: { zh: '乙', en: 'B' }, levers: { 'grid.discretion': 0.7 } }));
writeFileSync(join(dir, 'badlever.json'), JSON.stringify({ id: 'p3', name: { zh: '丙', en: 'C' }, levers: { 'staffing.streetStaff': -4 } }));
writeFileSync(join(dir, 'list.json'), '[1, 2]');

const cases: [string, string[], RegExp[]][] = [
  ['unknown lever', ['--set', 'nope.lever=1'], [/unknown lever "nope\.lever"/, /govsim levers/]],
  ['value out of range', ['--set', 'grid.discretion=1.5'], [/grid\.discretion/, /1\.5/, expects('grid.discretion')]],
  ['wrong kind of value', ['--set', 'smart.oneApp=maybe'], [/smart\.oneApp/, /maybe/, /true or false/]],
  ['--set without =', ['--set', 'grid.discretion'], [/--set "grid\.discretion" must look like lever=value/]],
  ['bad seed', ['--seed', '1.5'], [/--seed/, /"1\.5"/, /integer in \[0, 4294967295\]/]],
  ['seed too big', ['--seed', '4294967296'], [/--seed/, /4294967296/]],
  ['bad days', ['--days', '0'], [/--days/, /"0"/, /integer in \[1, 3650\]/]],
  ['days not a number', ['--days', 'ten'], [/--days/, /"ten"/]],
  ['conflicting patches', ['--patch', 'p1.yaml', '--patch', 'p2.json'], [/conflict on lever "grid\.discretion"/, /p1 sets 0\.5/, /p2 sets 0\.7/]],
  ['a patch lever out of range', ['--patch', 'badlever.json'], [/levers\.staffing\.streetStaff/, /-4/, expects('staffing.streetStaff')]],
  ['unknown patch preset', ['--patch', 'no-such-patch'], [/unknown preset "no-such-patch"/]],
  ['a scenario given as a patch', ['--patch', 'qinhuai-2019'], [/is a scenario, not a patch/]],
  ['bad --csv-layout', ['--csv', 's.csv', '--csv-layout', 'long'], [/--csv-layout/, /"long"/]],
];

describe('govsim run refuses bad input', () => {
  for (const [name, extra, patterns] of cases) {
    it(`${name}: exits 2 and says what was wrong`, async () => {
      const r = await cli(['run', 'training', '--days', '5', '--out', 'r.json', ...extra], dir);
      expect(r.code).toBe(2);
      for (const p of patterns) expect(r.err).toMatch(p);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  it('unknown scenario preset: names it and lists the presets', async () => {
    const r = await cli(['run', 'qinhuai-2020', '--out', 'r.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown preset "qinhuai-2020"/);
    expect(r.err).toMatch(/qinhuai-2019, qinhuai-2021/);
  });

  it('malformed JSON: names the file, line and column', async () => {
    const r = await cli(['run', 'bad.json', '--out', 'r.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json:5:3: malformed JSON: expected a double-quoted property name, found "}"/);
  });

  it('malformed YAML: names the file, line and column', async () => {
    const r = await cli(['validate', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:4:\d+: malformed YAML/);
  });

  it('a file that is neither scenario nor patch', async () => {
    const r = await cli(['validate', 'list.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/neither a scenario .* nor a patch/);
  });

  it('a missing file', async () => {
    const r = await cli(['validate', 'missing.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read missing\.yaml/);
  });

  it('a file over 2 MB', async () => {
    writeFileSync(join(dir, 'huge.json'), `{"id":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    const r = await cli(['validate', 'huge.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at most 2097152 bytes/);
  });

  it('a scenario file with a bad field names its path', async () => {
    const { getScenario } = await import('../../scenarios/index.ts');
    const s = getScenario('training')!;
    s.district.streets[0].grids = -3;
    writeFileSync(join(dir, 'bad-scenario.json'), JSON.stringify(s));
    const r = await cli(['validate', 'bad-scenario.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/district\.streets\[0\]\.grids/);
    expect(r.err).toMatch(/-3/);
  });

  it('missing --out', async () => {
    const r = await cli(['run', 'training'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out is required/);
  });

  it('an unknown option', async () => {
    const r = await cli(['run', 'training', '--bogus'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--bogus'/);
  });
});
