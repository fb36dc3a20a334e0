// POST /v1/experiments/compare with a posterior: the API equivalent of `govsim compare
// --posterior`. The same ensemble, scenarios, draws, seeds and days give the same runs (digest by
// digest, paired: draw d and seed s alike for the baseline and the reform) and a posteriorCompare
// byte-identical with the CLI's posterior-compare.json; bad input is named.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POSTERIOR_FORMAT, posteriorDigest, toJsonText } from '../../sim/experiments/index.ts';
import { spawnCli, tempDir } from '../cli/helpers.ts';
import { errorOf, finished, get, post, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => { app = await testApp({ limits: { runsPerJob: 60 } }); });
afterAll(async () => { await app.close(); });

// A small hand-made ensemble (three parameter sets, unequal weights) with a valid digest.
const ensemble = {
  format: POSTERIOR_FORMAT, engineVersion: 'test', base: { id: 'training' },
  particles: [
    { levers: { 'model.quality': 0.86, 'model.hotlineRate': 0.1 }, weight: 0.5, summary: { 'rate.resolution': 0.7, 'cases.closed': 10 } },
    { levers: { 'model.quality': 0.95, 'model.hotlineRate': 0.2 }, weight: 0.3, summary: { 'rate.resolution': 0.8, 'cases.closed': 12 } },
    { levers: { 'model.quality': 0.99, 'model.hotlineRate': 0.15 }, weight: 0.2, summary: { 'rate.resolution': 0.9, 'cases.closed': 14 } },
  ],
};
const posterior = { ...ensemble, digest: posteriorDigest(ensemble as never) };
const body = {
  baseline: { preset: 'training' },
  reforms: [{ preset: 'training', patches: ['rec-smart'] }],
  posterior, draws: 4, seedsPerDraw: 2, days: 8, seed: 3,
};

describe('POST /v1/experiments/compare with a posterior', () => {
  test('the same runs and posteriorCompare as govsim compare --posterior, byte for byte', async () => {
    const res = await post(app, '/v1/experiments/compare', body);
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const status = await finished(app, `/v1/experiments/${id}`);
    expect(status.status).toBe('done');
    // 2 scenarios × 4 draws, 2 seeds each.
    expect(status).toMatchObject({ scenarios: 8, replications: 2, progress: { runsTotal: 16 } });
    const api = (await get(app, `/v1/experiments/${id}/result`)).json();

    const dir = tempDir('govsim-api-post-');
    writeFileSync(join(dir, 'post.json'), JSON.stringify(posterior));
    const cli = spawnCli(['compare', 'training', 'rec-smart', '--posterior', 'post.json', '--draws', '4', '--seeds-per-draw', '2', '--days', '8', '--seed', '3', '--workers', '0', '--out', 'o'], dir);
    expect(cli.code, cli.err).toBe(0);
    const exp = JSON.parse(readFileSync(join(dir, 'o', 'experiment.json'), 'utf8'));
    // Paired runs: the same seeds and the same run digests, in the same plan order.
    expect(api.runs.map((r: { seed: number; digest: string }) => [r.seed, r.digest])).toEqual(exp.runs.map((r: { seed: number; digest: string }) => [r.seed, r.digest]));
    // Paired across scenarios: draw d's baseline and reform run on the same parameter set and seeds.
    expect(api.scenarios.map((x: { key: string }) => x.key)).toEqual(exp.scenarios.map((x: { key: string }) => x.key));
    for (let d = 0; d < 4; d++) {
      const [b, r] = [api.scenarios[2 * d].levers, api.scenarios[2 * d + 1].levers];
      expect(r['model.quality']).toBe(b['model.quality']);
      expect(r['model.hotlineRate']).toBe(b['model.hotlineRate']);
    }
    // The analysis: byte-identical with the CLI's file.
    const file = readFileSync(join(dir, 'o', 'posterior-compare.json'), 'utf8');
    expect(`${toJsonText(api.posteriorCompare, 2)}\n`).toBe(file);
    expect(api.posteriorCompare.posterior).toEqual({ digest: posterior.digest, engineVersion: 'test', base: 'training' });
    expect(api.posteriorCompare.drawn.filter((i: number) => i === 0)).toHaveLength(2);
    const effects = Object.values(api.posteriorCompare.effects)[0] as Record<string, { drawEffects: number[] }>;
    expect(Object.keys(effects).sort()).toEqual(['cases.closed', 'rate.resolution']);
    expect(effects['rate.resolution'].drawEffects).toHaveLength(4);

    // The same request again is the same job; another draw count is another.
    const again = await post(app, '/v1/experiments/compare', body);
    expect(again.json().id).toBe(id);
    const other = await post(app, '/v1/experiments/compare', { ...body, draws: 3 });
    expect(other.json().id).not.toBe(id);
    await finished(app, `/v1/experiments/${other.json().id}`);
  });

  test('bad input is named', async () => {
    const refused = async (b: unknown) => {
      const r = await post(app, '/v1/experiments/compare', b);
      expect(r.statusCode, r.body).toBe(400);
      return errorOf(r);
    };
    const damaged = { ...posterior, particles: posterior.particles.map((p, i) => (i ? p : { ...p, weight: 0.9 })) };
    const e1 = await refused({ ...body, posterior: damaged });
    expect(e1).toMatchObject({ field: 'posterior' });
    expect(e1.message).toMatch(/digest does not match/);
    const e2 = await refused({ ...body, replications: 3 });
    expect(e2).toMatchObject({ field: 'replications' });
    const e3 = await refused({ baseline: body.baseline, reforms: body.reforms, draws: 3 });
    expect(e3).toMatchObject({ field: 'draws' });
    const e4 = await refused({ ...body, posterior: { format: 'nope' } });
    expect(e4).toMatchObject({ field: 'posterior' });
    const e5 = await refused({ ...body, draws: 40 });
    expect(e5).toMatchObject({ field: 'draws' });
  });
});
