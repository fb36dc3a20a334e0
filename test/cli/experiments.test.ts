// govsim compare / sweep / sensitivity: identical files with 1 and 2 worker threads, interrupt
// and resume, outputs with the right shape, and bad input named.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, tempDir } from './helpers.ts';

const dir = tempDir('govsim-exp-');
writeFileSync(join(dir, 'lean.yaml'), 'id: lean\nname: {zh: 精简, en: Lean}\nlevers:\n  staffing.streetStaff: 4\n  grid.discretion: 0.3\n');
writeFileSync(join(dir, 'later.yaml'), 'id: later\nname: {zh: 晚, en: Later}\nlevers:\n  calendar.startDate: "2022-01-01"\n');
writeFileSync(join(dir, 'loose.yaml'), 'id: loose\nname: {zh: 放宽, en: Loose}\nlevers:\n  grid.discretion: 0.9\n');

const FILES = ['experiment.json', 'series.csv', 'summary.csv', 'report.html'];
const COMPARE = ['compare', 'training', 'lean.yaml', '--reps', '3', '--days', '25', '--seed', '11'];

function read(out: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of FILES) files[f] = readFileSync(join(dir, out, f), 'utf8');
  const doc = JSON.parse(files['experiment.json']);
  expect(doc.timing.wallSeconds).toBeGreaterThanOrEqual(0);
  doc.timing.wallSeconds = 0; // the one field that may differ
  files['experiment.json'] = JSON.stringify(doc);
  return files;
}

describe('govsim compare', () => {
  let reference: Record<string, string>;

  it('writes identical files with --workers 1 and --workers 2, run twice', async () => {
    const runs: Record<string, string>[] = [];
    for (const [w, out] of [['1', 'w1'], ['2', 'w2'], ['2', 'w2b'], ['1', 'w1b']]) {
      const r = await cli([...COMPARE, '--workers', w, '--out', out], dir);
      expect(r.err).toMatch(/done in/);
      expect(r.code).toBe(0);
      runs.push(read(out));
    }
    for (const r of runs.slice(1)) for (const f of FILES) expect(r[f], f).toBe(runs[0][f]);
    expect(existsSync(join(dir, 'w1', 'checkpoint.jsonl'))).toBe(false);
    reference = runs[0];
  });

  it('writes experiment.json with manifests, summaries with CIs and paired differences', () => {
    const doc = JSON.parse(reference['experiment.json']);
    expect(doc).toMatchObject({ format: 'govsim-experiment/1', kind: 'compare', settings: { days: 25, reps: 3, seeds: [11, 12, 13], level: 0.95 } });
    expect(doc.command).toBe('govsim compare training lean.yaml --reps 3 --days 25 --seed 11 --out DIR');
    expect(doc.scenarios.map((s: { key: string }) => s.key)).toEqual(['training', 'training+lean']);
    expect(doc.runs).toHaveLength(6);
    for (const r of doc.runs) expect(r.manifest.digest).toMatch(/^[0-9a-f]{64}$/);
    // Common random numbers: replication k of both scenarios used seed 11 + k.
    expect(doc.runs.filter((r: { replication: number }) => r.replication === 1).map((r: { seed: number }) => r.seed)).toEqual([12, 12]);
    const s = doc.summaries.training['rate.resolution'];
    expect(s.ciLow).toBeLessThanOrEqual(s.mean);
    expect(s.ciHigh).toBeGreaterThanOrEqual(s.mean);
    const d = doc.differences['training+lean']['cases.closed'];
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['mean', 'ciLow', 'ciHigh', 'effectSize', 'verdict']));
    expect(d.verdict === '' || (d.ciLow > 0 || d.ciHigh < 0)).toBe(true);
    // Emergence does not depend on staffing levers: identical issues in both scenarios.
    expect(doc.differences['training+lean']['cases.emergedPerResidentYear'].mean).toBe(0);
    const csv = reference['series.csv'].split('\n');
    expect(csv[0]).toBe('experiment,scenario,replication,day,metric,value');
    expect(csv[1]).toMatch(new RegExp(`^${doc.id},training,0,0,cases\\.emerged,\\d+$`));
    const html = reference['report.html'];
    expect(html).toContain(doc.command);
    expect(html).toContain('var govsimReport='); // the inlined report bundle (viz/report/main.ts, d3 and the chart modules)
    expect(html).not.toContain('d3js.org'); // no longer d3.min.js
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('leaves finished runs on disk when interrupted, says how to resume, and resumes to the same files', async () => {
    const ac = new AbortController();
    const out = 'interrupted';
    const cp = join(dir, out, 'checkpoint.jsonl');
    const timer = setInterval(() => {
      if (existsSync(cp) && readFileSync(cp, 'utf8').split('\n').filter(Boolean).length >= 2) ac.abort();
    }, 2);
    const r = await cli([...COMPARE, '--workers', '0', '--out', out], dir, { signal: ac.signal });
    clearInterval(timer);
    expect(r.code).toBe(130);
    expect(r.err).toMatch(/interrupted: [2-5] of 6 jobs finished and are saved in interrupted\/checkpoint\.jsonl/);
    expect(r.err).toMatch(/resume with:\n {2}govsim compare training lean\.yaml .* --out interrupted --resume/);
    expect(existsSync(join(dir, out, 'experiment.json'))).toBe(false);
    const again = await cli([...COMPARE, '--workers', '0', '--out', out], dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds \d finished runs of this experiment .* --resume .* --fresh/);
    const resumed = await cli([...COMPARE, '--workers', '0', '--out', out, '--resume'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/resumed: \d finished jobs taken from/);
    const files = read(out);
    for (const f of FILES) expect(files[f], f).toBe(reference[f]);
  });

  it('continues reform branches from a snapshot with --fork-day; an unchanged branch equals the trunk', async () => {
    const r = await cli(['compare', 'training', 'training', '--fork-day', '10', '--reps', '2', '--days', '20', '--workers', '0', '--series', 'none', '--out', 'fork'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'fork', 'experiment.json'), 'utf8'));
    expect(doc.settings.forkDay).toBe(10);
    const digests = (k: string) => doc.runs.filter((x: { scenario: string }) => x.scenario === k).map((x: { manifest: { digest: string } }) => x.manifest.digest);
    expect(digests('training#2')).toEqual(digests('training'));
    expect(doc.runs[2].fork).toEqual({ day: 10, trunkScenarioHash: doc.scenarios[0].scenarioHash });
  });

  it('a forked reform that changes a lever built at the start (volunteers) moves the branch', async () => {
    writeFileSync(join(dir, 'volunteers.yaml'), 'id: volunteers\nname: {zh: 志愿者, en: Volunteers}\nlevers:\n  cogov.volunteerRate: 0.1\n');
    const r = await cli(['compare', 'training', 'volunteers.yaml', '--fork-day', '5', '--reps', '2', '--days', '60', '--workers', '0', '--series', 'none', '--out', 'fork-vol'], dir);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/warning/);
    const doc = JSON.parse(readFileSync(join(dir, 'fork-vol', 'experiment.json'), 'utf8'));
    const digests = (k: string) => doc.runs.filter((x: { scenario: string }) => x.scenario === k).map((x: { manifest: { digest: string } }) => x.manifest.digest);
    const [trunk, branch] = doc.scenarios.map((x: { key: string }) => x.key);
    expect(digests(branch)).toHaveLength(2);
    expect(digests(branch)[0]).not.toBe(digests(trunk)[0]);
  });

  it('stacks --patch a --patch b and refuses patches that conflict', async () => {
    const ok = await cli(['compare', 'training', '--patch', 'loose.yaml', '--reps', '2', '--days', '5', '--workers', '0', '--series', 'none', '--out', 'stack'], dir);
    expect(ok.code).toBe(0);
    const bad = await cli(['compare', 'training', '--patch', 'loose.yaml', '--patch', 'lean.yaml', '--reps', '2', '--days', '5', '--out', 'stack2'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/patches conflict on lever "grid\.discretion": loose sets 0\.9, lean sets 0\.3/);
  });
});

describe('experiments refuse bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown lever', ['compare', 'training', 'lean.yaml', '--set', 'grid.nope=1'], /unknown lever "grid\.nope"/],
    ['value out of range', ['compare', 'training', 'lean.yaml', '--set', 'grid.discretion=3'], /grid\.discretion must be a number in \[0, 1\], got 3/],
    ['reps 0', ['compare', 'training', 'lean.yaml', '--reps', '0'], /--reps must be an integer in \[1, 100000\], got "0"/],
    ['reps negative', ['compare', 'training', 'lean.yaml', '--reps', '-2'], /--reps must be an integer/],
    ['unknown preset', ['compare', 'training', 'qinhuai-2022'], /unknown preset "qinhuai-2022"/],
    ['unknown baseline', ['compare', 'trainig', 'lean.yaml'], /unknown preset "trainig".*did you mean "training"/],
    ['no reform', ['compare', 'training'], /at least one reform/],
    ['fork day outside the run', ['compare', 'training', 'lean.yaml', '--days', '10', '--fork-day', '10'], /--fork-day must be an integer in \[1, 9\]/],
    ['fork to another district', ['compare', 'qinhuai-2021', 'training', '--fork-day', '5'], /reform "training" has a different district/],
    ['fork to another calendar', ['compare', 'training', 'later.yaml', '--fork-day', '5'], /starts on 2022-01-01, the baseline on 2021-01-01/],
    ['unknown metric', ['compare', 'training', 'lean.yaml', '--metric', 'rate.resolve'], /--metric: unknown metric "rate\.resolve"/],
    ['unknown series', ['compare', 'training', 'lean.yaml', '--series', 'cases.opened'], /unknown series "cases\.opened"/],
    ['bad workers', ['compare', 'training', 'lean.yaml', '--workers', 'many'], /--workers must be an integer/],
    ['sweep without factors', ['sweep', 'training'], /at least one --factor/],
    ['sweep factor out of range', ['sweep', 'training', '--factor', 'grid.discretion=0:2'], /grid\.discretion max must be a number in \[0, 1\], got 2/],
    ['sweep unknown lever', ['sweep', 'training', '--factor', 'grid.dscretion=0:1'], /unknown lever "grid\.dscretion"/],
    ['sweep bad design', ['sweep', 'training', '--factor', 'grid.discretion', '--design', 'grid'], /--design must be "factorial" or "lhs"/],
    ['sensitivity bad method', ['sensitivity', 'training', '--factor', 'grid.discretion', '--method', 'fast'], /--method must be "morris" or "sobol"/],
    ['sensitivity odd levels', ['sensitivity', 'training', '--factor', 'grid.discretion', '--levels', '3'], /--levels must be even/],
  ];
  for (const [name, args, pattern] of cases) {
    it(`${name}: exits 2 naming the problem`, async () => {
      const r = await cli([...args, '--out', 'bad'], dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
});

describe('govsim sweep and govsim sensitivity', () => {
  it('sweep runs a full factorial and writes correlations', async () => {
    const r = await cli(['sweep', 'training', '--factor', 'staffing.streetStaff=2:20:3', '--factor', 'smart.oneApp', '--reps', '2', '--days', '20', '--workers', '0', '--series', 'cases.open', '--out', 'sweep'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/p0005\s+20\s+true/);
    const doc = JSON.parse(readFileSync(join(dir, 'sweep', 'experiment.json'), 'utf8'));
    expect(doc.scenarios).toHaveLength(6);
    expect(doc.settings.design.method).toBe('factorial');
    expect(Object.keys(doc.correlations['rate.resolution'])).toEqual(['staffing.streetStaff', 'smart.oneApp']);
    expect(readFileSync(join(dir, 'sweep', 'series.csv'), 'utf8').split('\n')).toHaveLength(1 + 6 * 2 * 20 + 1);
  });

  it('sweep runs a Latin hypercube', async () => {
    const r = await cli(['sweep', 'training', '--design', 'lhs', '--samples', '5', '--factor', 'grid.discretion', '--factor', 'staffing.streetStaff=2:30', '--reps', '1', '--days', '10', '--workers', '0', '--series', 'none', '--out', 'lhs'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'lhs', 'experiment.json'), 'utf8'));
    // One point per fifth of the range (give or take the lever's 0.05 step).
    const values = doc.scenarios.map((s: { levers: Record<string, number> }) => s.levers['grid.discretion']).sort();
    expect(new Set(values).size).toBe(5);
    values.forEach((v: number, i: number) => expect(Math.abs(v - (i + 0.5) / 5)).toBeLessThanOrEqual(0.1 + 0.025));
  });

  it('sensitivity (Morris) gives μ* and σ per lever for the chosen outputs', async () => {
    const r = await cli(['sensitivity', 'training', '--method', 'morris', '--factor', 'staffing.streetStaff=2:30', '--factor', 'grid.discretion', '--factor', 'cogov.volunteerRate',
      '--metric', 'time.median', '--trajectories', '3', '--days', '20', '--workers', '0', '--out', 'morris'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/time\.median/);
    const doc = JSON.parse(readFileSync(join(dir, 'morris', 'experiment.json'), 'utf8'));
    expect(doc.sensitivity.method).toBe('morris');
    expect(doc.sensitivity.morris['time.median'].map((x: { lever: string }) => x.lever)).toEqual(['staffing.streetStaff', 'grid.discretion', 'cogov.volunteerRate']);
    expect(doc.scenarios).toHaveLength(3 * 4);
  });

  it('sensitivity (Sobol) gives first-order and total indices with intervals', async () => {
    const r = await cli(['sensitivity', 'training', '--method', 'sobol', '--factor', 'staffing.streetStaff=2:30', '--factor', 'grid.discretion',
      '--metric', 'rate.inGrid', '--samples', '4', '--bootstrap', '20', '--days', '10', '--workers', '0', '--out', 'sobol'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'sobol', 'experiment.json'), 'utf8'));
    const res = doc.sensitivity.sobol['rate.inGrid'];
    expect(res.indices.map((x: { lever: string }) => x.lever)).toEqual(['staffing.streetStaff', 'grid.discretion']);
    expect(Object.keys(res.indices[0])).toEqual(expect.arrayContaining(['first', 'firstLow', 'firstHigh', 'total', 'totalLow', 'totalHigh']));
    expect(doc.scenarios).toHaveLength(4 * 4);
  });
});

describe('Ctrl-C on the real command', () => {
  it('exits 130 leaving the finished runs and printing how to resume', async () => {
    const out = join(dir, 'sigint');
    const child = spawn(process.execPath, [join(ROOT, 'bin/govsim.mjs'), 'compare', 'training', 'lean.yaml', '--reps', '40', '--days', '120', '--workers', '1', '--series', 'none', '--out', out], { cwd: dir });
    let err = '';
    child.stderr.on('data', (b) => { err += b; });
    const cp = join(out, 'checkpoint.jsonl');
    const code = await new Promise<number | null>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(cp) && readFileSync(cp, 'utf8').includes('\n')) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('exit', (c) => { clearInterval(timer); resolve(c); });
    });
    expect(code).toBe(130);
    expect(err).toMatch(/interrupted: \d+ of 80 jobs finished and are saved/);
    expect(err).toMatch(/--resume/);
    expect(readFileSync(cp, 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
