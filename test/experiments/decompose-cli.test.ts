// govsim decompose: Shapley shares from real (short, small) runs sum to the total effect and
// equal the hand formula over the subset runs; components from --to; bad input named.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../cli/helpers.ts';
import { componentsBetween, subsetId, subsetScenario } from '../../api/cli/decompose.ts';
import { REFORM_PATCH_IDS, getPatch, getScenario } from '../../scenarios/index.ts';

const dir = tempDir('govsim-dec-');
writeFileSync(join(dir, 'lean.yaml'), 'id: lean\nname: {zh: 精简, en: Lean}\nlevers:\n  staffing.streetStaff: 2\n');
writeFileSync(join(dir, 'loose.yaml'), 'id: loose\nname: {zh: 放宽, en: Loose}\nlevers:\n  grid.discretion: 0.2\n');
writeFileSync(join(dir, 'clash.yaml'), 'id: clash\nname: {zh: 冲突, en: Clash}\nlevers:\n  grid.discretion: 0.9\n');

describe('govsim decompose', () => {
  it('two components: shares add to the total and match ½(alone) + ½(after the other), per replication', async () => {
    const r = await cli(['decompose', 'training', 'lean.yaml', 'loose.yaml', '--reps', '2', '--days', '20', '--workers', '0', '--out', 'two'], dir);
    expect(r.err).toMatch(/2 components → 4 subsets \(exact\)/);
    expect(r.code).toBe(0);
    const d = JSON.parse(readFileSync(join(dir, 'two', 'decomposition.json'), 'utf8'));
    expect(d.components.map((c: { id: string }) => c.id)).toEqual(['lean', 'loose']);
    const csv = readFileSync(join(dir, 'two', 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const exp = JSON.parse(readFileSync(join(dir, 'two', 'experiment.json'), 'utf8'));
    const keys: string[] = exp.scenarios.map((s: { key: string }) => s.key); // subsets 0, 1, 2, 3 in order
    for (const metric of ['rate.resolution', 'time.median']) {
      const v = (s: number, rep: number) => Number(csv.find((c) => c[1] === keys[s] && c[2] === String(rep) && c[4] === metric)![5]);
      const phi0 = [0, 1].map((rep) => 0.5 * (v(1, rep) - v(0, rep)) + 0.5 * (v(3, rep) - v(2, rep)));
      const total = [0, 1].map((rep) => v(3, rep) - v(0, rep));
      const m = d.metrics[metric];
      expect(m.components[0].shapley.mean).toBeCloseTo((phi0[0] + phi0[1]) / 2, 9);
      expect(m.components[0].shapley.mean + m.components[1].shapley.mean).toBeCloseTo(m.total.mean, 9);
      expect(m.total.mean).toBeCloseTo((total[0] + total[1]) / 2, 9);
      expect(m.pairs[0].interaction.mean).toBeCloseTo([0, 1].reduce((a, rep) => a + v(3, rep) - v(1, rep) - v(2, rep) + v(0, rep), 0) / 2, 9);
    }
    expect(readFileSync(join(dir, 'two', 'report.html'), 'utf8')).toMatch(/<div class="gs-chart" data-chart="waterfall"><script type="application\/json">\{"title":"rate\.response"/);
    expect(r.out).toMatch(/Shapley share/);
  });

  it('components from --to: the lever groups that differ, calendar held at the base', () => {
    const comps = componentsBetween(getScenario('qinhuai-2019')!, getScenario('qinhuai-2021')!, 'group');
    const ids = comps.map((c) => c.id);
    expect(ids).toContain('decentralisation');
    expect(ids).not.toContain('calendar');
    const all = subsetScenario(getScenario('qinhuai-2019')!, comps, (1 << comps.length) - 1);
    const target = getScenario('qinhuai-2021')!;
    for (const c of comps) for (const k of Object.keys(c.levers)) expect(all.levers[k] ?? null).toEqual(target.levers[k] ?? c.levers[k]);
  });

  it('subset ids stay within the 80 characters a scenario id may have, and distinct (the eight 2021 reform patches)', () => {
    const comps = REFORM_PATCH_IDS.map((id) => ({ id, levers: getPatch(id)!.levers as never }));
    const seen = new Set<string>();
    for (let mask = 0; mask < 1 << comps.length; mask++) {
      const s = subsetScenario(getScenario('qinhuai-2019')!, comps, mask);
      expect(s.id.length).toBeLessThanOrEqual(80);
      seen.add(s.id);
    }
    expect(seen.size).toBe(256);
    expect(subsetId('qinhuai-2019', ['reform-smart'], 8, 16)).toBe('qinhuai-2019+reform-smart');
    expect(subsetId('qinhuai-2019', REFORM_PATCH_IDS.slice(0, 7), 8, 127)).toBe('qinhuai-2019+#1.2.3.4.5.6.7');
    expect(subsetId('b'.repeat(79), ['x', 'y'], 2, 3)).toBe(`${'b'.repeat(76)}+#x3`);
  });

  it('names bad input', async () => {
    const clash = await cli(['decompose', 'training', 'loose.yaml', 'clash.yaml', '--reps', '1', '--days', '2', '--workers', '0', '--out', 'clash'], dir);
    expect(clash.code).not.toBe(0);
    expect(clash.err).toMatch(/set grid\.discretion differently/);
    const none = await cli(['decompose', 'training', '--reps', '1', '--days', '2', '--workers', '0', '--out', 'none'], dir);
    expect(none.err).toMatch(/needs reform components/);
    const by = await cli(['decompose', 'training', '--to', 'training', '--by', 'street', '--out', 'by'], dir);
    expect(by.err).toMatch(/--by must be "group" or "lever"/);
  });
});
