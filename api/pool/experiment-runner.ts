// Runs an experiment plan on a pool: skips jobs already saved in the checkpoint (when resuming),
// appends each finished job to the checkpoint as one JSON line, and gathers the outputs into a
// table by scenario and replication, in the plan's fixed order, whatever order jobs finished in.
// A failed job is reported with its scenario and seed and is not saved, so a resume retries it.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  jobPayload, toJsonText, type ExperimentPlan, type JobOutput, type OutputTable, type RunFailure,
} from '../../sim/experiments/index.ts';
import { createPool, type Pool, type Progress } from './pool.ts';

export interface RunPlanOptions {
  /** Worker threads (0 = in-process); or an existing pool to use (not closed here). */
  workers?: number;
  pool?: Pool;
  /** JSON-lines file finished jobs are saved to. */
  checkpoint?: string;
  /** Load finished jobs from the checkpoint instead of starting it afresh. */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress & { restored: number }) => void;
}

export interface RunPlanResult {
  table: OutputTable;
  failures: RunFailure[];
  cancelled: boolean;
  /** Jobs taken from the checkpoint, jobs run now, jobs finished in all (restored + run − failed). */
  restored: number;
  ran: number;
  finished: number;
  wallSeconds: number;
}

interface CheckpointLine {
  planHash: string;
  job: string;
  outputs: unknown[];
}

function revive(o: any): JobOutput {
  const values: Record<string, Float64Array> = {};
  for (const n of o.series.names) values[n] = Float64Array.from(o.series.values[n] as (number | null)[], (x) => (x === null ? NaN : x));
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(o.summary as Record<string, number | null>)) summary[k] = v === null ? NaN : v;
  return { manifest: o.manifest, summary, series: { names: o.series.names, values }, ...(o.fork ? { fork: o.fork } : {}), ...(o.places ? { places: o.places } : {}) };
}

/** Finished jobs saved for this plan (lines of other plans, or torn lines, are ignored). */
export function readCheckpoint(path: string, plan: ExperimentPlan): { saved: Map<string, JobOutput[]>; foreign: number } {
  const saved = new Map<string, JobOutput[]>();
  let foreign = 0;
  if (!existsSync(path)) return { saved, foreign };
  const keys = new Set(plan.jobs.map((j) => j.key));
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let rec: CheckpointLine;
    try {
      rec = JSON.parse(line) as CheckpointLine;
    } catch {
      continue; // a line torn by an interruption
    }
    if (rec.planHash !== plan.planHash || !keys.has(rec.job)) { foreign++; continue; }
    saved.set(rec.job, rec.outputs.map(revive));
  }
  return { saved, foreign };
}

export async function runPlan(plan: ExperimentPlan, opts: RunPlanOptions = {}): Promise<RunPlanResult> {
  const t0 = Date.now();
  const table: OutputTable = plan.scenarios.map(() => new Array(plan.reps).fill(undefined));
  const place = (jobIndex: number, outputs: JobOutput[]) => {
    const job = plan.jobs[jobIndex];
    job.scenarios.forEach((s, k) => { table[s][job.replication] = outputs[k]; });
  };
  let restored = 0;
  if (opts.checkpoint) {
    if (opts.resume) {
      const { saved } = readCheckpoint(opts.checkpoint, plan);
      plan.jobs.forEach((j, i) => {
        const outs = saved.get(j.key);
        if (outs && outs.length === j.scenarios.length) { place(i, outs); restored++; }
      });
      // Rewrite the checkpoint with only this plan's finished jobs.
      writeFileSync(opts.checkpoint, plan.jobs.filter((j) => saved.has(j.key))
        .map((j) => `${toJsonText({ planHash: plan.planHash, job: j.key, outputs: saved.get(j.key) })}\n`).join(''));
    } else writeFileSync(opts.checkpoint, '');
  }
  const todo = plan.jobs.map((_, i) => i).filter((i) => table[plan.jobs[i].scenarios[0]][plan.jobs[i].replication] === undefined);
  const failures: RunFailure[] = [];
  const pool = opts.pool ?? createPool(opts.workers);
  let ran = 0;
  let cancelled = false;
  try {
    const outcomes = await pool.run(todo.map((i) => jobPayload(plan, plan.jobs[i])), {
      signal: opts.signal,
      onResult: (k, o) => {
        const i = todo[k];
        const job = plan.jobs[i];
        if (o.ok) {
          ran++;
          place(i, o.outputs);
          if (opts.checkpoint) appendFileSync(opts.checkpoint, `${toJsonText({ planHash: plan.planHash, job: job.key, outputs: o.outputs })}\n`);
        } else if (!o.cancelled) {
          ran++;
          for (const s of job.scenarios) failures.push({ scenario: plan.scenarios[s].key, replication: job.replication, seed: job.seed, error: o.error });
        }
      },
      onProgress: (p) => opts.onProgress?.({ ...p, done: p.done + restored, total: p.total + restored, restored }),
    });
    cancelled = Boolean(opts.signal?.aborted) || outcomes.some((o) => o === undefined || (!o.ok && o.cancelled));
  } finally {
    if (!opts.pool) await pool.close();
  }
  // Failures in a fixed order (completion order varies with the number of workers).
  const order = new Map(plan.scenarios.map((s, i) => [s.key, i]));
  failures.sort((a, b) => a.replication - b.replication || order.get(a.scenario)! - order.get(b.scenario)!);
  const finished = plan.jobs.filter((j) => table[j.scenarios[0]][j.replication] !== undefined).length;
  return { table, failures, cancelled, restored, ran, finished, wallSeconds: (Date.now() - t0) / 1000 };
}
