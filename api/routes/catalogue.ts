// The catalogues: scenario presets (GET /v1/presets, /v1/presets/:id gives the whole scenario
// or patch), the lever catalogue (GET /v1/levers) and the engine's outputs (GET /v1/outputs).
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { LEVERS, LEVER_GROUPS, METRICS, SERIES, describeExpected } from '../../sim/index.ts';
import { getPatch, getScenario, listPresets } from '../../scenarios/index.ts';
import { ApiError } from '../plugins/errors.ts';
import { LeverCatalogue, LeverQuery, OutputCatalogue, PresetList, PresetParams } from '../schemas/catalogue.ts';
import { errorResponses } from '../schemas/common.ts';
import { Patch, Scenario } from '../schemas/scenario.ts';

export default async function catalogueRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/presets', {
    schema: { tags: ['meta'], summary: 'Scenario and patch presets', response: { 200: PresetList, ...errorResponses(401, 429) } },
  }, async () => ({ items: listPresets() }));

  app.get('/presets/:id', {
    schema: {
      tags: ['meta'], summary: 'One preset in full (a scenario or a patch)', params: PresetParams,
      response: { 200: Type.Union([Scenario, Patch]), ...errorResponses(400, 401, 404, 429) },
    },
  }, async (request) => {
    const { id } = request.params;
    const found = getScenario(id) ?? getPatch(id);
    if (!found) throw new ApiError(404, 'not_found', `no preset "${id}"; GET /v1/presets lists them`, { field: 'id' });
    return found;
  });

  const items = LEVERS.map((l) => ({ ...l, expected: describeExpected(l) }));
  app.get('/levers', {
    schema: {
      tags: ['meta'], summary: 'The lever catalogue: ids, kinds, ranges, defaults and meanings', querystring: LeverQuery,
      response: { 200: LeverCatalogue, ...errorResponses(400, 401, 429) },
    },
  }, async (request) => {
    const { group } = request.query;
    if (group !== undefined && !LEVER_GROUPS.some((g) => g.id === group)) {
      throw new ApiError(400, 'invalid_request', `unknown lever group "${group}"`, { field: 'group', expected: LEVER_GROUPS.map((g) => g.id).join(', ') });
    }
    return { groups: LEVER_GROUPS, items: group ? items.filter((l) => l.group === group) : items };
  });

  app.get('/outputs', {
    schema: { tags: ['meta'], summary: 'Daily series and summary metrics a run produces', response: { 200: OutputCatalogue, ...errorResponses(401, 429) } },
  }, async () => ({ series: [...SERIES], metrics: [...METRICS] }));
}
