// What travels through Redis: a queued job (the RunJob, the engine version it was planned for)
// and its result (each output's manifest, summary and daily series). Series go as the raw
// little-endian float64 bytes, deflated and base64-encoded: exact to the bit (NaN included) and
// about a third of the size of JSON numbers. The job id is a content hash of the job, so the
// same run submitted twice (a resume, two experiments sharing runs) is one job in the queue.
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { canonicalJson, ENGINE_VERSION, verifyDigest, type Manifest } from '../../sim/index.ts';
import { asRunResult, type JobOutput, type RunJob } from '../../sim/experiments/index.ts';
import type { Places } from '../../sim/index.ts';

export const WIRE_FORMAT = 1;

/** The data of a queued job. */
export interface QueuedRun {
  format: typeof WIRE_FORMAT;
  engineVersion: string;
  job: RunJob;
}

export interface WireOutput {
  manifest: Manifest;
  /** Metric → value; non-finite values as the strings "NaN", "Infinity", "-Infinity". */
  summary: Record<string, number | string>;
  series: { names: string[]; days: number; data: string };
  fork?: { day: number; trunkScenarioHash: string };
  /** The run's other tables (plain JSON), so a queued run's result is as whole as a local one. */
  extras?: JobOutput['extras'];
  /** Outcomes by place (NaN as null). */
  places?: Places;
}

/** A worker's return value. */
export interface RunResultMessage {
  format: typeof WIRE_FORMAT;
  engineVersion: string;
  /** One per output, in order (the trunk first for a fork). */
  digests: string[];
  outputs: WireOutput[];
  millis: number;
  worker: string;
}

if (endianness() !== 'LE') throw new Error('govsim queue: series are sent as little-endian float64; this machine is big-endian');

/** The queue's id of a job: a hash of the engine version and the job's canonical JSON. */
export function jobIdOf(job: RunJob, engineVersion = ENGINE_VERSION): string {
  return `run-${createHash('sha256').update(canonicalJson({ engineVersion, job })).digest('hex').slice(0, 40)}`;
}

export function queuedRun(job: RunJob): QueuedRun {
  return { format: WIRE_FORMAT, engineVersion: ENGINE_VERSION, job };
}

function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decodeNumber(x: number | string): number {
  return typeof x === 'number' ? x : Number(x);
}

export function encodeOutputs(outs: JobOutput[]): WireOutput[] {
  return outs.map((o) => {
    const days = o.series.names.length ? o.series.values[o.series.names[0]].length : 0;
    const bytes = Buffer.concat(o.series.names.map((n) => {
      const v = o.series.values[n];
      if (v.length !== days) throw new RangeError(`series ${n} has ${v.length} days, expected ${days}`);
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }));
    const summary: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(o.summary)) summary[k] = encodeNumber(v);
    const w: WireOutput = { manifest: o.manifest, summary, series: { names: o.series.names, days, data: deflateRawSync(bytes).toString('base64') } };
    if (o.fork) w.fork = o.fork;
    if (o.extras) w.extras = o.extras;
    if (o.places) w.places = o.places;
    return w;
  });
}

export function decodeOutputs(ws: WireOutput[]): JobOutput[] {
  return ws.map((w) => {
    const { names, days } = w.series;
    const bytes = inflateRawSync(Buffer.from(w.series.data, 'base64'));
    if (bytes.length !== names.length * days * 8) throw new RangeError(`result series hold ${bytes.length} bytes, expected ${names.length} × ${days} × 8`);
    const values: Record<string, Float64Array> = {};
    names.forEach((n, i) => {
      // Copy into an aligned buffer of its own (Buffer pools are not 8-byte aligned).
      const v = new Float64Array(days);
      new Uint8Array(v.buffer).set(bytes.subarray(i * days * 8, (i + 1) * days * 8));
      values[n] = v;
    });
    const summary: Record<string, number> = {};
    for (const [k, v] of Object.entries(w.summary)) summary[k] = decodeNumber(v);
    const out: JobOutput = { manifest: w.manifest, summary, series: { names: [...names], values } };
    if (w.fork) out.fork = w.fork;
    if (w.extras) out.extras = w.extras;
    if (w.places) out.places = w.places;
    return out;
  });
}

export function resultMessage(outs: JobOutput[], millis: number, worker: string): RunResultMessage {
  return { format: WIRE_FORMAT, engineVersion: ENGINE_VERSION, digests: outs.map((o) => o.manifest.digest), outputs: encodeOutputs(outs), millis, worker };
}

/** Check a worker's return value and decode it; errors say what was wrong. */
export function readResultMessage(value: unknown): { digests: string[]; outputs: JobOutput[]; worker: string; millis: number } {
  const m = value as RunResultMessage;
  if (!m || typeof m !== 'object' || m.format !== WIRE_FORMAT || !Array.isArray(m.outputs) || !Array.isArray(m.digests)) {
    throw new TypeError(`a job result is not a govsim result of format ${WIRE_FORMAT} (got ${typeof value === 'object' ? JSON.stringify(value)?.slice(0, 80) : String(value)})`);
  }
  const outputs = decodeOutputs(m.outputs);
  const digests = outputs.map((o) => o.manifest.digest);
  if (digests.join() !== m.digests.join()) throw new TypeError(`a job result lists digests ${m.digests.join(', ')} but its outputs carry ${digests.join(', ')}`);
  // The producer does not trust a worker's digest: it is recomputed from the outputs themselves
  // (where the worker sent every series; a run asked for fewer carries too little to recompute).
  outputs.forEach((o, i) => {
    const whole = asRunResult(o);
    if (whole && !verifyDigest(whole)) throw new TypeError(`a job result's output ${i} carries digest ${o.manifest.digest}, but its contents give another: refused`);
  });
  return { digests, outputs, worker: String(m.worker ?? '?'), millis: Number(m.millis ?? NaN) };
}
