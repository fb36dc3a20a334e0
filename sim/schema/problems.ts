// Validation errors (TypeBox 1.x, Ajv-style: keyword, schemaPath, instancePath, params, message)
// as problems a person can act on: one per offending field, each naming the field's path and
// what it expects. Shared by sim/schema (checkAgainst), the HTTP API's error envelope
// (api/plugins/errors.ts) and the workshop's message check (api/workshop/plugin.ts). Pure and
// type-only with respect to TypeBox, so it loads nowhere that does not already validate.
//
// What it does to the raw list:
// - a union (`anyOf`) is reported once, not once per branch: by the one branch whose type the
//   value has (`patches[0]` an object → that object's own problems), else as "must be
//   number, boolean or string" / `must be "zh" or "en"`;
// - `required` names each missing field (`district.householdSize is required`), and
//   `additionalProperties` each unknown one (`set.foo is not a known field`, `unknown: true`);
// - `const` and `enum` say the allowed values.

/** One validation error as TypeBox 1.x (and Ajv) report it. */
export interface SchemaError {
  keyword?: string;
  schemaPath?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

export interface PointedProblem {
  /** JSON pointer to the offending value (`/levers/grid.discretion`, `/district/streets/0`). */
  pointer: string;
  /** What is wrong, without the path (`must be number`, `is required`). */
  message: string;
  /** The field is not one the schema knows. */
  unknown?: boolean;
}

const SHAPE = new Set(['type', 'const', 'enum']);

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointer → dotted path with [i] for array items (`/a/0/b` → `a[0].b`). */
export function pointerToPath(pointer: string, root = ''): string {
  let out = root;
  if (!pointer) return out;
  for (const raw of pointer.split('/').slice(1)) {
    const p = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(p) ? `[${p}]` : `${out ? '.' : ''}${p}`;
  }
  return out;
}

/** How many instance-path segments a schema-path tail descends (`/properties/x/items` → 2). */
function instanceDepth(schemaTail: string): number {
  const parts = schemaTail.split('/').filter(Boolean);
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === 'properties' || p === 'patternProperties' || p === 'prefixItems' || p === 'dependentSchemas') { n++; i++; } else if (p === 'items' || p === 'additionalProperties' || p === 'additionalItems' || p === 'contains' || p === 'unevaluatedProperties' || p === 'unevaluatedItems') n++;
    else if (p === 'anyOf' || p === 'oneOf' || p === 'allOf' || p === '$defs' || p === 'definitions') i++;
  }
  return n;
}

function dropSegments(pointer: string, n: number): string {
  if (n <= 0) return pointer;
  const parts = pointer.split('/');
  return parts.slice(0, Math.max(1, parts.length - n)).join('/');
}

function describeShape(e: SchemaError): string[] {
  const p = e.params ?? {};
  if (e.keyword === 'type') return Array.isArray(p.type) ? p.type.map(String) : [String(p.type)];
  if (e.keyword === 'const') return [JSON.stringify(p.allowedValue)];
  if (e.keyword === 'enum') return Array.isArray(p.allowedValues) ? p.allowedValues.map((v) => JSON.stringify(v)) : [];
  return [];
}

function either(words: string[]): string {
  const w = [...new Set(words)];
  return w.length <= 1 ? (w[0] ?? '') : `${w.slice(0, -1).join(', ')} or ${w[w.length - 1]}`;
}

/** The errors of one value's union (anyOf at `schemaPath`, value at `pointer`), by branch. */
interface UnionGroup { schemaPath: string; pointer: string; branches: Map<number, SchemaError[]>; first: number }

function simplify(errors: readonly SchemaError[], base: number): PointedProblem[] {
  const out: { at: number; p: PointedProblem }[] = [];
  const unions = new Map<string, UnionGroup>();
  errors.forEach((e, at) => {
    const sp = e.schemaPath ?? '';
    const ip = e.instancePath ?? '';
    const m = /\/(anyOf|oneOf)\/(\d+)(?=\/|$)/.exec(sp.slice(base));
    if (m) {
      const start = base + m.index;
      const unionPath = sp.slice(0, start);
      const tail = sp.slice(start + m[0].length);
      const pointer = dropSegments(ip, instanceDepth(tail));
      const key = `${unionPath}\u0000${pointer}`;
      let g = unions.get(key);
      if (!g) unions.set(key, (g = { schemaPath: unionPath, pointer, branches: new Map(), first: at }));
      const k = Number(m[2]);
      const list = g.branches.get(k) ?? [];
      list.push(e);
      g.branches.set(k, list);
      return;
    }
    for (const p of plain(e, errors)) out.push({ at, p });
  });
  for (const g of unions.values()) {
    for (const p of union(g)) out.push({ at: g.first, p });
  }
  out.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const result: PointedProblem[] = [];
  for (const { p } of out) {
    const key = `${p.pointer}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(p);
  }
  return result;
}

function union(g: UnionGroup): PointedProblem[] {
  const branches = [...g.branches.entries()].sort((a, b) => a[0] - b[0]);
  // A branch is ruled out when the value (or its discriminating field) has the wrong type or constant.
  const ruledOut = (errs: SchemaError[]) => errs.some((e) => SHAPE.has(e.keyword ?? '')
    && ((e.instancePath ?? '') === g.pointer || (e.keyword !== 'type' && dropSegments(e.instancePath ?? '', 1) === g.pointer)));
  const candidates = branches.filter(([, errs]) => !ruledOut(errs));
  if (candidates.length === 1) {
    const [k, errs] = candidates[0];
    return simplify(errs, `${g.schemaPath}/anyOf/${k}`.length);
  }
  const shapes = branches.flatMap(([, errs]) => errs.filter((e) => SHAPE.has(e.keyword ?? '') && (e.instancePath ?? '') === g.pointer).flatMap(describeShape));
  const allShapes = branches.every(([, errs]) => errs.some((e) => SHAPE.has(e.keyword ?? '') && (e.instancePath ?? '') === g.pointer));
  if (allShapes && shapes.length) return [{ pointer: g.pointer, message: `must be ${either(shapes)}` }];
  return [{ pointer: g.pointer, message: `matches none of the ${branches.length} allowed forms` }];
}

function plain(e: SchemaError, all: readonly SchemaError[]): PointedProblem[] {
  const ip = e.instancePath ?? '';
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'anyOf': case 'oneOf': {
      // Reported through its branches; alone only when no branch error came with it.
      const sp = e.schemaPath ?? '';
      return all.some((o) => (o.schemaPath ?? '').startsWith(`${sp}/${e.keyword}/`)) ? [] : [{ pointer: ip, message: 'matches none of the allowed forms' }];
    }
    case 'required': {
      const names = Array.isArray(p.requiredProperties) ? p.requiredProperties.map(String) : typeof p.missingProperty === 'string' ? [p.missingProperty] : [];
      return names.map((n) => ({ pointer: `${ip}/${esc(n)}`, message: 'is required' }));
    }
    case 'additionalProperties': {
      const names = Array.isArray(p.additionalProperties) ? p.additionalProperties.map(String) : typeof p.additionalProperty === 'string' ? [p.additionalProperty] : [];
      // A name whose value failed a schema-valued additionalProperties is reported by that failure.
      return names.filter((n) => !all.some((o) => o !== e && o.keyword !== 'boolean' && `${o.instancePath ?? ''}/`.startsWith(`${ip}/${esc(n)}/`)))
        .map((n) => ({ pointer: `${ip}/${esc(n)}`, message: 'is not a known field', unknown: true }));
    }
    case 'boolean':
      if ((e.schemaPath ?? '').endsWith('/additionalProperties')) return [{ pointer: ip, message: 'is not a known field', unknown: true }];
      return [{ pointer: ip, message: 'is not allowed' }];
    case 'const': case 'enum':
      return [{ pointer: ip, message: `must be ${either(describeShape(e))}` }];
    default:
      return [{ pointer: ip, message: e.message ?? 'is invalid' }];
  }
}

/** Validation errors → one problem per offending field, in the order they were found. */
export function schemaProblems(errors: readonly SchemaError[]): PointedProblem[] {
  return simplify(errors, 0);
}
