// Words for data the page shows: lever values, problems with a share link, patch conflicts.
// Everything here comes out in the page's language (the share link and the engine report their
// findings as data, not as English text).
import { bi, fmtInt, getLang, t } from './i18n.ts';
import type { Catalogue, Lever, LeverValue, PatchConflict } from './protocol.ts';
import type { LeverError, ShareProblem } from './share.ts';

type Names = Pick<Catalogue, 'levers' | 'presets' | 'patches'>;

function list(xs: string[]): string {
  return xs.join(getLang() === 'zh' ? '、' : ', ');
}

/** A lever value as people read it: on/off, a choice's label, a number or a date. */
export function displayValue(l: Lever | undefined, v: unknown): string {
  if (l?.kind === 'boolean') return v ? t('on') : t('off');
  if (l?.kind === 'choice') return bi(l.choices.find((c) => c.value === v)?.label) || String(v);
  return String(v);
}

/** A lever value with the lever's unit when it is a number ("35 人"). */
export function withUnit(l: Lever | undefined, v: unknown): string {
  const unit = l && (l.kind === 'number' || l.kind === 'integer') ? bi(l.unit) : '';
  return unit ? `${displayValue(l, v)} ${unit}` : displayValue(l, v);
}

/** What a lever accepts ("须为 1 到 10 之间的整数" / "must be a whole number from 1 to 10"). */
export function expectedText(e: LeverError, l?: Lever): string {
  switch (e.kind) {
    case 'number':
    case 'integer':
      return t(e.kind === 'integer' ? 'ex_integer' : 'ex_number', { min: String(e.min), max: String(e.max) });
    case 'boolean':
      return t('ex_boolean');
    case 'choice':
      return t('ex_choice', { list: list(e.choices.map((c) => (l ? `${displayValue(l, c)} (${c})` : c))) });
    case 'date':
      return t('ex_date', { min: e.min, max: e.max });
  }
}

/** One problem with a share link, in the page's language (configuration B's marked as such). */
export function shareProblemText(p: ShareProblem, names: Names): string {
  const text = problemText(p, names);
  if ('arm' in p && p.arm === 'b') return t('lp_armB', { text });
  if ('arm' in p && p.arm === 'trunk') return t('lp_armTrunk', { text });
  return text;
}

function problemText(p: ShareProblem, names: Names): string {
  switch (p.param) {
    case 'preset':
      return t('lp_preset', {
        got: p.got,
        known: list(p.known.map((id) => bi(names.presets.find((x) => x.id === id)?.name) || id)),
      });
    case 'seed':
    case 'days':
      return t(p.param === 'seed' ? 'lp_seed' : 'lp_days', { min: fmtInt(p.min), max: fmtInt(p.max), got: p.got });
    case 'fork':
      return t('lp_fork', { min: fmtInt(p.min), max: fmtInt(p.max), got: p.got });
    case 'reps':
      return t('lp_reps', { min: fmtInt(p.min), max: fmtInt(p.max), got: p.got });
    case 'map':
      return t('lp_map', { got: p.got });
    case 'street':
      return p.max === undefined ? t('lp_street', { got: p.got }) : t('lp_streetMax', { got: p.got, max: fmtInt(p.max) });
    case 'lang':
      return t('lp_lang', { got: p.got });
    case 'mode':
      return t('lp_mode', { got: p.got });
    case 'patch':
      return t('lp_patch', { got: p.got });
    case 'lever': {
      if (p.unknown) return t('lp_leverUnknown', { id: p.id });
      const l = names.levers.find((x) => x.id === p.id);
      return t('lp_lever', { label: bi(l?.label) || p.id, expected: expectedText(p.expected, l), got: p.got });
    }
  }
}

/** One lever that ticked patches set differently, in the page's language. */
export function conflictText(c: PatchConflict, names: Names): string {
  const l = names.levers.find((x) => x.id === c.lever);
  const sets = c.patches.map((p) => t('conflictSets', {
    patch: bi(names.patches.find((x) => x.id === p.id)) || p.id,
    value: withUnit(l, p.value as LeverValue),
  }));
  return t('conflictItem', { lever: bi(l?.label) || c.lever, list: sets.join(getLang() === 'zh' ? '；' : '; ') });
}
