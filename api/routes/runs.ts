// /v1/runs: submit a run (one scenario, some replications; 202 with its id, or 200 straight
// from the store when an identical run is done), then the reads every job has.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../schemas/common.ts';
import { JobStatus, RunRequest, RunResult } from '../schemas/job.ts';
import { registerJobReads } from './job-reads.ts';
import { submit } from './job-status.ts';

export default async function runRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.post('', {
    schema: {
      tags: ['runs'], summary: 'Submit a run',
      description: 'Queues a run of one scenario over `replications` seeds (seed, seed+1, …) and answers 202 with the job status and a Location. '
        + 'If an identical run (same scenario hash, seed, days, replications and engine version) is done already, the answer is 200 '
        + 'with that job and `X-Govsim-Cache: hit`; if one is under way, 202 with that job and `X-Govsim-Cache: joined`.',
      body: RunRequest,
      response: { 200: JobStatus, 202: JobStatus, ...errorResponses(400, 401, 403, 413, 415, 421, 429, 503) },
    },
  }, async (request, reply) => {
    return submit(app, request, reply, 'run', request.body);
  });

  registerJobReads(app, { kinds: ['run'], tag: 'runs', noun: 'run', resultSchema: RunResult });
}
