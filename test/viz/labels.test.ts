// Every label the page shows exists in both languages: the sandbox's own words, the labels of
// every series and metric (as the page writes them, through infoLabel), units, the briefings of
// every preset and patch, and the guided steps. Chinese labels carry Chinese (no English word
// left over, as `支出：payroll` was); English labels carry no Chinese outside a parenthesised term.
import { describe, expect, it } from 'vitest';
import { LEVERS, METRICS, SERIES, run } from '../../sim/index.ts';
import { getScenario, listPresets, patchIds } from '../../scenarios/index.ts';
import { BRIEFINGS } from '../../viz/src/briefings.ts';
import { WORDS, axisUnit, fmtDeltaUnit, infoLabel, t, unitLabel, type WordKey } from '../../viz/src/i18n.ts';
import { GUIDE } from '../../viz/src/room.ts';

const CJK = /[\u4e00-\u9fff]/;
// English words allowed inside Chinese text: names and codes, not untranslated words.
const ALLOWED_LATIN = new Set(['app', 'svg', 'png', 'csv', 'json', 'english', 'govsim', 'odd', 'model', 'md', 'pp', 'n', 'b', 'a', 'zh', 'en', 'true', 'false', 'single', 'compare', 'ci', 'esc']);

function latinWords(s: string): string[] {
  // Placeholders ({name}) are filled at run time; they are not words on the page.
  return (s.replace(/\{[a-zA-Z]+\}/g, '').match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w.toLowerCase()));
}

/** English text without Chinese, except a Chinese term quoted in parentheses (双报到, 全科社工). */
function chineseOutsideParens(s: string): boolean {
  return CJK.test(s.replace(/\([^)]*\)|（[^）]*）/g, ''));
}

describe('labels in both languages', () => {
  it('every sandbox word has a Chinese and an English half', () => {
    for (const key of Object.keys(WORDS) as WordKey[]) {
      const zh = t(key, undefined, 'zh');
      const en = t(key, undefined, 'en');
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      if (/^(otherLanguage|exportSvg|exportPng)$/.test(key)) continue;
      if (/[A-Za-z\u4e00-\u9fff]/.test(zh.replace(/\{[a-zA-Z]+\}/g, ''))) expect(zh, key).toMatch(CJK);
      expect(latinWords(zh), `${key}: ${zh}`).toEqual([]);
      expect(chineseOutsideParens(en), `${key}: ${en}`).toBe(false);
    }
  });

  it('every series and metric label the page writes is translated (no 支出：payroll)', () => {
    for (const info of [...SERIES, ...METRICS]) {
      const zh = infoLabel(info, 'zh');
      const en = infoLabel(info, 'en');
      expect(zh, info.name).toMatch(CJK);
      expect(latinWords(zh), `${info.name}: ${zh}`).toEqual([]);
      expect(en, info.name).not.toBe('');
      expect(chineseOutsideParens(en), `${info.name}: ${en}`).toBe(false);
    }
    // The case that was reported: the summary's spending rows.
    expect(infoLabel(METRICS.find((m) => m.name === 'money.spend.payroll'), 'zh')).toBe('支出：工资');
  });

  it('every node of the money-flow chart has words in both languages (no "departmentBudgets")', () => {
    // The nodes are the engine's account kinds and spending purposes, as met in a real run.
    const ids = new Set<string>();
    for (const f of run(getScenario('training')!, { seed: 1, days: 60 }).moneyFlow) for (const id of [f.from, f.to]) ids.add(id);
    expect(ids.size).toBeGreaterThan(4);
    for (const id of ids) {
      expect(WORDS, `mf_${id}`).toHaveProperty(`mf_${id}`);
    }
  });

  it('every unit has both halves, and differences carry their unit', () => {
    for (const u of new Set([...SERIES.map((s) => s.unit), ...METRICS.map((m) => m.unit)])) {
      expect(unitLabel(u, 'zh'), u).toMatch(/[\u4e00-\u9fff]|^0–1$/);
      expect(CJK.test(unitLabel(u, 'en')), u).toBe(false);
      expect(axisUnit(u, true, 'en')).not.toBe('');
    }
    expect(axisUnit('share', false, 'en')).toBe('%');
    expect(axisUnit('share', true, 'zh')).toBe('百分点');
    expect(fmtDeltaUnit(-3, 'cases', 'zh')).toBe('−3 件');
    expect(fmtDeltaUnit(0.021, 'share', 'en')).toBe('+2.1 pp');
  });

  it('every preset and patch has a briefing in both languages, with its ODD section', () => {
    const ids = [...listPresets().filter((p) => p.kind === 'scenario').map((p) => p.id), ...patchIds()];
    for (const id of ids) {
      const b = BRIEFINGS[id];
      expect(b, `briefing of ${id}`).toBeDefined();
      const pairs = [b.what, b.how, ...b.tryThis, ...b.notice];
      expect(b.tryThis.length, id).toBeGreaterThan(0);
      expect(b.notice.length, id).toBeGreaterThan(0);
      for (const [zh, en] of pairs) {
        expect(zh, id).toMatch(CJK);
        expect(chineseOutsideParens(en), `${id}: ${en}`).toBe(false);
        expect(en.length, id).toBeGreaterThan(10);
      }
      expect(b.odd, id).toMatch(/§\d/);
    }
  });

  it('the guided steps ask and answer in both languages, and only about metrics the engine reports', () => {
    expect(GUIDE.length).toBeGreaterThanOrEqual(4);
    expect(GUIDE.length).toBeLessThanOrEqual(6);
    const metrics = new Set(METRICS.map((m) => m.name));
    for (const step of GUIDE) {
      for (const [zh, en] of [step.title, step.question, step.note]) {
        expect(zh).toMatch(CJK);
        expect(chineseOutsideParens(en), en).toBe(false);
      }
      for (const m of step.metrics) expect(metrics.has(m), m).toBe(true);
      for (const p of [...step.a.patches, ...step.b.patches]) expect(patchIds()).toContain(p);
      for (const id of [...Object.keys(step.a.levers), ...Object.keys(step.b.levers)]) expect(LEVERS.some((l) => l.id === id), id).toBe(true);
    }
  });
});
