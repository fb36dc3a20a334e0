// `govsim calibrate <scenario> [--config FILE] [--param lever ...] [--particles N] [--generations G] --out DIR`
// ABC-SMC calibration (sim/experiments/abc.ts) of a scenario's guessed parameters against
// target bands, on the worker pool or (with --redis) the BullMQ queue. Each proposal is one
// run on a fresh seed; its distance is the largest miss over the targets in band widths.
// Every finished run is appended to DIR/evaluations.jsonl, so an interrupted calibration
// resumes with --resume (the algorithm is replayed; cached runs are not run again).
// Writes DIR/posterior.json (the ensemble: parameter sets with weights, targets met, seeds,
// digests, engine version, its own digest) and DIR/report.html (acceptance per generation,
// effective sample size, marginals against the prior, pair plots, posterior predictive fit).
// Targets and parameters come from the preset's defaults or a user file (docs/calibration.md).
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { RUN_DEFAULTS } from '../../sim/run-defaults.ts';
import { toJsonText } from '../../sim/experiments/index.ts';
import {
  AbcAborted, DEFAULT_ABC, DEFAULT_PARAMETERS, DEFAULT_TARGETS, abcParameters, bandDistance, buildPosterior, calibrationHash,
  evaluationKey, evaluationSeed, leverParameter, particleScenario, runAbcSmc, type AbcSettings, type BandTarget,
  type CalibrationParameter, type CalibrationSpec, type EvaluationRecord, type GenerationStats, type Particle, type PosteriorDocument, type Prior, type RunJob,
} from '../../sim/experiments/index.ts';
import { createPool, defaultPoolSize, type Pool } from '../pool/pool.ts';
import { RedisUnreachableError } from '../queue/check-redis.ts';
import { openRedisPool } from '../queue/redis-pool.ts';
import { redactRedisUrl } from '../queue/redis-client.ts';
import { collect, type CliCommand, type CliContext } from './context.ts';
import { reproducingCommand } from './experiment.ts';
import { fmt, fmtDuration, formatTable } from './format.ts';
import { composeScenario, loadPatch, loadScenario, parseDays, parseIntOption, parseSeed, parseSets, prepareOutputDir, readDataFile, writeFileAtomic } from './inputs.ts';
import { EXIT, UserError, type CliIo } from './io.ts';
import { SECTION_CSS, chartHtml, esc, reportScriptTag } from './html.ts';
import { queueNameOption, redisUrlOption } from './worker.ts';

interface CalibrateOptionsText {
  config?: string;
  param?: string[];
  particles?: string;
  generations?: string;
  maxBatches?: string;
  quantile?: string;
  days?: string;
  seed?: string;
  set?: string[];
  patch?: string[];
  workers?: string;
  redis?: string;
  queue?: string;
  out?: string;
  resume?: boolean;
  fresh?: boolean;
  cachedOnly?: boolean;
}

interface ConfigFile {
  targets?: unknown;
  parameters?: unknown;
  particles?: unknown;
  generations?: unknown;
  maxBatches?: unknown;
  quantile?: unknown;
}

function configError(field: string, message: string, expected: string): UserError {
  return new UserError(`--config: ${field} ${message}`, { field, expected });
}

/** Targets from a config file: a list of {metric, low, high, source?}. */
export function parseTargets(raw: unknown): BandTarget[] {
  if (!Array.isArray(raw) || raw.length === 0) throw configError('targets', 'must be a non-empty list', 'a list of {metric, low, high}');
  return raw.map((t, i) => {
    const o = t as Record<string, unknown>;
    if (!o || typeof o.metric !== 'string') throw configError(`targets[${i}].metric`, 'must be a metric name', 'a metric of the run summary');
    if (typeof o.low !== 'number' || typeof o.high !== 'number' || !(o.low <= o.high)) {
      throw configError(`targets[${i}]`, `needs numbers low ≤ high, got low ${JSON.stringify(o.low)}, high ${JSON.stringify(o.high)}`, 'low ≤ high');
    }
    return { metric: o.metric, low: o.low, high: o.high, ...(typeof o.source === 'string' ? { source: o.source } : {}) };
  });
}

/** Parameters from a config file: lever ids, or {lever, prior: {dist, low, high[, mean, sd]}}. */
export function parseParameters(raw: unknown): CalibrationParameter[] {
  if (!Array.isArray(raw) || raw.length === 0) throw configError('parameters', 'must be a non-empty list', 'lever ids or {lever, prior}');
  return raw.map((p, i) => {
    const lever = typeof p === 'string' ? p : (p as { lever?: unknown })?.lever;
    if (typeof lever !== 'string') throw configError(`parameters[${i}]`, 'must be a lever id or {lever, prior}', 'a lever id');
    try {
      return leverParameter(lever, typeof p === 'string' ? undefined : (p as { prior?: Prior }).prior);
    } catch (e) {
      throw configError(`parameters[${i}]`, (e as Error).message, 'a numeric lever with a prior');
    }
  });
}

function numberSetting(v: unknown, name: string, min: number, max: number, integer = true): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= min && v <= max) || (integer && !Number.isInteger(v))) {
    throw configError(name, `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${JSON.stringify(v)}`, `${min}–${max}`);
  }
  return v;
}

export interface CalibrateSetup {
  spec: CalibrationSpec;
  hash: string;
}

/** The calibration spec from the arguments (the base scenario, targets, parameters, ABC settings). */
export function calibrationSetup(arg: string, o: CalibrateOptionsText, io: CliIo): CalibrateSetup {
  const base = composeScenario(loadScenario(arg, io.cwd), (o.patch ?? []).map((p) => loadPatch(p, io.cwd)), parseSets(o.set ?? []));
  const cfg: ConfigFile = o.config ? (readDataFile(o.config, io.cwd) as ConfigFile) ?? {} : {};
  if (typeof cfg !== 'object' || Array.isArray(cfg)) throw configError('(top level)', 'must be an object', '{targets, parameters, …}');
  let targets: BandTarget[];
  if (cfg.targets !== undefined) targets = parseTargets(cfg.targets);
  else if (DEFAULT_TARGETS[arg]) targets = DEFAULT_TARGETS[arg];
  else throw new UserError(`no default targets for "${arg}": give them in --config FILE (targets: [{metric, low, high}])`, { field: '--config', expected: `a config file, or one of ${Object.keys(DEFAULT_TARGETS).join(', ')}` });
  let parameters = cfg.parameters !== undefined ? parseParameters(cfg.parameters) : DEFAULT_PARAMETERS.map((id) => leverParameter(id));
  if (o.param?.length) {
    try {
      parameters = o.param.map((id) => leverParameter(id));
    } catch (e) {
      throw new UserError(`--param: ${(e as Error).message}`, { field: '--param', expected: 'a numeric lever with a prior (govsim levers)' });
    }
  }
  const pick = (opt: string | undefined, name: string, fromCfg: unknown, dflt: number, min: number, max: number) =>
    opt !== undefined ? parseIntOption(`--${name}`, opt, min, max) : numberSetting(fromCfg, name, min, max) ?? dflt;
  const quantileText = o.quantile ?? (cfg.quantile !== undefined ? String(numberSetting(cfg.quantile, 'quantile', 0.01, 0.99, false)) : undefined);
  const quantile = quantileText === undefined ? DEFAULT_ABC.quantile! : Number(quantileText);
  if (!(quantile > 0 && quantile < 1)) throw new UserError(`--quantile must be a number in (0, 1), got ${JSON.stringify(quantileText)}`, { field: '--quantile', value: quantileText, expected: 'a number in (0, 1)' });
  const abc: AbcSettings = {
    particles: pick(o.particles, 'particles', cfg.particles, DEFAULT_ABC.particles, 2, 100_000),
    generations: pick(o.generations, 'generations', cfg.generations, DEFAULT_ABC.generations, 1, 100),
    maxBatches: pick(o.maxBatches, 'max-batches', cfg.maxBatches, DEFAULT_ABC.maxBatches!, 1, 1000),
    quantile, minAcceptance: DEFAULT_ABC.minAcceptance, seed: parseSeed(o.seed ?? String(RUN_DEFAULTS.seed)),
  };
  const spec: CalibrationSpec = { base, targets, parameters, abc, days: parseDays(o.days ?? String(RUN_DEFAULTS.days)) };
  return { spec, hash: calibrationHash(spec) };
}

// --- evaluations cache (resume) ---------------------------------------------------------------

interface CacheHeader { calibrationHash: string }

function loadCache(path: string, hash: string, outArg: string): Map<string, EvaluationRecord> {
  const cache = new Map<string, EvaluationRecord>();
  if (!existsSync(path)) return cache;
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  if (lines.length === 0) return cache;
  let header: CacheHeader;
  try {
    header = JSON.parse(lines[0]) as CacheHeader;
  } catch {
    throw new UserError(`${outArg}/evaluations.jsonl is damaged (first line); use --fresh to start over`, { field: '--out', expected: '--fresh' });
  }
  if (header.calibrationHash !== hash) {
    throw new UserError(`${outArg}/evaluations.jsonl belongs to another calibration (different scenario, targets, parameters, settings or engine); use --fresh or another --out`,
      { field: '--out', value: outArg, expected: 'the same calibration, or --fresh' });
  }
  for (const l of lines.slice(1)) {
    try {
      const e = JSON.parse(l) as { key: string } & EvaluationRecord;
      cache.set(e.key, { seed: e.seed, summary: e.summary, digest: e.digest });
    } catch {
      // a line cut short by an interruption: that run is simply run again
    }
  }
  return cache;
}

// --- the report -------------------------------------------------------------------------------

export function calibrationReport(doc: PosteriorDocument): string {
  const w = doc.particles.map((p) => p.weight);
  const range = (par: CalibrationParameter): [number, number] => [par.prior.low, par.prior.high];
  const gens = doc.generations.map((g) => `<tr><td>${g.generation}</td><td>${Number.isFinite(g.epsilon) ? fmt(g.epsilon) : '∞'}</td><td>${g.proposed}</td><td>${g.accepted}</td><td>${fmt(g.acceptance, 3)}</td><td>${fmt(g.ess, 3)}</td></tr>`).join('');
  const margs = doc.marginals.map((m) => `<tr><td>${esc(m.lever)}</td><td>${esc(`${m.prior.dist} ${m.prior.low} – ${m.prior.high}`)}</td><td>${fmt(m.mean)}</td><td>${fmt(m.q05)} – ${fmt(m.q95)}</td><td>${fmt(m.shrinkage, 3)}</td><td>${m.shrinkage < 0.5 ? 'pinned down' : m.shrinkage < 0.8 ? 'narrowed' : 'not identified'}</td></tr>`).join('');
  const fit = doc.fit.map((f) => `<tr><td>${esc(f.metric)}</td><td>${fmt(f.low)} – ${fmt(f.high)}</td><td>${fmt(f.mean)}</td><td>${fmt(f.q05)} – ${fmt(f.q95)}</td><td>${fmt(f.met * 100, 3)} %</td></tr>`).join('');
  const hists = doc.parameters.map((par) => chartHtml('histogram', {
    title: par.lever, values: doc.particles.map((p) => p.levers[par.lever] as number), weights: w, range: range(par),
  })).join('');
  const pairs = doc.parameters.length >= 2 ? chartHtml('pairs', {
    parameters: doc.parameters.map((p) => ({ label: p.lever.replace(/^model\./, ''), range: range(p) })),
    samples: doc.particles.map((p) => doc.parameters.map((par) => p.levers[par.lever] as number)),
    weights: w,
  }) : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>govsim calibration: ${esc(doc.base.id)}</title>
<style>body{font-family:sans-serif;margin:1.5rem;max-width:1200px}pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}</style>
${SECTION_CSS}</head><body>
<h1>Calibration of ${esc(doc.base.id)} (ABC-SMC)</h1>
<p>${doc.particles.length} particles, ${doc.evaluations} runs of ${doc.days} days, stopped: <b>${esc(doc.stop)}</b>. Engine ${esc(doc.engineVersion)}; posterior digest <code>${esc(doc.digest)}</code>.</p>
<p>Reproduce with:</p><pre>${esc(doc.command)}</pre>
<section class="gs-extra"><h2>Generations</h2><p>Tolerance ε is the largest miss over the targets, in band widths (0 = every target inside its band). Acceptance = accepted / proposed; ESS = effective sample size of the weights (1/Σw²).</p>
<table><tr><th>generation</th><th>ε</th><th>proposed</th><th>accepted</th><th>acceptance</th><th>ESS</th></tr>${gens}</table></section>
<section class="gs-extra"><h2>Posterior predictive of the targets</h2><table><tr><th>metric</th><th>band</th><th>mean</th><th>90 % interval</th><th>weight meeting it</th></tr>${fit}</table></section>
<section class="gs-extra"><h2>Marginal posteriors</h2><p>Shrinkage = posterior sd / prior sd. Below 0.5 the targets pin the parameter down; near 1 they say nothing about it (the prior is all there is). Histograms span the prior's range.</p>
<table><tr><th>parameter</th><th>prior</th><th>mean</th><th>90 % interval</th><th>shrinkage</th><th>reading</th></tr>${margs}</table>
<div>${hists}</div></section>
<section class="gs-extra"><h2>Pair plots</h2><p>Each dot is a particle (area by weight), axes span the priors. Ridges show trade-offs the targets cannot separate.</p>${pairs}</section>
<section class="gs-extra"><h2>Targets</h2><table><tr><th>metric</th><th>band</th><th>source</th></tr>${doc.targets.map((t) => `<tr><td>${esc(t.metric)}</td><td>${t.low} – ${t.high}</td><td>${esc(t.source ?? '')}</td></tr>`).join('')}</table></section>
${reportScriptTag()}
</body></html>
`;
}

// --- the command --------------------------------------------------------------------------------

export function marginalTable(doc: PosteriorDocument): string {
  return formatTable(['parameter', 'prior', 'posterior mean', '90 % interval', 'shrinkage'], doc.marginals.map((m) => [
    m.lever, `${m.prior.dist} ${m.prior.low}–${m.prior.high}`, fmt(m.mean), `${fmt(m.q05)} – ${fmt(m.q95)}`, fmt(m.shrinkage, 3),
  ])) + '\n' + formatTable(['target', 'band', 'posterior mean', '90 % interval', 'met'], doc.fit.map((f) => [
    f.metric, `${f.low}–${f.high}`, fmt(f.mean), `${fmt(f.q05)} – ${fmt(f.q95)}`, `${fmt(f.met * 100, 3)} %`,
  ]));
}

export async function openPool(o: { redis?: string; workers?: string; queue?: string }, io: CliIo): Promise<{ pool: Pool; where: string }> {
  if (o.redis !== undefined && o.workers !== undefined) {
    throw new UserError('--redis and --workers contradict each other', { field: '--workers', expected: 'one of --redis, --workers' });
  }
  const redisUrl = redisUrlOption(o.redis, o.workers === undefined ? io.env : {}, false);
  if (redisUrl) {
    const queueName = queueNameOption(o.queue, io.env);
    try {
      const pool = await openRedisPool({ url: redisUrl, queueName, log: (line) => io.err(`${line}\n`) });
      return { pool, where: `the queue ${queueName} at ${redactRedisUrl(redisUrl)}` };
    } catch (e) {
      if (e instanceof RedisUnreachableError) throw new UserError(e.message, { field: '--redis', value: redactRedisUrl(redisUrl), expected: 'a reachable Redis' });
      throw e;
    }
  }
  const workers = o.workers === undefined ? defaultPoolSize() : parseIntOption('--workers', o.workers, 0, 256);
  return { pool: createPool(workers), where: workers === 0 ? 'the main thread' : `${workers} worker thread${workers > 1 ? 's' : ''}` };
}

export async function calibrateCommand(arg: string, o: CalibrateOptionsText, io: CliIo, argv: string[]): Promise<number> {
  if (!o.out) throw new UserError('--out is required', { field: '--out', expected: 'a directory' });
  if (o.resume && o.fresh) throw new UserError('--resume and --fresh contradict each other', { field: '--resume', expected: 'one of --resume, --fresh' });
  if (o.cachedOnly && !o.resume) throw new UserError('--cached-only replays saved runs: it needs --resume', { field: '--cached-only', expected: '--resume --cached-only' });
  const { spec, hash } = calibrationSetup(arg, o, io);
  const outDir = prepareOutputDir(o.out, io.cwd);
  const cachePath = join(outDir, 'evaluations.jsonl');
  if (o.fresh) rmSync(cachePath, { force: true });
  const cache = loadCache(cachePath, hash, o.out);
  if (cache.size > 0 && !o.resume) {
    throw new UserError(`${o.out} already holds ${cache.size} runs of this calibration (evaluations.jsonl): add --resume to keep them, or --fresh to start over`,
      { field: '--out', value: o.out, expected: '--resume or --fresh' });
  }
  if (!existsSync(cachePath) || cache.size === 0) writeFileSync(cachePath, `${JSON.stringify({ calibrationHash: hash })}\n`);
  const { pool, where } = await openPool(o, io);
  const params = abcParameters(spec);
  io.err(`calibrate ${spec.base.id}: ${params.length} parameters, ${spec.targets.length} targets, ${spec.abc.particles} particles × ≤ ${spec.abc.generations} generations, runs of ${spec.days} days on ${where}\n`);
  if (cache.size) io.err(`resuming: ${cache.size} runs taken from ${join(o.out, 'evaluations.jsonl')}\n`);
  const trap = io.trapInterrupt?.();
  const signal = trap?.signal ?? io.signal;
  const bar = io.isTTY ? new cliProgress.SingleBar({
    format: 'gen {gen} ε≤{eps} [{bar}] {value}/{total} runs of this batch | accepted {acc}/{n} | runs {runs} | elapsed {elapsed} | ETA {eta}',
    stream: io.progressStream ?? process.stderr, hideCursor: true, clearOnComplete: true,
  }, cliProgress.Presets.shades_classic) : undefined;
  const t0 = Date.now();
  let runs = 0, ran = 0, accepted = 0, generation = 0, eps = '∞';
  // ETA: the runs still expected (the rest of this generation at its acceptance so far, plus later
  // generations at the same rate) times the mean wall time per run so far.
  let genProposed = 0;
  const eta = () => {
    if (ran === 0) return '…';
    const perRun = (Date.now() - t0) / ran;
    const acc = genProposed > 0 ? Math.max(accepted / genProposed, 0.05) : 0.5;
    const left = (spec.abc.particles - accepted) / acc + (spec.abc.generations - 1 - generation) * (spec.abc.particles / Math.max(acc / 2, 0.05));
    return fmtDuration((left * perRun) / 1000);
  };
  // The last complete generation: what an interrupted calibration keeps (posterior-partial.json).
  const done: GenerationStats[] = [];
  let last: Particle[] | undefined;
  const evaluate = async (thetas: number[][], keys: { generation: number; batch: number; index: number }[]): Promise<number[]> => {
    if (keys[0].generation !== generation) { generation = keys[0].generation; accepted = 0; genProposed = 0; }
    const out = new Array<number>(thetas.length).fill(NaN);
    const todo: number[] = [];
    const jobs: RunJob[] = [];
    thetas.forEach((t, i) => {
      const k = evaluationKey(keys[i]);
      const hit = cache.get(k);
      if (hit) out[i] = bandDistance(hit.summary, spec.targets);
      else {
        todo.push(i);
        jobs.push({ scenario: particleScenario(spec.base, spec.parameters, t), seed: evaluationSeed(spec.abc.seed, keys[i]), days: spec.days, series: 'none' });
      }
    });
    if (o.cachedOnly && jobs.length) throw new AbcAborted();
    bar?.start(thetas.length, thetas.length - todo.length, { gen: generation, eps, acc: accepted, n: spec.abc.particles, runs, elapsed: fmtDuration((Date.now() - t0) / 1000), eta: eta() });
    if (jobs.length) {
      const outcomes = await pool.run(jobs, {
        signal,
        onResult: (j, res) => {
          if (!res.ok) return;
          const i = todo[j];
          const r = res.outputs[0];
          const rec: EvaluationRecord = { seed: jobs[j].seed, summary: r.summary, digest: r.manifest.digest };
          const key = evaluationKey(keys[i]);
          cache.set(key, rec);
          appendFileSync(cachePath, `${JSON.stringify({ key, ...rec })}\n`);
          out[i] = bandDistance(r.summary, spec.targets);
          ran++;
          bar?.increment(1, { runs: runs + ran, elapsed: fmtDuration((Date.now() - t0) / 1000), eta: eta() });
        },
      });
      if (signal?.aborted) throw new AbcAborted();
      const failed = outcomes.filter((x) => x && !x.ok);
      if (failed.length) io.err(`${failed.length} run${failed.length > 1 ? 's' : ''} failed in generation ${generation} (left out): ${(failed[0] as { error: string }).error}\n`);
    }
    runs += thetas.length;
    genProposed += thetas.length;
    bar?.stop();
    return out;
  };
  let doc: PosteriorDocument;
  try {
    const res = await runAbcSmc(params, spec.abc, evaluate, {
      signal,
      onBatch: (_g, _b, acc) => { accepted = acc; },
      onGeneration: (g, particles) => {
        done.push(g);
        last = particles.map((p) => ({ ...p }));
        eps = Number.isFinite(g.epsilon) ? fmt(g.epsilon, 3) : '∞';
        io.err(`generation ${g.generation}: ε ${eps}, accepted ${g.accepted}/${g.proposed} (${fmt(g.acceptance * 100, 3)} %), ESS ${fmt(g.ess, 3)}, ${fmtDuration((Date.now() - t0) / 1000)} so far\n`);
      },
    });
    doc = buildPosterior(spec, res, (k) => cache.get(k)!, reproducingCommand(argv));
  } catch (e) {
    if (e instanceof AbcAborted) {
      if (last && last.length >= 2) {
        // Every generation of ABC-SMC is a posterior at its own tolerance: keep the last complete one, marked as such.
        const partial = buildPosterior(spec, { particles: last, generations: done, stop: 'interrupted', evaluations: runs }, (k) => cache.get(k)!, reproducingCommand(argv));
        writeFileAtomic(join(outDir, 'posterior-partial.json'), `${toJsonText(partial, 2)}\n`);
        writeFileAtomic(join(outDir, 'report-partial.html'), calibrationReport(partial));
        io.out(`\n${marginalTable(partial)}\n`);
        io.err(`the last complete generation (${done.length - 1}, tolerance ${Number.isFinite(done[done.length - 1].epsilon) ? fmt(done[done.length - 1].epsilon, 3) : '∞'}) is in ${join(o.out, 'posterior-partial.json')} and report-partial.html (stopped: interrupted)\n`);
      }
      if (o.cachedOnly) {
        io.err(`replayed ${runs} saved runs; the next batch needs runs not yet made (${cache.size} saved in ${join(o.out, 'evaluations.jsonl')}): resume without --cached-only to go on\n`);
        return EXIT.ok;
      }
      io.err(`interrupted: ${cache.size} finished runs are saved in ${join(o.out, 'evaluations.jsonl')}.\nresume with:\n  govsim ${argv.filter((a) => a !== '--fresh' && a !== '--resume').join(' ')} --resume\n`);
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    bar?.stop();
    trap?.dispose();
    await pool.close();
  }
  writeFileAtomic(join(outDir, 'posterior.json'), `${toJsonText(doc, 2)}\n`);
  writeFileAtomic(join(outDir, 'report.html'), calibrationReport(doc));
  io.out(`\n${marginalTable(doc)}\n`);
  io.err(`done in ${fmtDuration((Date.now() - t0) / 1000)} (${doc.evaluations} proposals, stopped: ${doc.stop}): wrote ${join(o.out, 'posterior.json')}, ${join(o.out, 'report.html')} (digest ${doc.digest.slice(0, 12)})\n`);
  return EXIT.ok;
}

export const calibrateCli: CliCommand = {
  name: 'calibrate',
  register(program: Command, ctx: CliContext) {
    program.command('calibrate')
      .description('ABC-SMC calibration of guessed parameters against target bands (posterior ensemble + diagnostics)')
      .argument('<scenario>', 'scenario preset id or file (qinhuai-2019 and qinhuai-2021 have default targets)')
      .option('--config <file>', 'JSON/YAML with targets [{metric, low, high, source}], parameters [lever | {lever, prior}] and ABC settings')
      .option('--param <lever>', 'calibrate this lever with its catalogue prior (repeatable; replaces the default parameters)', collect, [])
      .option('--particles <n>', `particles per generation (default ${DEFAULT_ABC.particles})`)
      .option('--generations <n>', `most generations, counting the prior (default ${DEFAULT_ABC.generations})`)
      .option('--max-batches <n>', `most batches of proposals per generation (default ${DEFAULT_ABC.maxBatches})`)
      .option('--quantile <q>', `quantile of the last distances that sets the next tolerance (default ${DEFAULT_ABC.quantile})`)
      .option('--days <n>', 'days each run simulates', String(RUN_DEFAULTS.days))
      .option('--seed <n>', 'seed of the calibration (proposals and run seeds)', String(RUN_DEFAULTS.seed))
      .option('--set <lever=value>', 'set a lever in the base scenario (repeatable)', collect, [])
      .option('--patch <file|preset>', 'lay a patch over the base scenario (repeatable)', collect, [])
      .option('--workers <k>', `worker threads (default: one per core, ${defaultPoolSize()} here; 0 runs in-process)`)
      .option('--redis <url>', 'run on the BullMQ queue at this Redis (env GOVSIM_REDIS_URL unless --workers); start workers with govsim worker')
      .option('--queue <name>', 'queue name with --redis')
      .requiredOption('--out <dir>', 'directory for posterior.json, report.html and evaluations.jsonl')
      .option('--resume', 'keep the runs saved in DIR/evaluations.jsonl and run only the rest')
      .option('--fresh', 'discard saved runs and start over')
      .option('--cached-only', 'with --resume: replay the saved runs only, make no new ones, and write the last complete generation to DIR/posterior-partial.json')
      .action(async (arg: string, o: CalibrateOptionsText) => ctx.exit(await calibrateCommand(arg, o, ctx.io, ctx.argv)));
  },
};
