// Words and formats: both languages for every sandbox word; numbers and dates by locale.
import { describe, expect, it } from 'vitest';
import { dateAt, daysToNextMonth, fmtDate, fmtDelta, fmtValue, fmtWithUnit, t, unitLabel } from '../../viz/src/i18n.ts';
import { SERIES, METRICS } from '../../sim/index.ts';

describe('t(key, vars, lang)', () => {
  it('fills placeholders with locale numbers', () => {
    expect(t('day', { n: 1234 }, 'en')).toBe('day 1,234');
    expect(t('day', { n: 12 }, 'zh')).toBe('第 12 天');
  });
});

describe('unitLabel(unit, lang)', () => {
  it('has a Chinese label for every unit the engine\'s series and metrics use', () => {
    const units = new Set([...SERIES.map((s) => s.unit), ...METRICS.map((m) => m.unit)]);
    for (const u of units) expect(unitLabel(u, 'zh'), u).toMatch(/[\u4e00-\u9fff]|^0–1$/);
  });
});

describe('fmtValue / fmtWithUnit / fmtDelta', () => {
  it('shows shares as percent, money compactly and days with one decimal, by locale', () => {
    expect(fmtValue(0.8534, 'share', 'en')).toBe('85.3%');
    expect(fmtValue(1234567, 'yuan', 'en')).toMatch(/^1\.2[mM]$/);
    expect(fmtValue(1234567, 'yuan', 'zh')).toBe('123.5万');
    expect(fmtWithUnit(4.25, 'days', 'zh')).toBe('4.3 天');
    expect(fmtWithUnit(NaN, 'days', 'en')).toBe('–');
    expect(fmtDelta(0.021, 'share', 'en')).toBe('+2.1 pp');
    expect(fmtDelta(-3, 'cases', 'en')).toBe('−3');
  });
});

describe('dates', () => {
  it('counts days to the same day next month, clamped at the month end', () => {
    expect(daysToNextMonth(dateAt('2021-01-01', 0))).toBe(31);
    expect(daysToNextMonth(dateAt('2021-01-31', 0))).toBe(28);
    expect(daysToNextMonth(dateAt('2021-02-15', 0))).toBe(28);
  });

  it('formats dates for the locale', () => {
    expect(fmtDate(dateAt('2021-01-01', 31), 'zh', 'short')).toMatch(/2021.*2.*1/);
    expect(fmtDate(dateAt('2021-01-01', 31), 'en', 'short')).toBe('1 Feb 2021');
  });
});

describe('fmtWithUnit in English', () => {
  it('uses the singular after exactly one', () => {
    expect(fmtWithUnit(1, 'posts', 'en')).toBe('1 post');
    expect(fmtWithUnit(2, 'posts', 'en')).toBe('2 posts');
    expect(fmtWithUnit(1, 'posts', 'zh')).toBe('1 个岗位');
  });
});

describe('difference axes and long panel titles', () => {
  it('writes difference ticks of shares in signed points, without a percent sign, and zero as 0', async () => {
    const { fmtDiffTick, fmtDelta } = await import('../../viz/src/i18n.ts');
    expect(fmtDiffTick(0.05, 'share', 'en')).toBe('+5.0');
    expect(fmtDiffTick(-0.05, 'share', 'zh')).toBe('−5.0');
    expect(fmtDiffTick(-1e-15, 'share', 'en')).toBe('0');
    expect(fmtDiffTick(-3, 'cases', 'en')).toBe('−3');
    // A difference that rounds to zero has no sign ("−0.0" was shown on a KPI card).
    expect(fmtDelta(-0.01, 'days', 'en')).toBe('±0.0');
    expect(fmtDelta(-0.2, 'days', 'en')).toBe('−0.2');
  });

  it('wraps a panel title that is wider than its panel into two lines that fit, keeping every character', async () => {
    const { wrapText, approxWidth } = await import('../../viz/src/charts/lines.ts');
    const zh = '解决率（近 30 天到期工单，未办结计为未解决） (百分点)';
    const lines = wrapText(zh, 300, 12.5);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(approxWidth(l, 12.5)).toBeLessThanOrEqual(300);
    expect(lines.join('').replace(/\s/g, '')).toBe(zh.replace(/\s/g, ''));
    expect(wrapText('Open cases (cases)', 300, 12.5)).toEqual(['Open cases (cases)']);
  });
});
