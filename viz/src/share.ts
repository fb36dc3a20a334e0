// The share link: preset, patches, changed levers, seed and days (plus language and mode) as URL
// query parameters, e.g. `?preset=training&patch=rec-smart,shock-epidemic&seed=1&days=60&set.staffing.helpersPerGrid=2`;
// configuration B of compare mode under `b.` (`b.patch=…`, `b.seed=…`, `b.set.<lever>=…`), and the
// view: replications (`reps`), the map's metric (`map`) and street (`street`).
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
  /** Configuration B of compare mode (its own patches, levers and seed); undefined: the bare preset. */
  baseline?: Baseline;
  /** Replications asked for (2–30). */
  reps?: number;
  /** The map's metric. */
  map?: string;
  /** The street the map is zoomed into (checked against the district once it is built). */
  street?: number;
  /** A warm-start fork: `levers` hold until `day`, the trunk's levers (`fork=day`, `trunk.set.<lever>=…`). */
  fork?: { day: number; trunk: LeverValues };
}

export interface Baseline { patches: string[]; levers: LeverValues; seed?: number }

export const REPS_MIN = 2;
export const REPS_MAX = 30;

export interface ShareContext {
  levers: readonly Lever[];
  presets: readonly string[];
  /** Patch ids in the registry's order. */
  patches: readonly string[];
  maxDays: number;
  /** The map's metrics. */
  mapMetrics: readonly string[];
}

/** Why a lever value does not fit, as data. */
export type LeverError =
  | { kind: 'number' | 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'choice'; choices: string[] }
  | { kind: 'date'; min: string; max: string };

/** A parameter of a link that could not be used (the page puts it into words). */
/** `arm: 'b'`: the parameter is configuration B's (`b.patch`, `b.seed`, `b.set.…`). */
export type ShareProblem =
  | { param: 'preset'; got: string; known: string[] }
  | { param: 'seed' | 'days' | 'reps' | 'fork'; got: string; min: number; max: number; arm?: 'b' }
  | { param: 'street'; got: string; max?: number }
  | { param: 'lang'; got: string }
  | { param: 'mode'; got: string }
  | { param: 'map'; got: string; known: string[] }
  | { param: 'patch'; got: string; known: string[]; arm?: 'b' }
  | { param: 'lever'; id: string; got: string; unknown: true; arm?: 'b' | 'trunk' }
  | { param: 'lever'; id: string; got: string; unknown?: false; expected: LeverError; arm?: 'b' | 'trunk' };

const PREFIX = 'set.';
/** Configuration B's parameters start with this. */
const B = 'b.';
/** The levers before a fork. */
const TRUNK = 'trunk.';

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
  const b = s.baseline;
  if (b) {
    if (b.patches.length) q.set(`${B}patch`, b.patches.join(','));
    if (b.seed !== undefined) q.set(`${B}seed`, String(b.seed));
    for (const id of Object.keys(b.levers).sort()) q.set(B + PREFIX + id, leverText(b.levers[id]));
    // B set to the bare preset still says so (the page shows "B: the preset").
    if (!b.patches.length && b.seed === undefined && !Object.keys(b.levers).length) q.set(`${B}patch`, '');
  }
  if (s.fork) {
    q.set('fork', String(s.fork.day));
    for (const id of Object.keys(s.fork.trunk).sort()) q.set(TRUNK + PREFIX + id, leverText(s.fork.trunk[id]));
  }
  if (s.reps !== undefined) q.set('reps', String(s.reps));
  if (s.map !== undefined) q.set('map', s.map);
  if (s.street !== undefined) q.set('street', String(s.street));
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
  const patchList = (name: string, arm?: 'b'): string[] | undefined => {
    const patch = q.getAll(name);
    if (!patch.length) return undefined;
    const ids = patch.flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p !== '');
    for (const id of ids) if (!ctx.patches.includes(id)) problems.push({ param: 'patch', got: id, known: [...ctx.patches], ...(arm ? { arm } : {}) });
    return orderPatches(ids, ctx.patches);
  };
  state.patches = patchList('patch') ?? state.patches;
  const int = (name: string, param: 'seed' | 'days' | 'reps' | 'fork', min: number, max: number, arm?: 'b'): number | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    const x = Number(v);
    if (v.trim() !== '' && Number.isInteger(x) && x >= min && x <= max) return x;
    problems.push({ param, got: v, min, max, ...(arm ? { arm } : {}) });
    return undefined;
  };
  state.seed = int('seed', 'seed', 0, 0xffffffff) ?? state.seed;
  state.days = int('days', 'days', 1, ctx.maxDays) ?? state.days;
  const lang = q.get('lang');
  if (lang === 'zh' || lang === 'en') state.lang = lang;
  else if (lang !== null) problems.push({ param: 'lang', got: lang });
  const mode = q.get('mode');
  if (mode === 'single' || mode === 'compare') state.mode = mode;
  else if (mode !== null) problems.push({ param: 'mode', got: mode });
  const byId = new Map(ctx.levers.map((l) => [l.id, l]));
  const levers = (prefix: string, arm?: 'b' | 'trunk'): LeverValues => {
    const out: LeverValues = {};
    for (const [key, text] of q.entries()) {
      if (!key.startsWith(prefix)) continue;
      const id = key.slice(prefix.length);
      const l = byId.get(id);
      const a = arm ? { arm } : {};
      if (!l) {
        problems.push({ param: 'lever', id, got: text, unknown: true, ...a });
        continue;
      }
      const r = parseLever(l, text);
      if ('error' in r) problems.push({ param: 'lever', id, got: text, expected: r.expected, ...a });
      else out[id] = r.value;
    }
    return out;
  };
  state.levers = levers(PREFIX);
  // Configuration B: present when the link says anything about it.
  if ([...q.keys()].some((k) => k.startsWith(B))) {
    const b: Baseline = { patches: patchList(`${B}patch`, 'b') ?? [], levers: levers(B + PREFIX, 'b') };
    const seed = int(`${B}seed`, 'seed', 0, 0xffffffff, 'b');
    if (seed !== undefined) b.seed = seed;
    state.baseline = b;
  }
  if (q.has('fork')) {
    const day = int('fork', 'fork', 1, state.days - 1);
    const trunk = levers(TRUNK + PREFIX, 'trunk');
    if (day !== undefined) state.fork = { day, trunk };
  } else if ([...q.keys()].some((k) => k.startsWith(TRUNK))) {
    // Levers before a fork but no fork day: reported, not used.
    problems.push({ param: 'fork', got: '', min: 1, max: state.days - 1 });
  }
  const reps = int('reps', 'reps', REPS_MIN, REPS_MAX);
  if (reps !== undefined) state.reps = reps;
  const map = q.get('map');
  if (map !== null) {
    if (ctx.mapMetrics.includes(map)) state.map = map;
    else problems.push({ param: 'map', got: map, known: [...ctx.mapMetrics] });
  }
  const street = q.get('street');
  if (street !== null) {
    const x = Number(street);
    if (street.trim() !== '' && Number.isInteger(x) && x >= 0) state.street = x;
    else problems.push({ param: 'street', got: street });
  }
  return { state, problems };
}

/** Levers whose value differs from the preset's. */
export function changedLevers(values: LeverValues, preset: LeverValues): LeverValues {
  const out: LeverValues = {};
  for (const [id, v] of Object.entries(values)) if (preset[id] !== v) out[id] = v;
  return out;
}
