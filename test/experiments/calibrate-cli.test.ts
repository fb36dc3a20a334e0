// govsim calibrate on a tiny district and horizon: the same posterior file (digest and all) with
// 0 and 2 worker threads and after an interrupted run is resumed; a user config of targets and
// parameters; bad input named.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../cli/helpers.ts';
import { DEFAULT_TARGETS, checkPosterior } from '../../sim/experiments/index.ts';
import { CALIBRATION_TARGETS } from '../../sim/experiments/index.ts';

const dir = tempDir('govsim-cal-');
writeFileSync(join(dir, 'cal.yaml'), [
  'targets:',
  '  - {metric: rate.resolution, low: 0.5, high: 0.8, source: test}',
  '  - {metric: hotline.appealShare, low: 0.3, high: 0.5}',
  'parameters:',
  '  - model.quality',
  '  - {lever: model.hotlineRate, prior: {dist: loguniform, low: 0.1, high: 0.2}}',
].join('\n'));
const ARGS = ['calibrate', 'training', '--config', 'cal.yaml', '--particles', '6', '--generations', '2', '--max-batches', '2', '--days', '12', '--seed', '5'];

describe('govsim calibrate', () => {
  it('writes the same posterior with 0 and 2 workers, and after a resume', async () => {
    const a = await cli([...ARGS, '--workers', '0', '--out', 'w0'], dir);
    expect(a.err).toMatch(/generation 1:/);
    expect(a.code).toBe(0);
    const b = await cli([...ARGS, '--workers', '2', '--out', 'w2'], dir);
    expect(b.code).toBe(0);
    const pa = readFileSync(join(dir, 'w0', 'posterior.json'), 'utf8');
    expect(readFileSync(join(dir, 'w2', 'posterior.json'), 'utf8')).toBe(pa);
    const doc = checkPosterior(JSON.parse(pa));
    expect(doc.parameters.map((p) => p.lever)).toEqual(['model.quality', 'model.hotlineRate']);
    expect(doc.parameters[1].prior).toEqual({ dist: 'loguniform', low: 0.1, high: 0.2 });
    for (const p of doc.particles) {
      expect(p.levers['model.hotlineRate']).toBeGreaterThanOrEqual(0.1);
      expect(p.met).toHaveLength(2);
      expect(typeof p.seed).toBe('number');
    }
    expect(doc.particles.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
    expect(readFileSync(join(dir, 'w0', 'report.html'), 'utf8')).toMatch(/Marginal posteriors/);
    expect(readFileSync(join(dir, 'w0', 'report.html'), 'utf8')).toMatch(/<div class="gs-chart" data-chart="histogram"><script type="application\/json">\{"title":"model\.quality"/);
    // Interrupted half-way: keep the header and half the runs, resume, same file.
    const lines = readFileSync(join(dir, 'w0', 'evaluations.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'w0', 'evaluations.jsonl'), `${lines.slice(0, 1 + Math.floor((lines.length - 1) / 2)).join('\n')}\n{"key":"cut sh`);
    const again = await cli([...ARGS, '--workers', '0', '--out', 'w0'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--resume/);
    const r = await cli([...ARGS, '--workers', '0', '--out', 'w0', '--resume'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/resuming: \d+ runs/);
    expect(readFileSync(join(dir, 'w0', 'posterior.json'), 'utf8')).toBe(pa);
    // Out of sample: the posterior predictive of a reform, its draws from the ensemble.
    const v = await cli(['validate-reform', join('w0', 'posterior.json'), '--patch', 'rec-smart', '--targets', 'cal.yaml', '--draws', '3', '--days', '6', '--workers', '0', '--out', 'vr'], dir);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toMatch(/posterior predictive of training\+rec-smart/);
    const pred = JSON.parse(readFileSync(join(dir, 'vr', 'predictive.json'), 'utf8'));
    expect(pred.targets.map((t: { metric: string }) => t.metric)).toEqual(['rate.resolution', 'hotline.appealShare']);
    for (const t of pred.targets) {
      expect(t.q05).toBeLessThanOrEqual(t.mean + 1e-12);
      expect(t.hit).toBe(t.q95 >= t.low && t.q05 <= t.high);
    }
    for (const i of pred.draws) expect(i).toBeLessThan(doc.particles.length);
    // A changed file is refused by its digest.
    const bad = JSON.parse(pa);
    bad.particles[0].weight = 0.5;
    expect(() => checkPosterior(bad)).toThrow(/digest/);
  });

  it('--resume --cached-only replays saved runs and keeps the last complete generation', async () => {
    // Only generation 0's runs are saved (taken from the complete calibration in w2).
    const lines = readFileSync(join(dir, 'w2', 'evaluations.jsonl'), 'utf8').trim().split('\n');
    const gen0 = lines.slice(1).filter((l) => JSON.parse(l).key.startsWith('0/'));
    expect(gen0.length).toBeGreaterThanOrEqual(6);
    mkdirSync(join(dir, 'part'), { recursive: true });
    writeFileSync(join(dir, 'part', 'evaluations.jsonl'), `${[lines[0], ...gen0].join('\n')}\n`);
    const r = await cli([...ARGS, '--workers', '0', '--out', 'part', '--resume', '--cached-only'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/the last complete generation \(0, tolerance ∞\)/);
    expect(existsSync(join(dir, 'part', 'posterior.json'))).toBe(false);
    const part = checkPosterior(JSON.parse(readFileSync(join(dir, 'part', 'posterior-partial.json'), 'utf8')));
    expect(part.stop).toBe('interrupted');
    expect(part.generations).toHaveLength(1);
    expect(part.particles).toHaveLength(6);
    for (const p of part.particles) expect(p.weight).toBeCloseTo(1 / 6, 12);
    // No new run was made.
    expect(readFileSync(join(dir, 'part', 'evaluations.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1 + gen0.length);
    const bad = await cli([...ARGS, '--workers', '0', '--out', 'part', '--cached-only'], dir);
    expect(bad.err).toMatch(/--cached-only replays saved runs: it needs --resume/);
  });

  it('names bad input', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'targets:\n  - {metric: rate.resolution, low: 0.9, high: 0.1}\n');
    const r1 = await cli(['calibrate', 'training', '--config', 'bad.yaml', '--out', 'x'], dir);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/targets\[0\] needs numbers low ≤ high/);
    const r2 = await cli(['calibrate', 'training', '--out', 'x'], dir);
    expect(r2.err).toMatch(/no default targets for "training"/);
    const r3 = await cli(['calibrate', 'qinhuai-2019', '--param', 'staffing.callOperatorsPer100k', '--out', 'x'], dir);
    expect(r3.err).toMatch(/--param: lever staffing\.callOperatorsPer100k has no prior/);
    const r4 = await cli(['calibrate', 'qinhuai-2019', '--particles', '1', '--out', 'x'], dir);
    expect(r4.err).toMatch(/--particles must be an integer in \[2, 100000\]/);
  });

  it('default targets are the calibration targets of the model (sim/experiments/calibration.ts CALIBRATION_TARGETS), bands and sources', () => {
    for (const preset of ['qinhuai-2019', 'qinhuai-2021'] as const) {
      const want = CALIBRATION_TARGETS.filter((t) => t.preset === preset || t.preset === 'both').map(({ metric, low, high, source }) => ({ metric, low, high, source }));
      expect(DEFAULT_TARGETS[preset]).toEqual(want);
    }
    // Every target belongs to a calibrated preset, and no metric is listed twice for one preset.
    for (const preset of Object.keys(DEFAULT_TARGETS)) {
      const metrics = DEFAULT_TARGETS[preset].map((t) => t.metric);
      expect(new Set(metrics).size).toBe(metrics.length);
    }
  });
});
