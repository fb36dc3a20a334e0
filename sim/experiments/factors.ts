// Factors of a sweep or a sensitivity analysis: a lever and the values it may take (a range
// within the lever's own, or a list of values). Designs work on the unit interval; `factorValue`
// maps a unit coordinate to a valid lever value (snapped to the lever's step, booleans at 0.5,
// choices by equal slices), so every design point passes the scenario's validation.
import { checkLeverValue, getLever, type Lever, type LeverValue } from '../index.ts';

export interface Factor {
  lever: string;
  /** For numeric levers: the range explored (within the lever's own range). */
  min?: number;
  max?: number;
  /** An explicit list of values (choices, booleans or numbers); overrides min/max. */
  values?: LeverValue[];
  /** Levels of a full-factorial design over [min, max] (default 3). */
  levels?: number;
}

export interface FactorProblem {
  path: string;
  message: string;
  value?: unknown;
  expected?: string;
}

function leverOf(f: Factor): Lever {
  const l = getLever(f.lever);
  if (!l) throw new RangeError(`unknown lever "${f.lever}"`);
  return l;
}

/** Problems with a factor list (unknown lever, range outside the lever's, repeated lever, …). */
export function checkFactors(factors: Factor[], path = 'factors'): FactorProblem[] {
  const problems: FactorProblem[] = [];
  const seen = new Set<string>();
  if (factors.length === 0) problems.push({ path, message: `${path} must name at least one lever`, value: factors, expected: 'one or more factors' });
  factors.forEach((f, i) => {
    const p = `${path}[${i}]`;
    const l = getLever(f.lever);
    if (!l) {
      problems.push({ path: `${p}.lever`, message: `unknown lever "${f.lever}"`, value: f.lever, expected: 'a lever id from `govsim levers`' });
      return;
    }
    if (seen.has(f.lever)) problems.push({ path: `${p}.lever`, message: `lever "${f.lever}" is given twice`, value: f.lever, expected: 'each lever once' });
    seen.add(f.lever);
    if (f.values) {
      if (f.values.length < 1) problems.push({ path: `${p}.values`, message: `${f.lever}: give at least one value`, value: f.values, expected: 'values' });
      for (const v of f.values) {
        const prob = checkLeverValue(f.lever, v, `${f.lever}`);
        if (prob) problems.push({ ...prob, path: `${p}.values` });
      }
      return;
    }
    if (l.kind === 'date') {
      problems.push({ path: `${p}`, message: `${f.lever} is a date lever; give its values as a list`, value: f.lever, expected: 'a list of dates' });
      return;
    }
    if (l.kind === 'number' || l.kind === 'integer') {
      const min = f.min ?? l.min;
      const max = f.max ?? l.max;
      for (const [k, v] of [['min', min], ['max', max]] as const) {
        const prob = checkLeverValue(f.lever, v, `${f.lever} ${k}`);
        if (prob) problems.push({ ...prob, path: `${p}.${k}` });
      }
      if (!(min < max)) problems.push({ path: `${p}`, message: `${f.lever}: range ${min}:${max} must have min < max`, value: `${min}:${max}`, expected: 'min < max' });
    } else if (f.min !== undefined || f.max !== undefined) {
      problems.push({ path: `${p}`, message: `${f.lever} is a ${l.kind} lever; a range does not apply (give values)`, value: `${f.min}:${f.max}`, expected: 'a list of values' });
    }
    if (f.levels !== undefined && !(Number.isInteger(f.levels) && f.levels >= 2 && f.levels <= 50)) {
      problems.push({ path: `${p}.levels`, message: `${f.lever}: levels must be an integer in [2, 50], got ${f.levels}`, value: f.levels, expected: 'an integer in [2, 50]' });
    }
  });
  return problems;
}

/** The values a factor can take, listed (choices, booleans, explicit values) or undefined for a numeric range. */
function discreteValues(f: Factor, l: Lever): LeverValue[] | undefined {
  if (f.values) return f.values;
  if (l.kind === 'boolean') return [false, true];
  if (l.kind === 'choice') return l.choices.map((c) => c.value);
  return undefined;
}

function snap(l: Lever, x: number, min: number, max: number): number {
  if (l.kind !== 'number' && l.kind !== 'integer') return x;
  const step = l.step > 0 ? l.step : 0;
  let v = step ? l.min + Math.round((x - l.min) / step) * step : x;
  if (l.kind === 'integer') v = Math.round(v);
  // Tidy binary noise from the step arithmetic (0.1 + 0.2 …) to 12 significant digits.
  v = Number(v.toPrecision(12));
  return Math.min(max, Math.max(min, v));
}

/** The lever value at unit coordinate u ∈ [0, 1]. */
export function factorValue(f: Factor, u: number): LeverValue {
  const l = leverOf(f);
  const list = discreteValues(f, l);
  if (list) return list[Math.min(list.length - 1, Math.floor(u * list.length))];
  const nl = l as Extract<Lever, { kind: 'number' | 'integer' }>;
  const min = f.min ?? nl.min;
  const max = f.max ?? nl.max;
  return snap(nl, min + u * (max - min), min, max);
}

/** Where a lever value sits on the factor's unit interval (for elementary effects after snapping). */
export function factorUnit(f: Factor, v: LeverValue): number {
  const l = leverOf(f);
  const list = discreteValues(f, l);
  if (list) {
    const i = list.findIndex((x) => x === v);
    return list.length > 1 ? i / (list.length - 1) : 0;
  }
  const nl = l as Extract<Lever, { kind: 'number' | 'integer' }>;
  const min = f.min ?? nl.min;
  const max = f.max ?? nl.max;
  return ((v as number) - min) / (max - min);
}

/** The levels of a factor in a full-factorial design. */
export function factorLevels(f: Factor): LeverValue[] {
  const l = leverOf(f);
  const list = discreteValues(f, l);
  if (list) return list;
  const n = f.levels ?? 3;
  const out: LeverValue[] = [];
  for (let i = 0; i < n; i++) {
    const v = factorValue(f, i / (n - 1));
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Parse a factor from text: `lever` (the lever's whole range), `lever=min:max`,
 * `lever=min:max:levels`, or `lever=a,b,c` (values, typed by the lever's kind).
 */
export function parseFactor(text: string, parseValue: (lever: string, text: string) => LeverValue): Factor {
  const eq = text.indexOf('=');
  const lever = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (eq < 0) return { lever };
  const spec = text.slice(eq + 1).trim();
  if (spec.includes(',')) return { lever, values: spec.split(',').map((s) => parseValue(lever, s.trim())) };
  const parts = spec.split(':');
  if (parts.length === 2 || parts.length === 3) {
    const [a, b, c] = parts;
    const f: Factor = { lever, min: Number(a), max: Number(b) };
    if (c !== undefined) f.levels = Number(c);
    if (!Number.isFinite(f.min) || !Number.isFinite(f.max) || (c !== undefined && !Number.isFinite(f.levels))) {
      throw new RangeError(`factor "${text}": expected lever=min:max[:levels] with numbers`);
    }
    return f;
  }
  return { lever, values: [parseValue(lever, spec)] };
}
