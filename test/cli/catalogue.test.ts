// govsim presets, levers and validate.
import { describe, expect, it } from 'vitest';
import { LEVERS, LEVER_GROUPS } from '../../sim/index.ts';
import { listPresets } from '../../scenarios/index.ts';
import { cli, tempDir } from './helpers.ts';

const dir = tempDir();

describe('govsim presets', () => {
  it('--json lists every preset with both names', async () => {
    const r = await cli(['presets', '--json'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.presets.map((p: { id: string }) => p.id)).toEqual(listPresets().map((p) => p.id));
    expect(json.presets[0].name).toHaveProperty('zh');
  });

  it('prints a table by default', async () => {
    const r = await cli(['presets'], dir);
    expect(r.out).toMatch(/qinhuai-2021\s+scenario/);
  });
});

describe('govsim levers', () => {
  it('--json gives every lever, grouped, in both languages', async () => {
    const r = await cli(['levers', '--json'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.groups.map((g: { id: string }) => g.id)).toEqual(LEVER_GROUPS.map((g) => g.id));
    const ids = json.groups.flatMap((g: { levers: { id: string }[] }) => g.levers.map((l) => l.id));
    expect(ids.sort()).toEqual(LEVERS.map((l) => l.id).sort());
    for (const g of json.groups) for (const l of g.levers) {
      expect(l.label.zh.length * l.label.en.length, l.id).toBeGreaterThan(0);
      expect(typeof l.expected).toBe('string');
    }
  });

  it('prints a readable table with an unknown group refused', async () => {
    const ok = await cli(['levers', '--group', 'smart'], dir);
    expect(ok.out).toMatch(/smart\.systemsIntegrated\s+30\s+0 … 30/);
    const bad = await cli(['levers', '--group', 'nope'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--group must be one of/);
  });
});

describe('govsim validate', () => {
  it('accepts a preset and reports its size and hash', async () => {
    const r = await cli(['validate', 'qinhuai-2021'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok: scenario "qinhuai-2021" — 12 streets/);
    expect(r.out).toMatch(/scenarioHash [0-9a-f]{64}/);
  });
});

describe('govsim (top level)', () => {
  it('--help exits 0 and lists the commands', async () => {
    const r = await cli(['--help'], dir);
    expect(r.code).toBe(0);
    for (const c of ['run', 'presets', 'levers', 'validate']) expect(r.out).toContain(c);
  });

  it('an unknown command exits 2', async () => {
    const r = await cli(['frobnicate'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
  });
});
