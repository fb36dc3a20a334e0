// govsim compare --posterior: each replication on a posterior draw × seed, paired; the same files
// with 1 and 2 worker threads and on the Redis queue; the statistics agree with a hand
// computation from summary.csv; a damaged ensemble is refused.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../cli/helpers.ts';
import { spawnWorker, startRedis, uniqueQueue, type TestRedis, type WorkerProcess } from '../queue/helpers.ts';
import { POSTERIOR_FORMAT, analysePosteriorCompare, posteriorDigest, type OutputTable } from '../../sim/experiments/index.ts';

const dir = tempDir('govsim-post-');
writeFileSync(join(dir, 'lean.yaml'), 'id: lean\nname: {zh: 精简, en: Lean}\nlevers:\n  staffing.streetStaff: 2\n');
// A small hand-made ensemble (three parameter sets, unequal weights) with a valid digest.
const ensemble = {
  format: POSTERIOR_FORMAT, engineVersion: 'test', base: { id: 'training' },
  particles: [
    { levers: { 'model.quality': 0.86, 'model.hotlineRate': 0.1 }, weight: 0.5 },
    { levers: { 'model.quality': 0.95, 'model.hotlineRate': 0.2 }, weight: 0.3 },
    { levers: { 'model.quality': 0.99, 'model.hotlineRate': 0.15 }, weight: 0.2 },
  ],
};
writeFileSync(join(dir, 'post.json'), JSON.stringify({ ...ensemble, digest: posteriorDigest(ensemble as never) }));
const ARGS = ['compare', 'training', 'lean.yaml', '--posterior', 'post.json', '--draws', '4', '--seeds-per-draw', '2', '--days', '10', '--seed', '3', '--series', 'none'];
const FILES = ['posterior-compare.json', 'summary.csv', 'report.html'];
const read = (out: string) => Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, out, f), 'utf8')]));

let redis: TestRedis | undefined;
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
  await redis?.stop();
});

describe('govsim compare --posterior', () => {
  it('is byte-identical with 1 and 2 workers and on Redis, and the statistics check by hand', async () => {
    const one = await cli([...ARGS, '--workers', '1', '--out', 'one'], dir);
    expect(one.code, one.err).toBe(0);
    expect(one.out).toMatch(/seed \+ parameter/);
    const two = await cli([...ARGS, '--workers', '2', '--out', 'two'], dir);
    expect(two.code, two.err).toBe(0);
    const a = read('one'), b = read('two');
    for (const f of FILES) expect(b[f], f).toBe(a[f]);

    redis = await startRedis();
    const queue = uniqueQueue('posterior');
    const w = spawnWorker(['--redis', redis.url, '--queue', queue, '--concurrency', '1']);
    workers.push(w);
    await w.waitFor(/on queue/);
    const q = await cli([...ARGS, '--redis', redis.url, '--queue', queue, '--out', 'queued'], dir);
    expect(q.code, q.err).toBe(0);
    const c = read('queued');
    for (const f of FILES) expect(c[f], f).toBe(a[f]);

    // By hand from summary.csv: scenario keys are training~dD and lean~dD (draw-major), replication = seed.
    const pc = JSON.parse(a['posterior-compare.json']);
    expect(pc.drawn).toHaveLength(4);
    const rows = a['summary.csv'].trim().split('\n').slice(1).map((l) => l.split(','));
    const exp = JSON.parse(readFileSync(join(dir, 'one', 'experiment.json'), 'utf8'));
    const keys: string[] = exp.scenarios.map((s: { key: string }) => s.key);
    const v = (k: number, rep: number, m: string) => Number(rows.find((r) => r[1] === keys[k] && r[2] === String(rep) && r[4] === m)![5]);
    const m = 'rate.resolution';
    const perDraw = [0, 1, 2, 3].map((d) => ((v(2 * d + 1, 0, m) - v(2 * d, 0, m)) + (v(2 * d + 1, 1, m) - v(2 * d, 1, m))) / 2);
    const reformKey = Object.keys(pc.effects)[0];
    expect(reformKey).toMatch(/lean/);
    const e = pc.effects[reformKey][m];
    expect(e.drawEffects).toHaveLength(4);
    e.drawEffects.forEach((x: number, d: number) => expect(x).toBeCloseTo(perDraw[d], 12));
    expect(e.mean).toBeCloseTo(perDraw.reduce((s, x) => s + x, 0) / 4, 12);
    expect(e.pHigher).toBe(perDraw.filter((x) => x > 0).length / 4);
    // Draws follow the weights (systematic resampling: particle 0, weight ½, is drawn twice of 4).
    expect(pc.drawn.filter((i: number) => i === 0)).toHaveLength(2);
    for (const i of pc.drawn) expect([0, 1, 2]).toContain(i);
  });

  it('refuses a damaged ensemble and posterior options without --posterior', async () => {
    const bad = JSON.parse(readFileSync(join(dir, 'post.json'), 'utf8'));
    bad.particles[0].weight = 0.9;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await cli([...ARGS.slice(0, 3), '--posterior', 'bad.json', '--out', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--posterior: bad\.json: .*digest does not match/);
    const r2 = await cli(['compare', 'training', 'lean.yaml', '--draws', '3', '--out', 'nodraw'], dir);
    expect(r2.err).toMatch(/--draws and --seeds-per-draw need --posterior/);
  });
});

describe('posterior comparison statistics', () => {
  it('seed-only interval from within-draw spread, seed + parameter from the draw effects, flips', () => {
    // 2 scenarios × 3 draws × 2 seeds; effects per draw: (1, 3), (2, 4), (-1, -3).
    const eff = [[1, 3], [2, 4], [-1, -3]];
    const out = (x: number) => ({ summary: { m: x } }) as never;
    const table: OutputTable = [];
    eff.forEach((pair) => { table.push([out(0), out(0)]); table.push(pair.map(out)); });
    const pc = analysePosteriorCompare(table, ['base', 'reform'], 3, 2, ['m'], 0.9);
    const e = pc.effects.reform.m;
    expect(e.drawEffects).toEqual([2, 3, -2]);
    expect(e.mean).toBeCloseTo(1, 12);
    expect(e.pHigher).toBeCloseTo(2 / 3, 12);
    expect(e.flips).toBeCloseTo(1 / 3, 12);
    // within-draw variance: each pair differs by 2 → s² = 2 per draw, pooled 2, df 3, n 6.
    const half = e.seedOnly[1] - e.mean;
    expect(half).toBeGreaterThan(0);
    expect(half / Math.sqrt(2 / 6)).toBeCloseTo(2.353363, 4); // t(0.95, 3)
    expect(e.seedAndParameter[0]).toBeCloseTo(-2 + 0.05 * 2 * 4, 12); // linear interpolation, 5 % of (−2, 2, 3)
    expect(e.seedAndParameter[1]).toBeCloseTo(3 - 0.05 * 2 * 1, 12);
  });
});
