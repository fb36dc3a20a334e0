// What compare, sweep and sensitivity share: their common options, running a plan on the
// worker pool (or, with --redis, on the BullMQ queue: api/queue) with a progress bar and Ctrl-C
// handling, and writing DIR/experiment.json, DIR/series.csv
// (experiment,scenario,replication,day,metric,value), DIR/summary.csv and DIR/report.html.
// Finished runs are saved to DIR/checkpoint.jsonl as they come in, so an interrupted experiment
// resumes with --resume; the checkpoint is removed once all runs are in.
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { METRICS, SERIES } from '../../sim/index.ts';
import { RUN_DEFAULTS } from '../../sim/schema/index.ts';
import {
  buildDocument, buildReportData, toJsonText, type DocumentOptions, type ExperimentDocument, type ExperimentPlan,
  type OutputTable, type SeriesRequest,
} from '../../sim/experiments/index.ts';
import { readCheckpoint, runPlan } from '../pool/experiment-runner.ts';
import { defaultPoolSize, type Pool } from '../pool/pool.ts';
import { redactRedisUrl } from '../queue/redis-client.ts';
import { QUEUE_DEFAULTS } from '../queue/settings.ts';
import { collect } from './context.ts';
import { fmtDuration } from './format.ts';
import { csvCell, seriesCsvChunks, seriesCsvHeader } from '../../sim/csv.ts';
import { parseDays, parseIntOption, parseSeed, prepareOutputDir, suggest, writeChunks, writeFileAtomic } from './inputs.ts';
import { EXIT, UserError, type CliIo } from './io.ts';
import { equityHtml, placesCsv } from './places-report.ts';
import { renderReport } from './report-html.ts';
import { queueNameOption, redisUrlOption } from './worker.ts';

export interface CommonOptionsText {
  reps?: string;
  workers?: string;
  days?: string;
  seed?: string;
  set?: string[];
  patch?: string[];
  series?: string;
  level?: string;
  out?: string;
  resume?: boolean;
  fresh?: boolean;
  redis?: string;
  queue?: string;
}

export interface CommonOptions {
  reps: number;
  workers: number;
  days: number;
  baseSeed: number;
  series: SeriesRequest | undefined;
  level: number;
  outDir: string;
  outArg: string;
  resume: boolean;
  fresh: boolean;
  /** Run on the BullMQ queue at this Redis (--redis, or GOVSIM_REDIS_URL without --workers). */
  redisUrl?: string;
  queueName: string;
  /** The top folder of --out that did not exist before (removed again if Redis cannot be reached). */
  createdOut?: string;
}

/** Add the options every experiment takes. */
export function addCommonOptions(cmd: Command, defaults: { reps: string; series: string }): Command {
  return cmd
    .option('--reps <n>', 'replications per scenario (replication k uses seed base+k for every scenario)', defaults.reps)
    .option('--workers <k>', `worker threads (default: one per core, ${defaultPoolSize()} here; 0 runs in-process)`)
    .option('--days <n>', 'days to simulate', String(RUN_DEFAULTS.days))
    .option('--seed <n>', 'base seed of the replications', String(RUN_DEFAULTS.seed))
    .option('--set <lever=value>', 'set a lever in every scenario (repeatable)', collect, [])
    .option('--patch <file|preset>', 'lay a patch over the scenario (repeatable; patches stack, conflicts are refused)', collect, [])
    .option('--series <all|none|names>', 'daily series to keep for series.csv and the report (comma-separated names)', defaults.series)
    .option('--level <p>', 'confidence level of the intervals', '0.95')
    .requiredOption('--out <dir>', 'directory for experiment.json, series.csv, summary.csv and report.html')
    .option('--resume', 'keep the finished runs saved in DIR/checkpoint.jsonl and run only the rest')
    .option('--fresh', 'discard finished runs saved in DIR/checkpoint.jsonl and start over')
    .option('--redis <url>', 'run on the BullMQ queue at this Redis instead of local threads (env GOVSIM_REDIS_URL, unless --workers is given); start workers with govsim worker')
    .option('--queue <name>', 'queue name with --redis (env GOVSIM_QUEUE; default govsim)');
}

export function parseSeriesRequest(text: string | undefined): SeriesRequest | undefined {
  if (text === undefined || text === 'all') return text === undefined ? undefined : 'all';
  if (text === 'none') return 'none';
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const known = SERIES.map((s) => s.name);
  for (const n of names) {
    if (!known.includes(n)) {
      const hint = suggest(n, known);
      throw new UserError(`--series: unknown series "${n}"${hint ? ` (did you mean "${hint}"?)` : ''}`, { field: '--series', value: n, expected: 'all, none, or series names' });
    }
  }
  return names;
}

export function parseMetric(name: string, option = '--metric'): string {
  const known = METRICS.map((m) => m.name);
  if (!known.includes(name)) {
    const hint = suggest(name, known);
    throw new UserError(`${option}: unknown metric "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`, { field: option, value: name, expected: 'a metric name from the run summary' });
  }
  return name;
}

export function parseCommon(o: CommonOptionsText, io: CliIo): CommonOptions {
  const reps = parseIntOption('--reps', o.reps ?? '10', 1, 100_000);
  const workers = o.workers === undefined ? defaultPoolSize() : parseIntOption('--workers', o.workers, 0, 256);
  const level = Number(o.level ?? '0.95');
  if (!(level > 0 && level < 1)) throw new UserError(`--level must be a number in (0, 1), got ${JSON.stringify(o.level)}`, { field: '--level', value: o.level, expected: 'a number in (0, 1)' });
  if (o.resume && o.fresh) throw new UserError('--resume and --fresh contradict each other', { field: '--resume', expected: 'one of --resume, --fresh' });
  if (!o.out) throw new UserError('--out is required', { field: '--out', expected: 'a directory' });
  if (o.redis !== undefined && o.workers !== undefined) {
    throw new UserError('--redis and --workers contradict each other: runs go to the queue\'s workers, or to local threads', { field: '--workers', expected: 'one of --redis, --workers' });
  }
  // GOVSIM_REDIS_URL is a default: an explicit --workers runs here.
  const redisUrl = redisUrlOption(o.redis, o.workers === undefined ? io.env : {}, false);
  const queueName = redisUrl ? queueNameOption(o.queue, io.env) : QUEUE_DEFAULTS.queueName;
  const days = parseDays(o.days ?? String(RUN_DEFAULTS.days));
  const baseSeed = parseSeed(o.seed ?? String(RUN_DEFAULTS.seed));
  const series = parseSeriesRequest(o.series);
  let createdOut: string | undefined;
  for (let p = isAbsolute(o.out) ? o.out : resolve(io.cwd, o.out); !existsSync(p) && dirname(p) !== p; p = dirname(p)) createdOut = p;
  return {
    reps, workers, level, days, baseSeed, series,
    outDir: prepareOutputDir(o.out, io.cwd), outArg: o.out, resume: Boolean(o.resume), fresh: Boolean(o.fresh), redisUrl, queueName, createdOut,
  };
}

const DROP_WITH_VALUE = new Set(['--workers', '--out', '--redis', '--queue']);
const DROP_FLAG = new Set(['--resume', '--fresh']);

function quoteArg(a: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that reproduces an experiment: the arguments as given, without those that do not
 * change results (--workers, --redis, --queue, --resume, --fresh) and with the output directory
 * as a placeholder, so that the same experiment records the same command wherever and however
 * it ran.
 */
export function reproducingCommand(argv: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (DROP_FLAG.has(a)) continue;
    if (DROP_WITH_VALUE.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    out.push(quoteArg(a));
  }
  return `govsim ${out.join(' ')} --out DIR`;
}

function resumeCommand(argv: string[]): string {
  return `govsim ${argv.filter((a) => !DROP_FLAG.has(a)).map(quoteArg).join(' ')} --resume`;
}

async function writeSeriesCsv(path: string, plan: ExperimentPlan, table: OutputTable): Promise<number> {
  let rows = 0;
  function* chunks(): Generator<string> {
    let header = true;
    for (let s = 0; s < plan.scenarios.length; s++) {
      for (let r = 0; r < plan.reps; r++) {
        const o = table[s][r];
        if (!o) continue;
        rows += plan.days * o.series.names.filter((n) => o.series.values[n]).length;
        yield* seriesCsvChunks({ ...o.series, days: plan.days }, {
          layout: 'tidy', date: false, header, chunk: 1 << 17,
          lead: { names: ['experiment', 'scenario', 'replication'], values: [plan.id, plan.scenarios[s].key, r] },
        });
        header = false;
      }
    }
    if (header) yield seriesCsvHeader([], { layout: 'tidy', date: false, lead: { names: ['experiment', 'scenario', 'replication'], values: [] } });
  }
  await writeChunks(path, chunks());
  return rows;
}

function summaryCsv(plan: ExperimentPlan, table: OutputTable): string {
  let out = 'experiment,scenario,replication,seed,metric,value\n';
  plan.scenarios.forEach((s, i) => table[i].forEach((o, r) => {
    if (!o) return;
    for (const [k, v] of Object.entries(o.summary)) out += `${csvCell(plan.id)},${csvCell(s.key)},${r},${plan.seeds[r]},${k},${csvCell(v)}\n`;
  }));
  return out;
}

function progressBar(io: CliIo, total: number) {
  if (!io.isTTY) return undefined;
  const bar = new cliProgress.SingleBar({
    format: 'runs [{bar}] {value}/{total} | {percentage}% | elapsed {elapsedText} | ETA {etaText}{failedText}{runningText}',
    stream: io.progressStream ?? process.stderr, hideCursor: true, clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { etaText: '…', elapsedText: '0s', failedText: '', runningText: '' });
  return bar;
}

export interface ExperimentRunResult {
  code: number;
  doc?: ExperimentDocument;
  /** Every run's output by scenario and replication (for commands that analyse further). */
  table?: OutputTable;
}

/** Extra output a command adds: files in --out and HTML sections in report.html. */
export interface ExperimentExtras {
  /** Called with the finished outputs; returns HTML sections for report.html and files to write. */
  analyse?: (doc: ExperimentDocument, table: OutputTable) => { html?: string; files?: Record<string, string> };
}

/** Run a plan and write its outputs; prints progress, the resume hint, and failures. */
export async function executeExperiment(
  plan: ExperimentPlan, c: CommonOptions, io: CliIo, argv: string[], docOpts: Omit<DocumentOptions, 'command' | 'failures' | 'level'>,
  extras: ExperimentExtras = {},
): Promise<ExperimentRunResult> {
  const checkpoint = join(c.outDir, 'checkpoint.jsonl');
  // With --redis, reach the queue before anything is written to --out.
  let pool: Pool | undefined;
  if (c.redisUrl) {
    // The queue's modules (BullMQ, ioredis) load only with --redis.
    const [{ RedisUnreachableError }, { openRedisPool }] = await Promise.all([import('../queue/check-redis.ts'), import('../queue/redis-pool.ts')]);
    try {
      pool = await openRedisPool({ url: c.redisUrl, queueName: c.queueName, log: (line) => io.err(`${line}\n`) });
    } catch (e) {
      if (!(e instanceof RedisUnreachableError)) throw e;
      // Remove the (empty) folders parseCommon created for --out.
      for (let p = c.outDir; c.createdOut && p.startsWith(c.createdOut); p = dirname(p)) {
        try {
          rmdirSync(p);
        } catch {
          break; // not empty (or gone): leave it
        }
      }
      throw new UserError(`${e.message}; nothing was written to ${c.outArg}`, { field: '--redis', value: redactRedisUrl(c.redisUrl), expected: 'a reachable Redis' });
    }
  }
  try {
    return await executeOn(pool, plan, c, io, argv, docOpts, checkpoint, extras);
  } finally {
    await pool?.close();
  }
}

async function executeOn(
  pool: Pool | undefined, plan: ExperimentPlan, c: CommonOptions, io: CliIo, argv: string[],
  docOpts: Omit<DocumentOptions, 'command' | 'failures' | 'level'>, checkpoint: string, extras: ExperimentExtras,
): Promise<ExperimentRunResult> {
  if (!c.resume && !c.fresh && existsSync(checkpoint)) {
    const { saved } = readCheckpoint(checkpoint, plan);
    if (saved.size > 0) {
      throw new UserError(`${c.outArg} already holds ${saved.size} finished runs of this experiment (checkpoint.jsonl): add --resume to keep them, or --fresh to start over`,
        { field: '--out', value: c.outArg, expected: '--resume or --fresh' });
    }
  }
  const total = plan.jobs.length;
  const where = pool
    ? `the queue ${c.queueName} at ${redactRedisUrl(c.redisUrl!)} (${pool.size} worker${pool.size === 1 ? '' : 's'} connected)`
    : c.workers === 0 ? 'the main thread' : `${c.workers} worker thread${c.workers > 1 ? 's' : ''}`;
  io.err(`${plan.kind} ${plan.id}: ${plan.scenarios.length} scenario${plan.scenarios.length > 1 ? 's' : ''} × ${plan.reps} replication${plan.reps > 1 ? 's' : ''}` +
    ` = ${total} job${total > 1 ? 's' : ''} of ${plan.days} days on ${where}\n`);
  if (pool && pool.size === 0) io.err(`no worker is connected yet: jobs wait in the queue until one starts (govsim worker --redis URL${c.queueName !== 'govsim' ? ` --queue ${c.queueName}` : ''})\n`);
  const trap = io.trapInterrupt?.();
  const signal = trap?.signal ?? io.signal;
  const bar = progressBar(io, total);
  let result;
  try {
    result = await runPlan(plan, {
      workers: c.workers, pool, checkpoint, resume: c.resume, signal,
      onProgress: (p) => bar?.update(p.done, {
        etaText: fmtDuration(p.etaMs / 1000), elapsedText: fmtDuration(p.elapsedMs / 1000), failedText: p.failed ? ` | ${p.failed} failed` : '',
        runningText: 'running' in p ? ` | ${(p as { running: number }).running} running` : '',
      }),
    });
  } finally {
    bar?.stop();
    trap?.dispose();
  }
  if (result.restored) io.err(`resumed: ${result.restored} finished job${result.restored > 1 ? 's' : ''} taken from ${join(c.outArg, 'checkpoint.jsonl')}\n`);
  if (result.cancelled) {
    io.err(`interrupted: ${result.finished} of ${total} jobs finished and are saved in ${join(c.outArg, 'checkpoint.jsonl')}.\n` +
      `resume with:\n  ${resumeCommand(argv)}\n`);
    return { code: EXIT.interrupted };
  }
  const doc = buildDocument(plan, result.table, { ...docOpts, command: reproducingCommand(argv), level: c.level, failures: result.failures });
  doc.timing.wallSeconds = result.wallSeconds;
  writeFileAtomic(join(c.outDir, 'experiment.json'), `${toJsonText(doc, 2)}\n`);
  await writeSeriesCsv(join(c.outDir, 'series.csv'), plan, result.table);
  writeFileAtomic(join(c.outDir, 'summary.csv'), summaryCsv(plan, result.table));
  const more = extras.analyse?.(doc, result.table) ?? {};
  const places = placesCsv(plan, result.table);
  if (places) more.files = { ...(more.files ?? {}), 'places.csv': places };
  more.html = `${more.html ?? ''}${equityHtml(plan, result.table)}`;
  for (const [name, text] of Object.entries(more.files ?? {})) writeFileAtomic(join(c.outDir, name), text);
  writeFileAtomic(join(c.outDir, 'report.html'), renderReport(buildReportData(plan, result.table, doc), more.html ?? ''));
  io.err(`done in ${fmtDuration(result.wallSeconds)}: wrote ${['experiment.json', 'series.csv', 'summary.csv', ...Object.keys(more.files ?? {}), 'report.html'].map((f) => join(c.outArg, f)).join(', ')}\n`);
  if (result.failures.length) {
    io.err(`${result.failures.length} run${result.failures.length > 1 ? 's' : ''} failed (left out of the statistics):\n` +
      result.failures.map((f) => `  ${f.scenario} replication ${f.replication} (seed ${f.seed}): ${f.error}\n`).join('') +
      `retry them with:\n  ${resumeCommand(argv)}\n`);
    return { code: EXIT.partial, doc, table: result.table };
  }
  rmSync(checkpoint, { force: true });
  return { code: EXIT.ok, doc, table: result.table };
}
