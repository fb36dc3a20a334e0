// /v1/experiments: submit a comparison, a sweep or a sensitivity analysis (planned by the shared
// experiment library, sim/experiments), then the reads every job has. The result is the same
// experiment document `govsim compare|sweep|sensitivity` writes as experiment.json.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../schemas/common.ts';
import {
  CompareRequest, ExperimentResult, JobStatus, SensitivityRequest, SweepRequest,
} from '../schemas/job.ts';
import { registerJobReads } from './job-reads.ts';
import { submit } from './job-status.ts';

const responses = { 200: JobStatus, 202: JobStatus, ...errorResponses(400, 401, 403, 413, 415, 421, 429, 503) };
const cacheNote = ' Identical requests are answered from the store (`X-Govsim-Cache: hit` or `joined`).';

export default async function experimentRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/compare', {
    schema: {
      tags: ['experiments'], summary: 'Submit a comparison: a baseline and reforms over paired replications',
      description: `Replication k of every scenario uses seed + k (common random numbers), so differences are paired.${cacheNote}`,
      body: CompareRequest, response: responses,
    },
  }, async (request, reply) => {
    return submit(app, request, reply, 'compare', request.body);
  });

  app.post('/sweep', {
    schema: {
      tags: ['experiments'], summary: 'Submit a sweep: full factorial or Latin hypercube over levers',
      description: `Each factor is a lever with a range (numbers) or a list of values.${cacheNote}`,
      body: SweepRequest, response: responses,
    },
  }, async (request, reply) => {
    return submit(app, request, reply, 'sweep', request.body);
  });

  app.post('/sensitivity', {
    schema: {
      tags: ['experiments'], summary: 'Submit a sensitivity analysis: Morris elementary effects or Sobol indices',
      description: `Morris costs trajectories·(k+1) points, Sobol samples·(k+2), each times replications.${cacheNote}`,
      body: SensitivityRequest, response: responses,
    },
  }, async (request, reply) => {
    return submit(app, request, reply, 'sensitivity', request.body);
  });

  registerJobReads(app, { kinds: ['compare', 'sweep', 'sensitivity'], tag: 'experiments', noun: 'experiment', resultSchema: ExperimentResult });
}
