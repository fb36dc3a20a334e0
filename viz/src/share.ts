// The share link: preset, changed levers, seed and days (plus language and mode) as URL query
// parameters, e.g. `?preset=training&seed=1&days=60&set.staffing.helpersPerGrid=2`. Opening the
// link rebuilds the same scenario, so the run has the same digest. Values are checked against
// the lever catalogue; a bad parameter is reported, not silently dropped.
import type { Lever, LeverValues } from './protocol.ts';

export interface ShareState {
  preset: string;
  levers: LeverValues;
  seed: number;
  days: number;
  lang?: 'zh' | 'en';
  mode?: 'single' | 'compare';
}

export interface ShareContext {
  levers: readonly Lever[];
  presets: readonly string[];
  maxDays: number;
}

const PREFIX = 'set.';

/** Text form of a lever value (numbers round-trip exactly through String/Number). */
export function leverText(v: unknown): string {
  return typeof v === 'number' ? String(v) : String(v);
}

export function encodeShare(s: ShareState): string {
  const q = new URLSearchParams();
  q.set('preset', s.preset);
  q.set('seed', String(s.seed));
  q.set('days', String(s.days));
  if (s.lang) q.set('lang', s.lang);
  if (s.mode && s.mode !== 'single') q.set('mode', s.mode);
  for (const id of Object.keys(s.levers).sort()) q.set(PREFIX + id, leverText(s.levers[id]));
  return `?${q.toString()}`;
}

/** Parse one lever value from text by the lever's kind; returns an error message instead when it does not fit. */
export function parseLever(l: Lever, text: string): { value: number | boolean | string } | { error: string } {
  switch (l.kind) {
    case 'number':
    case 'integer': {
      const x = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(x) || x < l.min || x > l.max || (l.kind === 'integer' && !Number.isInteger(x))) {
        return { error: `${l.id} must be ${l.kind === 'integer' ? 'an integer' : 'a number'} in [${l.min}, ${l.max}], got "${text}"` };
      }
      return { value: x };
    }
    case 'boolean':
      if (text === 'true' || text === '1') return { value: true };
      if (text === 'false' || text === '0') return { value: false };
      return { error: `${l.id} must be true or false, got "${text}"` };
    case 'choice':
      return l.choices.some((c) => c.value === text) ? { value: text } : { error: `${l.id} must be one of ${l.choices.map((c) => c.value).join(', ')}, got "${text}"` };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && text >= l.min && text <= l.max && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
        ? { value: text } : { error: `${l.id} must be a date between ${l.min} and ${l.max}, got "${text}"` };
  }
}

/** Read a share link's query string; anything missing keeps the given defaults. */
export function decodeShare(search: string, ctx: ShareContext, defaults: ShareState): { state: ShareState; problems: string[] } {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const problems: string[] = [];
  const state: ShareState = { ...defaults, levers: {} };
  const preset = q.get('preset');
  if (preset !== null) {
    if (ctx.presets.includes(preset)) state.preset = preset;
    else problems.push(`preset must be one of ${ctx.presets.join(', ')}, got "${preset}"`);
  }
  const int = (name: 'seed' | 'days', min: number, max: number) => {
    const v = q.get(name);
    if (v === null) return;
    const x = Number(v);
    if (v.trim() !== '' && Number.isInteger(x) && x >= min && x <= max) state[name] = x;
    else problems.push(`${name} must be an integer in [${min}, ${max}], got "${v}"`);
  };
  int('seed', 0, 0xffffffff);
  int('days', 1, ctx.maxDays);
  const lang = q.get('lang');
  if (lang === 'zh' || lang === 'en') state.lang = lang;
  else if (lang !== null) problems.push(`lang must be zh or en, got "${lang}"`);
  const mode = q.get('mode');
  if (mode === 'single' || mode === 'compare') state.mode = mode;
  else if (mode !== null) problems.push(`mode must be single or compare, got "${mode}"`);
  const byId = new Map(ctx.levers.map((l) => [l.id, l]));
  for (const [key, text] of q.entries()) {
    if (!key.startsWith(PREFIX)) continue;
    const id = key.slice(PREFIX.length);
    const l = byId.get(id);
    if (!l) {
      problems.push(`unknown lever "${id}"`);
      continue;
    }
    const r = parseLever(l, text);
    if ('error' in r) problems.push(r.error);
    else state.levers[id] = r.value;
  }
  return { state, problems };
}

/** Levers whose value differs from the preset's. */
export function changedLevers(values: LeverValues, preset: LeverValues): LeverValues {
  const out: LeverValues = {};
  for (const [id, v] of Object.entries(values)) if (preset[id] !== v) out[id] = v;
  return out;
}
