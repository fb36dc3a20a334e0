// POST /v1/validate: check a scenario input (preset or scenario, patches, set) without running
// it. 200 with its hash and resolved levers, or 400 naming every problem.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { resolvedLevers, scenarioHash } from '../../sim/index.ts';
import { errorResponses } from '../schemas/common.ts';
import { ValidateRequest, ValidateResponse } from '../schemas/scenario.ts';
import { resolveScenarioInput } from '../store/plan.ts';

export default async function validateRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/validate', {
    schema: {
      tags: ['runs'], summary: 'Validate a scenario input without running it', body: ValidateRequest,
      response: { 200: ValidateResponse, ...errorResponses(400, 401, 413, 415, 429) },
    },
  }, async (request) => {
    const s = resolveScenarioInput(request.body, '', app.limits);
    return {
      valid: true as const, scenarioId: s.id, scenarioHash: scenarioHash(s),
      residents: s.district.streets.reduce((n, st) => n + st.population, 0), levers: resolvedLevers(s),
    };
  });
}
