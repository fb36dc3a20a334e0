// `govsim validate-reform <posterior.json> [reform] [--patch p ...] [--draws D] --out DIR`
// The out-of-sample check: take a posterior calibrated on the pre-reform targets (2019), apply
// the reform (a scenario such as qinhuai-2021 — its levers on the calibrated parameters — or
// patches over the posterior's base), run D posterior draws (one seed each) and report the
// posterior predictive of the reform's targets: mean, 90 % interval, the share of draws inside
// each band, and hit / miss (the band overlaps the 90 % interval, or not). Writes
// DIR/predictive.json. The reform's defaults: qinhuai-2021 and its targets.
import type { Command } from 'commander';
import { resolvedLevers, type Scenario } from '../../sim/index.ts';
import {
  DEFAULT_TARGETS, posteriorDraws, quantile, toJsonText, type BandTarget, type RunJob,
} from '../../sim/experiments/index.ts';
import { openPool } from './calibrate.ts';
import { loadPosterior } from './compare.ts';
import { collect, type CliCommand, type CliContext } from './context.ts';
import { fmt, fmtDuration, formatTable } from './format.ts';
import { composeScenario, loadPatch, loadScenario, parseDays, parseIntOption, parseSeed, prepareOutputDir, readDataFile, writeFileAtomic } from './inputs.ts';
import { EXIT, UserError, type CliIo } from './io.ts';
import { parseTargets } from './calibrate.ts';
import { join } from 'node:path';

interface ValidateOptionsText {
  patch?: string[];
  targets?: string;
  draws?: string;
  days?: string;
  seed?: string;
  workers?: string;
  redis?: string;
  queue?: string;
  out?: string;
}

export interface PredictiveRow { metric: string; low: number; high: number; mean: number; q05: number; q95: number; inBand: number; hit: boolean }

export function predictive(targets: BandTarget[], summaries: Record<string, number>[]): PredictiveRow[] {
  return targets.map((t) => {
    const xs = summaries.map((s) => s[t.metric]).filter(Number.isFinite);
    const q05 = quantile(xs, 0.05), q95 = quantile(xs, 0.95);
    return {
      metric: t.metric, low: t.low, high: t.high, mean: xs.reduce((a, b) => a + b, 0) / xs.length, q05, q95,
      inBand: xs.filter((x) => x >= t.low && x <= t.high).length / xs.length, hit: q95 >= t.low && q05 <= t.high,
    };
  });
}

export async function validateReformCommand(posteriorArg: string, reformArg: string | undefined, o: ValidateOptionsText, io: CliIo, argv: string[]): Promise<number> {
  if (!o.out) throw new UserError('--out is required', { field: '--out', expected: 'a directory' });
  const post = loadPosterior(posteriorArg, io.cwd);
  const base = post.base.scenario as Scenario;
  let reform: Scenario;
  const reformId = reformArg ?? (o.patch?.length ? undefined : 'qinhuai-2021');
  if (reformId) reform = composeScenario(loadScenario(reformId, io.cwd), (o.patch ?? []).map((p) => loadPatch(p, io.cwd)), {});
  else reform = composeScenario(base, (o.patch ?? []).map((p) => loadPatch(p, io.cwd)), {});
  const targets = o.targets ? parseTargets((readDataFile(o.targets, io.cwd) as { targets?: unknown })?.targets) : DEFAULT_TARGETS[reformId ?? ''];
  if (!targets) throw new UserError(`no default targets for the reform "${reform.id}": give them with --targets FILE (targets: [{metric, low, high}])`, { field: '--targets', expected: 'a file with targets' });
  const D = parseIntOption('--draws', o.draws ?? '20', 2, 10_000);
  const days = parseDays(o.days ?? String(post.days));
  const seed = parseSeed(o.seed ?? '1');
  const outDir = prepareOutputDir(o.out, io.cwd);
  const draws = posteriorDraws(post, D, seed);
  // The calibrated parameters must not be reform levers too: the reform would silently win or lose.
  const calibrated = post.parameters.map((p) => p.lever);
  const clash = calibrated.filter((l) => l in (reform.levers ?? {}) && resolvedLevers(reform)[l] !== resolvedLevers(base)[l]);
  if (clash.length) io.err(`note: the reform sets calibrated parameter(s) ${clash.join(', ')}; the posterior draws override them\n`);
  const jobs: RunJob[] = draws.map((d, i) => ({ scenario: { ...reform, levers: { ...reform.levers, ...d.levers } }, seed: seed + i, days, series: 'none' }));
  const { pool, where } = await openPool(o, io);
  io.err(`validate-reform: ${reform.id} on ${D} posterior draws (posterior ${post.digest.slice(0, 12)}, calibrated on ${post.base.id}), ${days} days on ${where}\n`);
  const t0 = Date.now();
  let outs;
  try {
    outs = await pool.run(jobs, { signal: io.signal });
  } finally {
    await pool.close();
  }
  const ok = outs.filter((x): x is Extract<typeof x, { ok: true }> => Boolean(x?.ok));
  if (ok.length < 2) throw new UserError(`only ${ok.length} of ${D} runs finished`, { exitCode: EXIT.partial });
  const summaries = ok.map((x) => x.outputs[0].summary);
  const rows = predictive(targets, summaries);
  const doc = {
    format: 'govsim-predictive/1', posterior: { digest: post.digest, base: post.base.id, engineVersion: post.engineVersion },
    reform: reform.id, days, seed, draws: draws.map((d) => d.particle), runs: ok.length,
    command: `govsim ${argv.filter((a, i) => !['--workers', '--redis', '--queue', '--out'].includes(a) && !['--workers', '--redis', '--queue', '--out'].includes(argv[i - 1])).join(' ')} --out DIR`,
    targets: rows, digests: ok.map((x) => x.outputs[0].manifest.digest),
  };
  writeFileAtomic(join(outDir, 'predictive.json'), `${toJsonText(doc, 2)}\n`);
  io.out(`\nposterior predictive of ${reform.id} (${ok.length} draws; 90 % intervals)\n` + formatTable(['target', 'band', 'mean', '90 % interval', 'draws in band', 'verdict'], rows.map((r) => [
    r.metric, `${r.low}–${r.high}`, fmt(r.mean), `${fmt(r.q05)} – ${fmt(r.q95)}`, `${fmt(r.inBand * 100, 3)} %`, r.hit ? 'hit' : 'MISS',
  ])) + '\n');
  io.err(`done in ${fmtDuration((Date.now() - t0) / 1000)}: wrote ${join(o.out, 'predictive.json')}\n`);
  return EXIT.ok;
}

export const validateReformCli: CliCommand = {
  name: 'validate-reform',
  register(program: Command, ctx: CliContext) {
    program.command('validate-reform')
      .description('out-of-sample check: posterior predictive of the reform\'s targets from a pre-reform calibration')
      .argument('<posterior>', 'posterior.json from govsim calibrate (e.g. on qinhuai-2019)')
      .argument('[reform]', 'the reform scenario (default qinhuai-2021, or the posterior\'s base with --patch)')
      .option('--patch <file|preset>', 'reform patches (over the reform scenario, or over the posterior\'s base when no reform is given)', collect, [])
      .option('--targets <file>', 'JSON/YAML with targets: [{metric, low, high}] (default: the reform preset\'s)')
      .option('--draws <d>', 'posterior draws (one run each)', '20')
      .option('--days <n>', 'days each run simulates (default: the calibration\'s)')
      .option('--seed <n>', 'seed of the draws and runs', '1')
      .option('--workers <k>', 'worker threads (0 runs in-process)')
      .option('--redis <url>', 'run on the BullMQ queue at this Redis')
      .option('--queue <name>', 'queue name with --redis')
      .requiredOption('--out <dir>', 'directory for predictive.json')
      .action(async (p: string, r: string | undefined, o: ValidateOptionsText) => ctx.exit(await validateReformCommand(p, r, o, ctx.io, ctx.argv)));
  },
};
