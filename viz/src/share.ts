// The share link: preset, patches, changed levers, seed and days (plus language and mode) as URL
// query parameters, e.g. `?preset=training&patch=rec-smart,shock-epidemic&seed=1&days=60&set.staffing.helpersPerGrid=2`.
// Opening the link rebuilds the same scenario, so the run has the same digest. Values are checked
// against the catalogues; a bad parameter is reported (as data: the page words it in its language),
// not silently dropped.
import { leverFromText } from '../../sim/levers.ts';
import type { Lever, LeverValues } from './protocol.ts';

export interface ShareState {
  preset: string;
  /** Patch ids in the registry's order. */
  patches: string[];
  levers: LeverValues;
  seed: number;
  days: number;
  lang?: 'zh' | 'en';
  mode?: 'single' | 'compare';
}

export interface ShareContext {
  levers: readonly Lever[];
  presets: readonly string[];
  /** Patch ids in the registry's order. */
  patches: readonly string[];
  maxDays: number;
}

/** Why a lever value does not fit, as data. */
export type LeverError =
  | { kind: 'number' | 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'choice'; choices: string[] }
  | { kind: 'date'; min: string; max: string };

/** A parameter of a link that could not be used (the page puts it into words). */
export type ShareProblem =
  | { param: 'preset'; got: string; known: string[] }
  | { param: 'seed' | 'days'; got: string; min: number; max: number }
  | { param: 'lang'; got: string }
  | { param: 'mode'; got: string }
  | { param: 'patch'; got: string; known: string[] }
  | { param: 'lever'; id: string; got: string; unknown: true }
  | { param: 'lever'; id: string; got: string; unknown?: false; expected: LeverError };

const PREFIX = 'set.';

/** Text form of a lever value (numbers round-trip exactly through String/Number). */
export function leverText(v: unknown): string {
  return String(v);
}

/** Patch ids in the registry's order, without repeats or unknown ids. */
export function orderPatches(ids: readonly string[], registry: readonly string[]): string[] {
  const want = new Set(ids);
  return registry.filter((id) => want.has(id));
}

export function encodeShare(s: ShareState): string {
  const q = new URLSearchParams();
  q.set('preset', s.preset);
  if (s.patches.length) q.set('patch', s.patches.join(','));
  q.set('seed', String(s.seed));
  q.set('days', String(s.days));
  if (s.lang) q.set('lang', s.lang);
  if (s.mode && s.mode !== 'single') q.set('mode', s.mode);
  for (const id of Object.keys(s.levers).sort()) q.set(PREFIX + id, leverText(s.levers[id]));
  // Commas in the patch list stay readable (they are safe in a query string).
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

/**
 * Parse one lever value from text by the lever's kind with the engine's own parser
 * (sim/levers.ts leverFromText: on/off, real calendar dates); says what was expected when it does not fit.
 */
export function parseLever(l: Lever, text: string): { value: number | boolean | string } | { error: string; expected: LeverError } {
  const r = leverFromText(l, text);
  if ('value' in r) return { value: r.value };
  return { error: r.problem.message, expected: expectedOf(l) };
}

function expectedOf(l: Lever): LeverError {
  switch (l.kind) {
    case 'number':
    case 'integer': return { kind: l.kind, min: l.min, max: l.max };
    case 'boolean': return { kind: 'boolean' };
    case 'choice': return { kind: 'choice', choices: l.choices.map((c) => c.value) };
    case 'date': return { kind: 'date', min: l.min, max: l.max };
  }
}

/** Read a share link's query string; anything missing keeps the given defaults. */
export function decodeShare(search: string, ctx: ShareContext, defaults: ShareState): { state: ShareState; problems: ShareProblem[] } {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const problems: ShareProblem[] = [];
  const state: ShareState = { ...defaults, patches: [...defaults.patches], levers: {} };
  const preset = q.get('preset');
  if (preset !== null) {
    if (ctx.presets.includes(preset)) state.preset = preset;
    else problems.push({ param: 'preset', got: preset, known: [...ctx.presets] });
  }
  const patch = q.getAll('patch');
  if (patch.length) {
    const ids = patch.flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p !== '');
    for (const id of ids) if (!ctx.patches.includes(id)) problems.push({ param: 'patch', got: id, known: [...ctx.patches] });
    state.patches = orderPatches(ids, ctx.patches);
  }
  const int = (name: 'seed' | 'days', min: number, max: number) => {
    const v = q.get(name);
    if (v === null) return;
    const x = Number(v);
    if (v.trim() !== '' && Number.isInteger(x) && x >= min && x <= max) state[name] = x;
    else problems.push({ param: name, got: v, min, max });
  };
  int('seed', 0, 0xffffffff);
  int('days', 1, ctx.maxDays);
  const lang = q.get('lang');
  if (lang === 'zh' || lang === 'en') state.lang = lang;
  else if (lang !== null) problems.push({ param: 'lang', got: lang });
  const mode = q.get('mode');
  if (mode === 'single' || mode === 'compare') state.mode = mode;
  else if (mode !== null) problems.push({ param: 'mode', got: mode });
  const byId = new Map(ctx.levers.map((l) => [l.id, l]));
  for (const [key, text] of q.entries()) {
    if (!key.startsWith(PREFIX)) continue;
    const id = key.slice(PREFIX.length);
    const l = byId.get(id);
    if (!l) {
      problems.push({ param: 'lever', id, got: text, unknown: true });
      continue;
    }
    const r = parseLever(l, text);
    if ('error' in r) problems.push({ param: 'lever', id, got: text, expected: r.expected });
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
