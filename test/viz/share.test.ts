// The share link: encodeShare/decodeShare round-trip patches and every kind of lever, and report
// bad input as data that the page puts into words in its own language.
import { describe, expect, it } from 'vitest';
import { LEVERS, MAX_DAYS, type Lever } from '../../sim/index.ts';
import { defaultLevers } from '../../sim/levers.ts';
import { listPresets, patchIds, scenarioIds } from '../../scenarios/index.ts';
import { changedLevers, decodeShare, encodeShare, parseLever, type ShareProblem } from '../../viz/src/share.ts';
import { shareProblemText } from '../../viz/src/describe.ts';
import { setLang } from '../../viz/src/i18n.ts';

const ctx = { levers: LEVERS, presets: scenarioIds(), patches: patchIds(), maxDays: MAX_DAYS, mapMetrics: ['open'] };
const defaults = { preset: 'training', patches: [], levers: {}, seed: 1, days: 365 };

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
    const state = { preset: 'qinhuai-2019', patches: ['rec-smart', 'shock-epidemic'], levers, seed: 4294967295, days: 90, lang: 'en' as const, mode: 'compare' as const };
    const search = encodeShare(state);
    expect(search).toContain('patch=rec-smart,shock-epidemic');
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

  it('puts patches in the registry\'s order, once each, and reports unknown ones', () => {
    const { state, problems } = decodeShare('?patch=shock-epidemic,rec-smart,,rec-smart,nope', ctx, defaults);
    expect(state.patches).toEqual(['rec-smart', 'shock-epidemic']);
    expect(problems).toEqual([{ param: 'patch', got: 'nope', known: patchIds() }]);
  });

  it('names every bad parameter and keeps the good ones', () => {
    const { state, problems } = decodeShare('?preset=nowhere&seed=-1&days=99999&lang=fr&set.no.such=1&set.staffing.helpersPerGrid=2&set.staffing.communityWorkers=abc', ctx, defaults);
    expect(state.preset).toBe('training');
    expect(state.levers).toEqual({ 'staffing.helpersPerGrid': 2 });
    expect(problems).toHaveLength(6);
    expect(problems).toContainEqual({ param: 'preset', got: 'nowhere', known: scenarioIds() });
    expect(problems).toContainEqual({ param: 'seed', got: '-1', min: 0, max: 4294967295 });
    expect(problems).toContainEqual({ param: 'days', got: '99999', min: 1, max: MAX_DAYS });
    expect(problems).toContainEqual({ param: 'lang', got: 'fr' });
    expect(problems).toContainEqual({ param: 'lever', id: 'no.such', got: '1', unknown: true });
    expect(problems).toContainEqual(expect.objectContaining({ param: 'lever', id: 'staffing.communityWorkers', got: 'abc', expected: expect.objectContaining({ kind: 'integer' }) }));
  });
});

describe('shareProblemText(problem) in the page\'s language', () => {
  const names = { levers: [...LEVERS], presets: listPresets(), patches: [] };
  const all = decodeShare('?preset=nowhere&seed=-1&days=0&lang=fr&mode=both&patch=nope&set.no.such=1&set.staffing.communityWorkers=abc&set.whistle.street=maybe', ctx, defaults).problems;
  const cjk = /[\u4e00-\u9fff]/;

  it('words every kind of problem in Chinese, naming levers and presets by their Chinese labels', () => {
    expect(all).toHaveLength(9);
    setLang('zh');
    const text = all.map((p: ShareProblem) => shareProblemText(p, names));
    for (const line of text) expect(line).toMatch(cjk);
    const lever = LEVERS.find((l) => l.id === 'staffing.communityWorkers')!;
    expect(text.join('\n')).toContain(lever.label.zh);
    expect(text.join('\n')).toContain(listPresets().find((p) => p.id === 'training')!.name.zh);
    expect(text.join('\n')).toContain('“abc”');
  });

  it('and in English, with no Chinese text', () => {
    setLang('en');
    const text = all.map((p: ShareProblem) => shareProblemText(p, names));
    for (const line of text) expect(line).not.toMatch(cjk);
    expect(text.join('\n')).toContain(LEVERS.find((l) => l.id === 'staffing.communityWorkers')!.label.en);
    expect(text.find((x) => x.startsWith('The seed'))).toMatch(/4,294,967,295/);
    setLang('zh');
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
