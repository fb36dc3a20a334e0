// The served OpenAPI document validates against the official OpenAPI 3 schema (shipped inside
// @seriousme/openapi-schema-validator: nothing is fetched), and lists every lever id with its
// type and range (#/components/schemas/LeverValues, referred to wherever lever values appear).
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toOpenApi30 } from '../../api/plugins/openapi.ts';
import { LEVERS } from '../../sim/index.ts';
import { get, testApp } from './helpers.ts';

let app: FastifyInstance;
let doc: any;
beforeAll(async () => {
  app = await testApp();
  const res = await get(app, '/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => { await app.close(); });

async function validate(d: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  return new Validator().validate(structuredClone(d) as Parameters<Validator['validate']>[0]);
}

describe('/openapi.json against the OpenAPI 3 schema', () => {
  test('is a valid OpenAPI 3.0 document', async () => {
    const v = new Validator();
    const r = await v.validate(structuredClone(doc));
    expect(r.errors ?? []).toEqual([]);
    expect(r.valid).toBe(true);
    expect(v.version).toBe('3.0');
  });

  test('the validator refuses what OpenAPI 3.0 does not allow (so the check above can fail)', async () => {
    const withConst = structuredClone(doc);
    withConst.components.schemas.LeverValues.properties['grid.discretion'] = { const: 1 };
    expect((await validate(withConst)).valid).toBe(false);
    const noResponses = structuredClone(doc);
    delete noResponses.paths['/v1/runs'].post.responses;
    expect((await validate(noResponses)).valid).toBe(false);
    const badType = structuredClone(doc);
    badType.paths['/v1/runs'].post.requestBody.content['application/json'].schema.type = 'record';
    expect((await validate(badType)).valid).toBe(false);
  });

  test('toOpenApi30 turns const into enum and a union of literals into one enum', () => {
    expect(toOpenApi30({ anyOf: [{ const: 'a', type: 'string' }, { const: 'b', type: 'string' }], default: 'a' }))
      .toEqual({ type: 'string', enum: ['a', 'b'], default: 'a' });
    expect(toOpenApi30({ const: 3 })).toEqual({ enum: [3], type: 'number' });
    expect(toOpenApi30({ anyOf: [{ type: 'number' }, { type: 'boolean' }] })).toEqual({ anyOf: [{ type: 'number' }, { type: 'boolean' }] });
  });
});

describe('lever values in the OpenAPI document', () => {
  test('every lever id is listed with its type and range, and nothing else', () => {
    const lv = doc.components.schemas.LeverValues;
    expect(lv.type).toBe('object');
    expect(lv.additionalProperties).toBe(false);
    expect(Object.keys(lv.properties).sort()).toEqual(LEVERS.map((l) => l.id).sort());
    for (const l of LEVERS) {
      const p = lv.properties[l.id];
      const at = `lever ${l.id}`;
      switch (l.kind) {
        case 'number':
        case 'integer':
          expect({ at, type: p.type, minimum: p.minimum, maximum: p.maximum }).toEqual({ at, type: l.kind, minimum: l.min, maximum: l.max });
          break;
        case 'boolean':
          expect({ at, type: p.type }).toEqual({ at, type: 'boolean' });
          break;
        case 'choice':
          expect({ at, type: p.type, enum: p.enum }).toEqual({ at, type: 'string', enum: l.choices.map((c) => c.value) });
          break;
        case 'date':
          expect({ at, type: p.type, pattern: p.pattern }).toEqual({ at, type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
          expect(p.description, at).toContain(l.min);
          expect(p.description, at).toContain(l.max);
          break;
      }
      expect(p.default, at).toEqual(l.default);
    }
  });

  test('requests and responses refer to it wherever lever values appear', () => {
    const ref = { $ref: '#/components/schemas/LeverValues' };
    const run = doc.paths['/v1/runs'].post.requestBody.content['application/json'].schema;
    expect(run.properties.set).toEqual(ref);
    const scenarioLevers = run.properties.scenario.properties.levers;
    expect(scenarioLevers).toEqual(ref);
    const text = JSON.stringify(doc);
    // No lever-values object is left inline (the loose request form carries the same title):
    // the title appears once, in the component.
    expect(text.split('"title":"LeverValues"').length - 1).toBe(1);
    expect(text.split('"$ref":"#/components/schemas/LeverValues"').length - 1).toBeGreaterThan(5);
  });
});
