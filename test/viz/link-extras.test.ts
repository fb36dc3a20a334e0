// The share link beyond the scenario (share.ts and the page's shareUrl in app.ts): configuration B
// of compare mode (its patches, levers and seed), the replication count and the map's selection
// (metric, street) go into the link and come back; bad values are reported, naming the parameter
// (B's marked as B's), in zh and en.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEVERS, MAX_DAYS } from '../../sim/index.ts';
import { patchIds, scenarioIds, listPresets } from '../../scenarios/index.ts';
import { app, shareUrl, type AppState } from '../../viz/src/app.ts';
import { shareProblemText } from '../../viz/src/describe.ts';
import { setLang } from '../../viz/src/i18n.ts';
import { decodeShare, encodeShare, type ShareState } from '../../viz/src/share.ts';

const METRICS = ['open', 'trust', 'load'];
const ctx = { levers: LEVERS, presets: scenarioIds(), patches: patchIds(), maxDays: MAX_DAYS, mapMetrics: METRICS };
const defaults: ShareState = { preset: 'training', patches: [], levers: {}, seed: 1, days: 365 };

describe('encodeShare / decodeShare with configuration B and the view', () => {
  it('round-trips B (patches, levers, seed), replications, map metric and street', () => {
    const state: ShareState = {
      preset: 'training', patches: ['rec-smart'], levers: { 'staffing.helpersPerGrid': 2 }, seed: 7, days: 120, lang: 'en', mode: 'compare',
      baseline: { patches: ['rec-smart', 'shock-epidemic'], levers: { 'staffing.communityWorkers': 17, 'whistle.street': true }, seed: 9 },
      reps: 12, map: 'trust', street: 1,
    };
    const search = encodeShare(state);
    expect(search).toContain('b.patch=rec-smart,shock-epidemic');
    expect(search).toContain('b.set.staffing.communityWorkers=17');
    const back = decodeShare(search, ctx, defaults);
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual(state);
  });

  it('keeps B set to the bare preset apart from no B at all', () => {
    const withB = decodeShare(encodeShare({ ...defaults, baseline: { patches: [], levers: {} } }), ctx, defaults);
    expect(withB).toEqual({ state: { ...defaults, baseline: { patches: [], levers: {} } }, problems: [] });
    expect(decodeShare(encodeShare(defaults), ctx, defaults).state.baseline).toBeUndefined();
  });

  it('names every bad value of B and of the view, and keeps the good ones', () => {
    const { state, problems } = decodeShare('?b.patch=rec-smart,nope&b.seed=-3&b.set.staffing.communityWorkers=abc&b.set.no.such=1&b.set.staffing.helpersPerGrid=2&reps=1&map=nowhere&street=x', ctx, defaults);
    expect(state.baseline).toEqual({ patches: ['rec-smart'], levers: { 'staffing.helpersPerGrid': 2 } });
    expect(state.reps).toBeUndefined();
    expect(state.map).toBeUndefined();
    expect(state.street).toBeUndefined();
    expect(problems).toContainEqual({ param: 'patch', got: 'nope', known: patchIds(), arm: 'b' });
    expect(problems).toContainEqual({ param: 'seed', got: '-3', min: 0, max: 0xffffffff, arm: 'b' });
    expect(problems).toContainEqual(expect.objectContaining({ param: 'lever', id: 'staffing.communityWorkers', got: 'abc', arm: 'b' }));
    expect(problems).toContainEqual({ param: 'lever', id: 'no.such', got: '1', unknown: true, arm: 'b' });
    expect(problems).toContainEqual({ param: 'reps', got: '1', min: 2, max: 30 });
    expect(problems).toContainEqual({ param: 'map', got: 'nowhere', known: METRICS });
    expect(problems).toContainEqual({ param: 'street', got: 'x' });
    expect(problems).toHaveLength(7);
    for (const q of ['?reps=31', '?reps=2.5', '?reps=', '?street=-1', '?street=1.5']) {
      const r = decodeShare(q, ctx, defaults);
      expect(r.problems, q).toHaveLength(1);
      expect(r.state, q).toEqual(defaults);
    }
  });

  it('words the problems in zh and en, B\'s marked as B\'s', () => {
    const names = { levers: [...LEVERS], presets: listPresets(), patches: [] };
    const { problems } = decodeShare('?b.seed=-3&reps=99&map=nowhere&street=x', ctx, defaults);
    setLang('zh');
    const zh = problems.map((p) => shareProblemText(p, names));
    expect(zh[0]).toMatch(/^B（基线）：随机种子/);
    for (const line of zh) expect(line).toMatch(/[\u4e00-\u9fff]/);
    setLang('en');
    const en = problems.map((p) => shareProblemText(p, names));
    expect(en[0]).toMatch(/^B \(baseline\): The seed/);
    expect(en.join('\n')).toContain('“99”');
    for (const line of en) expect(line).not.toMatch(/[\u4e00-\u9fff]/);
    setLang('zh');
  });
});

describe('the page\'s shareUrl()', () => {
  const saved = structuredClone(app.state);
  beforeEach(() => {
    (globalThis as { location?: unknown }).location = { pathname: '/sandbox/' };
  });
  afterEach(() => {
    delete (globalThis as { location?: unknown }).location;
    app.state = structuredClone(saved) as AppState;
  });

  it('carries configuration B, the replication count and the map selection, and reads back the same', () => {
    Object.assign(app.state, {
      preset: 'training', patches: ['rec-smart'], levers: { 'staffing.helpersPerGrid': 2 }, seed: 3, days: 90, mode: 'compare', lang: 'en',
      baseline: { patches: ['shock-epidemic'], levers: { 'staffing.communityWorkers': 17 }, seed: 5 }, reps: 5, mapMetric: 'trust', mapFocus: 2,
    });
    const url = shareUrl();
    expect(url.startsWith('/sandbox/?')).toBe(true);
    const { state, problems } = decodeShare(url.slice(url.indexOf('?')), ctx, defaults);
    expect(problems).toEqual([]);
    expect(state).toEqual({
      preset: 'training', patches: ['rec-smart'], levers: { 'staffing.helpersPerGrid': 2 }, seed: 3, days: 90, mode: 'compare', lang: 'en',
      baseline: { patches: ['shock-epidemic'], levers: { 'staffing.communityWorkers': 17 }, seed: 5 }, reps: 5, map: 'trust', street: 2,
    });
  });

  it('leaves out the defaults (no B, 8 replications, the open-cases map, the whole district)', () => {
    Object.assign(app.state, { baseline: undefined, reps: 8, mapMetric: 'open', mapFocus: null });
    expect(shareUrl()).not.toMatch(/[?&](b\.|reps=|map=|street=)/);
  });
});

describe('a warm-start fork in the link', () => {
  it('round-trips the fork day and the levers before it', () => {
    const state: ShareState = { ...defaults, days: 90, levers: { 'staffing.gridWorkersPerGrid': 2.2 }, fork: { day: 30, trunk: { 'staffing.communityWorkers': 12 } } };
    const search = encodeShare(state);
    expect(search).toContain('fork=30');
    expect(search).toContain('trunk.set.staffing.communityWorkers=12');
    expect(decodeShare(search, ctx, defaults)).toEqual({ state, problems: [] });
  });

  it('reports a fork day outside the run, and levers before a fork without a fork day', () => {
    for (const q of ['?days=60&fork=60', '?days=60&fork=0', '?days=60&fork=x', '?days=60&trunk.set.staffing.communityWorkers=12']) {
      const r = decodeShare(q, ctx, defaults);
      expect(r.state.fork, q).toBeUndefined();
      expect(r.problems, q).toEqual([expect.objectContaining({ param: 'fork', min: 1, max: 59 })]);
    }
    const bad = decodeShare('?days=60&fork=10&trunk.set.staffing.communityWorkers=abc', ctx, defaults);
    expect(bad.problems).toEqual([expect.objectContaining({ param: 'lever', id: 'staffing.communityWorkers', arm: 'trunk' })]);
    const names = { levers: [...LEVERS], presets: listPresets(), patches: [] };
    setLang('en');
    expect(shareProblemText(bad.problems[0], names)).toMatch(/^Levers before the fork: /);
    expect(shareProblemText(decodeShare('?days=60&fork=60', ctx, defaults).problems[0], names)).toContain('from 1 to 59');
    setLang('zh');
  });
});
