// The share link: encodeShare/decodeShare round-trip every kind of lever and report bad input.
import { describe, expect, it } from 'vitest';
import { LEVERS, MAX_DAYS, defaultLevers, type Lever } from '../../sim/index.ts';
import { scenarioIds } from '../../scenarios/index.ts';
import { changedLevers, decodeShare, encodeShare, parseLever } from '../../viz/src/share.ts';

const ctx = { levers: LEVERS, presets: scenarioIds(), maxDays: MAX_DAYS };
const defaults = { preset: 'training', levers: {}, seed: 1, days: 365 };

/** A valid value different from the default, for each kind of lever. */
function otherValue(l: Lever): number | boolean | string {
  switch (l.kind) {
    case 'number':
    case 'integer':
      return l.default === l.max ? l.min : Math.min(l.max, l.default + l.step);
    case 'boolean':
      return !l.default;
    case 'choice':
      return l.choices.find((c) => c.value !== l.default)?.value ?? l.default;
    case 'date':
      return l.max;
  }
}

describe('encodeShare(state) / decodeShare(search)', () => {
  it('round-trips preset, seed, days, language, mode and a changed value of every lever', () => {
    const levers = Object.fromEntries(LEVERS.map((l) => [l.id, otherValue(l)]));
    const state = { preset: 'qinhuai-2019', levers, seed: 4294967295, days: 90, lang: 'en' as const, mode: 'compare' as const };
    const search = encodeShare(state);
    const back = decodeShare(search, ctx, defaults);
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual(state);
  });

  it('keeps awkward numbers exact (the run must be the same)', () => {
    const l = LEVERS.find((x) => x.kind === 'number') as Extract<Lever, { kind: 'number' | 'integer' }>;
    const v = l.min + (l.max - l.min) / 3;
    const back = decodeShare(encodeShare({ ...defaults, levers: { [l.id]: v } }), ctx, defaults);
    expect(back.state.levers[l.id]).toBe(v);
  });

  it('leaves the defaults for what the link does not say', () => {
    expect(decodeShare('', ctx, defaults)).toEqual({ state: { ...defaults, levers: {} }, problems: [] });
  });

  it('names every bad parameter and keeps the good ones', () => {
    const { state, problems } = decodeShare('?preset=nowhere&seed=-1&days=99999&lang=fr&set.no.such=1&set.staffing.helpersPerGrid=2&set.staffing.communityWorkers=abc', ctx, defaults);
    expect(state.preset).toBe('training');
    expect(state.levers).toEqual({ 'staffing.helpersPerGrid': 2 });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/preset.*nowhere/);
    expect(problems.join('\n')).toMatch(/seed/);
    expect(problems.join('\n')).toMatch(/days/);
    expect(problems.join('\n')).toMatch(/lang/);
    expect(problems.join('\n')).toMatch(/unknown lever "no.such"/);
    expect(problems.join('\n')).toMatch(/staffing.communityWorkers.*abc/);
  });
});

describe('parseLever(lever, text)', () => {
  it('accepts each lever\'s default written as text', () => {
    for (const l of LEVERS) {
      const r = parseLever(l, String(l.default));
      expect(r, l.id).toEqual({ value: l.default });
    }
  });

  it('rejects values outside the range, non-integers for integer levers, unknown choices and bad dates', () => {
    const num = LEVERS.find((l) => l.kind === 'number' || l.kind === 'integer') as Extract<Lever, { kind: 'number' | 'integer' }>;
    expect(parseLever(num, String(num.max + 1))).toHaveProperty('error');
    const int = LEVERS.find((l) => l.kind === 'integer') as Extract<Lever, { kind: 'number' | 'integer' }> | undefined;
    if (int) expect(parseLever(int, String(int.min + 0.5))).toHaveProperty('error');
    const choice = LEVERS.find((l) => l.kind === 'choice')!;
    expect(parseLever(choice, 'nonsense')).toHaveProperty('error');
    const bool = LEVERS.find((l) => l.kind === 'boolean')!;
    expect(parseLever(bool, 'yes')).toHaveProperty('error');
    const date = LEVERS.find((l) => l.kind === 'date');
    if (date) expect(parseLever(date, '2021-02-30x')).toHaveProperty('error');
  });
});

describe('changedLevers(values, preset)', () => {
  it('keeps only the values that differ from the preset', () => {
    const preset = defaultLevers();
    const id = 'staffing.helpersPerGrid';
    expect(changedLevers({ ...preset, [id]: 3 }, preset)).toEqual({ [id]: 3 });
    expect(changedLevers(preset, preset)).toEqual({});
  });
});
