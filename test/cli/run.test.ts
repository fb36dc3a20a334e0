// govsim run: writes the JSON result and CSV series, digest equal to run() in-process.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { applyPatches, resultToJson, run, withLevers } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { cli, spawnCli, tempDir } from './helpers.ts';

describe('govsim run (spawned bin)', () => {
  it('writes JSON with manifest, summary and series, and a tidy CSV; digest equals run() in-process', () => {
    const dir = tempDir();
    const r = spawnCli(['run', 'training', '--seed', '5', '--days', '40', '--out', 'out/result.json', '--csv', 'out/series.csv'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rate\.resolution/);
    const json = JSON.parse(readFileSync(join(dir, 'out/result.json'), 'utf8'));
    expect(Object.keys(json).slice(0, 3)).toEqual(['manifest', 'summary', 'series']);
    for (const k of ['digest', 'seed', 'days', 'scenarioHash', 'engineVersion']) expect(json.manifest).toHaveProperty(k);
    const direct = run(getScenario('training')!, { seed: 5, days: 40 });
    expect(json.manifest.digest).toBe(direct.manifest.digest);
    expect(json.manifest).toMatchObject({ seed: 5, days: 40 });
    expect(typeof json.summary['rate.resolution']).toBe('number');
    const csv = readFileSync(join(dir, 'out/series.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('day,date,metric,value');
    expect(csv.length - 1).toBe(40 * direct.series.names.length);
    expect(csv[1]).toMatch(/^0,2021-01-01,cases\.emerged,\d+$/);
  });

  it('exits non-zero on an unknown lever, naming it, without a stack trace', () => {
    const dir = tempDir();
    const r = spawnCli(['run', 'training', '--set', 'grid.discretionn=0.5', '--out', 'x.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown lever "grid\.discretionn"/);
    expect(r.err).toMatch(/did you mean "grid\.discretion"/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});

describe('govsim run (in-process)', () => {
  it('draws a progress bar on a terminal (cli-progress is loaded only then), and none otherwise', async () => {
    const dir = tempDir();
    let drawn = '';
    const terminal = Object.assign(new Writable({ write(chunk, _enc, done) { drawn += String(chunk); done(); } }), { isTTY: true, columns: 100 });
    const r = await cli(['run', 'training', '--days', '30', '--out', 'tty.json'], dir, { isTTY: true, progressStream: terminal });
    expect(r.code).toBe(0);
    expect(drawn).toMatch(/training \[/);
    expect(drawn).toMatch(/day \d+\/30/);
    const plain = await cli(['run', 'training', '--days', '30', '--out', 'plain.json'], dir);
    expect(plain.code).toBe(0);
    expect(plain.err).toBe('');
    expect(readFileSync(join(dir, 'plain.json'), 'utf8')).toBe(readFileSync(join(dir, 'tty.json'), 'utf8'));
  });

  it('applies --set and --patch like withLevers and applyPatches', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yaml'), 'id: more-discretion\nname: {zh: 放权, en: Discretion}\nlevers:\n  grid.discretion: 0.5\n');
    const r = await cli(['run', 'training', '--days', '20', '--seed', '2', '--patch', 'p.yaml', '--set', 'staffing.streetStaff=20', '--out', 'r.json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const s = withLevers(applyPatches(getScenario('training')!, [{ id: 'more-discretion', name: { zh: '放权', en: 'Discretion' }, levers: { 'grid.discretion': 0.5 } }]), { 'staffing.streetStaff': 20 });
    const direct = run(s, { seed: 2, days: 20 });
    expect(json.manifest.digest).toBe(direct.manifest.digest);
    expect(json.manifest.scenarioHash).toBe(direct.manifest.scenarioHash);
    expect(json).toEqual(JSON.parse(JSON.stringify(resultToJson(direct))));
  });

  it('runs a scenario given as a YAML file', async () => {
    const dir = tempDir();
    const s = getScenario('training')!;
    const { stringify } = await import('yaml');
    writeFileSync(join(dir, 'district.yml'), stringify(s));
    const r = await cli(['run', 'district.yml', '--days', '10', '--out', 'r.json'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(json.manifest.digest).toBe(run(s, { seed: 1, days: 10 }).manifest.digest);
  });

  it('writes a wide CSV with --csv-layout wide and creates parent folders', async () => {
    const dir = tempDir();
    const r = await cli(['run', 'training', '--days', '5', '--out', 'a/b/r.json', '--csv', 'a/c/s.csv', '--csv-layout', 'wide'], dir);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'a/c/s.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0].startsWith('day,date,cases.emerged,')).toBe(true);
  });

  it('refuses to write over a directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'taken.json'));
    const r = await cli(['run', 'training', '--days', '5', '--out', 'taken.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out taken\.json is a directory/);
  });
});
