// Validation errors as problems (sim/schema/problems.ts): TypeBox 1.x reports Ajv-style errors
// (a union once per branch, `required` and `additionalProperties` on the parent object); these
// become one problem per offending field, naming its path and what it expects.
import { describe, expect, it } from 'vitest';
import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { pointerToPath, schemaProblems } from '../../sim/schema/problems.ts';
import { ClientMessage, DecideMessage, ServerMessage } from '../../api/workshop/messages.ts';

const problems = (schema: TSchema, value: unknown) =>
  schemaProblems(Value.Errors(schema, value)).map((p) => `${pointerToPath(p.pointer) || '(root)'} ${p.message}${p.unknown ? ' [unknown]' : ''}`);

const LeverValue = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 3 })]);
const Patch = Type.Object({ id: Type.String(), n: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
const Body = Type.Object({
  seed: Type.Optional(Type.Integer({ minimum: 0 })),
  lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
  patches: Type.Optional(Type.Array(Type.Union([Type.String(), Patch]))),
  set: Type.Optional(Type.Object({ a: Type.Optional(LeverValue) }, { additionalProperties: LeverValue })),
  district: Type.Optional(Type.Object({ name: Type.String(), size: Type.Number() }, { additionalProperties: false })),
}, { additionalProperties: false });

describe('validation errors as problems', () => {
  it('a value that fits has none', () => {
    expect(problems(Body, { seed: 1, lang: 'en', patches: ['x', { id: 'y', n: 2 }], set: { a: 1, b: 'on' } })).toEqual([]);
  });

  it('names each missing field and each unknown one by its own path', () => {
    expect(new Set(problems(Body, { district: { extra: 1 }, bogus: true }))).toEqual(new Set([
      'district.name is required', 'district.size is required', 'district.extra is not a known field [unknown]', 'bogus is not a known field [unknown]',
    ]));
  });

  it('says what a field expects: a type, a bound, the allowed constants', () => {
    expect(problems(Body, { seed: 'x' })).toEqual(['seed must be integer']);
    expect(problems(Body, { seed: -1 })).toEqual(['seed must be >= 0']);
    expect(problems(Body, { lang: 'fr' })).toEqual(['lang must be "zh" or "en"']);
  });

  it('reports a union once: by the branch of the value\'s type, else by the types it accepts', () => {
    expect(problems(Body, { patches: ['ok', 5] })).toEqual(['patches[1] must be string or object']);
    expect(problems(Body, { patches: [{ id: 'y', n: 1.5, q: 1 }] })).toEqual(['patches[0].q is not a known field [unknown]', 'patches[0].n must be integer']);
    expect(problems(Body, { set: { a: null } })).toEqual(['set.a must be number, boolean or string']);
    expect(problems(Body, { set: { a: 'long' } })).toEqual(['set.a must not have more than 3 characters']);
    // A schema-valued additionalProperties: the value's own problem, not "unknown field".
    expect(problems(Body, { set: { zz: [1] } })).toEqual(['set.zz must be number, boolean or string']);
  });

  it('the workshop\'s messages: a discriminated union names the wrong field of the one message it could be', () => {
    expect(problems(ClientMessage, { type: 'decide', levers: { x: [] } })).toEqual(['levers.x must be number, boolean or string']);
    expect(problems(ClientMessage, { type: 'nonsense' })).toEqual([expect.stringMatching(/^\(root\) matches none of the \d+ allowed forms$/)]);
    expect(problems(ClientMessage, 5)).toEqual([expect.stringMatching(/^\(root\) must be object$/)]);
  });

  it('reads Ajv\'s own forms too (missingProperty, additionalProperty)', () => {
    expect(schemaProblems([
      { keyword: 'required', instancePath: '/a', schemaPath: '#/properties/a/required', params: { missingProperty: 'b' }, message: "must have required property 'b'" },
      { keyword: 'additionalProperties', instancePath: '', schemaPath: '#/additionalProperties', params: { additionalProperty: 'c/d' }, message: 'must NOT have additional properties' },
    ])).toEqual([{ pointer: '/a/b', message: 'is required' }, { pointer: '/c~1d', message: 'is not a known field', unknown: true }]);
    expect(pointerToPath('/c~1d/0/e~0f')).toBe('c/d[0].e~f');
  });
});

describe('the workshop message schema', () => {
  it('its string records are the schema TypeBox\'s Record writes', () => {
    const levers = (DecideMessage as unknown as { properties: { levers: object } }).properties.levers;
    expect(JSON.stringify(levers)).toBe(JSON.stringify(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 40 })]), { maxProperties: 32 })));
    expect(Value.Check(ServerMessage, { type: 'state', view: null })).toBe(false);
    expect(Value.Check(DecideMessage, { type: 'decide', levers: { 'grid.discretion': 0.5 }, final: true })).toBe(true);
    expect(Value.Check(DecideMessage, { type: 'decide', levers: { 'grid.discretion': {} } })).toBe(false);
  });
});
