// A small checker for the plain JSON Schema of a scenario and a patch (sim/schema/plain.ts,
// generated from the TypeBox objects of sim/schema/index.ts and tested equal to them), for the
// engine's own validation: `govsim run` and the sandbox's worker check with it so that they
// load neither TypeBox's type builder nor its validator (about 500 modules, 90 KB in the
// worker bundle). It covers the keywords those schemas use (type, const, required,
// properties, additionalProperties: false, min/maxLength, pattern, minimum/maximum,
// min/maxItems, items) and reports errors as TypeBox 1.x does (Ajv-style), for
// sim/schema/problems.ts. test/sim/schema-check.test.ts checks it finds the same problems as
// TypeBox's own validator; a keyword it does not know is refused, never silently ignored.
import type { SchemaError } from './problems.ts';

export type PlainSchema = { readonly [keyword: string]: unknown };

const KNOWN = new Set(['type', 'const', 'required', 'properties', 'additionalProperties', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems', 'items']);
const patterns = new Map<string, RegExp>();

function typeOk(type: unknown, v: unknown): boolean {
  switch (type) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    default: throw new Error(`sim/schema/check.ts: unknown type ${JSON.stringify(type)}`);
  }
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function walk(s: PlainSchema, v: unknown, ip: string, sp: string, out: SchemaError[]): void {
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`sim/schema/check.ts: keyword "${k}" at ${sp} is not supported`);
  const err = (keyword: string, params: Record<string, unknown>, message: string) => out.push({ keyword, schemaPath: sp, instancePath: ip, params, message });
  if (s.type !== undefined && !typeOk(s.type, v)) { err('type', { type: s.type }, `must be ${String(s.type)}`); return; }
  if (s.const !== undefined && v !== s.const) { err('const', { allowedValue: s.const }, `must be equal to constant`); return; }
  if (typeof v === 'string') {
    const n = [...v].length;
    if (typeof s.minLength === 'number' && n < s.minLength) err('minLength', { limit: s.minLength }, `must not have fewer than ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && n > s.maxLength) err('maxLength', { limit: s.maxLength }, `must not have more than ${s.maxLength} characters`);
    if (typeof s.pattern === 'string') {
      let re = patterns.get(s.pattern);
      if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
      if (!re.test(v)) err('pattern', { pattern: s.pattern }, `must match pattern "${s.pattern}"`);
    }
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) err('minimum', { comparison: '>=', limit: s.minimum }, `must be greater or equal to ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) err('maximum', { comparison: '<=', limit: s.maximum }, `must be less or equal to ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) err('minItems', { limit: s.minItems }, `must not have fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) err('maxItems', { limit: s.maxItems }, `must not have more than ${s.maxItems} items`);
    if (s.items) v.forEach((x, i) => walk(s.items as PlainSchema, x, `${ip}/${i}`, `${sp}/items`, out));
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, PlainSchema>;
    const missing = ((s.required ?? []) as string[]).filter((k) => !Object.hasOwn(o, k) || o[k] === undefined);
    if (missing.length) err('required', { requiredProperties: missing }, `must have required properties ${missing.join(', ')}`);
    for (const [k, ps] of Object.entries(props)) if (Object.hasOwn(o, k) && o[k] !== undefined) walk(ps, o[k], `${ip}/${esc(k)}`, `${sp}/properties/${esc(k)}`, out);
    if (s.additionalProperties === false) {
      const extra = Object.keys(o).filter((k) => !Object.hasOwn(props, k));
      if (extra.length) err('additionalProperties', { additionalProperties: extra }, 'must not have additional properties');
    } else if (s.additionalProperties !== undefined) throw new Error(`sim/schema/check.ts: additionalProperties at ${sp} must be false or absent`);
  }
}

/** Every error of `value` against a plain schema, as TypeBox 1.x reports them (for schemaProblems). */
export function plainErrors(schema: PlainSchema, value: unknown): SchemaError[] {
  const out: SchemaError[] = [];
  walk(schema, value, '', '#', out);
  return out;
}
