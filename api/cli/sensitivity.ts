// `govsim sensitivity <scenario> --method morris|sobol --factor lever[=min:max] ... --metric m ... --out DIR`
// Which levers matter for chosen outputs: Morris elementary effects (μ*, σ) or Sobol first-order
// and total indices by Saltelli sampling, with bootstrap confidence intervals.
import type { Command } from 'commander';
import { planSensitivity, type ExperimentDocument } from '../../sim/experiments/index.ts';
import { collect, type CliCommand, type CliContext } from './context.ts';
import { addCommonOptions, executeExperiment, parseCommon, parseMetric, type CommonOptionsText } from './experiment.ts';
import { fmt, formatTable } from './format.ts';
import { composeScenario, loadPatch, loadScenario, parseIntOption, parseSets } from './inputs.ts';
import { UserError, type CliIo } from './io.ts';
import { parseFactors } from './sweep.ts';

interface SensitivityOptionsText extends CommonOptionsText {
  method?: string;
  factor?: string[];
  metric?: string[];
  trajectories?: string;
  levels?: string;
  samples?: string;
  bootstrap?: string;
  designSeed?: string;
}

export const DEFAULT_OUTPUTS = ['rate.resolution', 'rate.satisfaction', 'time.median', 'trust.mean'];

function indexTables(doc: ExperimentDocument): string {
  const s = doc.sensitivity!;
  let out = '';
  for (const m of s.metrics) {
    out += `\n${m}\n`;
    if (s.method === 'morris') {
      const rows = s.morris![m].slice().sort((a, b) => (b.muStar || 0) - (a.muStar || 0));
      out += formatTable(['lever', 'μ*', 'μ* CI', 'μ', 'σ'], rows.map((r) => [r.lever, fmt(r.muStar), `[${fmt(r.muStarLow)}, ${fmt(r.muStarHigh)}]`, fmt(r.mu), fmt(r.sigma)]), [1, 3, 4]);
    } else {
      const rows = s.sobol![m].indices.slice().sort((a, b) => (b.total || 0) - (a.total || 0));
      out += formatTable(['lever', 'S1', 'S1 CI', 'ST', 'ST CI'], rows.map((r) => [r.lever, fmt(r.first, 3), `[${fmt(r.firstLow, 3)}, ${fmt(r.firstHigh, 3)}]`, fmt(r.total, 3), `[${fmt(r.totalLow, 3)}, ${fmt(r.totalHigh, 3)}]`]), [1, 3]);
    }
  }
  return out;
}

export async function sensitivityCommand(arg: string, o: SensitivityOptionsText, io: CliIo, argv: string[]): Promise<number> {
  const c = parseCommon(o, io);
  const method = o.method ?? 'morris';
  if (method !== 'morris' && method !== 'sobol') throw new UserError(`--method must be "morris" or "sobol", got ${JSON.stringify(method)}`, { field: '--method', value: method, expected: 'morris or sobol' });
  const base = composeScenario(loadScenario(arg, io.cwd), (o.patch ?? []).map((p) => loadPatch(p, io.cwd)), parseSets(o.set ?? []));
  const factors = parseFactors(o.factor ?? []);
  const metrics = (o.metric?.length ? o.metric : DEFAULT_OUTPUTS).map((m) => parseMetric(m));
  const trajectories = parseIntOption('--trajectories', o.trajectories ?? '10', 2, 10_000);
  const levels = parseIntOption('--levels', o.levels ?? '4', 2, 100);
  if (levels % 2) throw new UserError(`--levels must be even, got ${levels}`, { field: '--levels', value: levels, expected: 'an even integer' });
  const samples = parseIntOption('--samples', o.samples ?? '64', 2, 1_000_000);
  const bootstrap = parseIntOption('--bootstrap', o.bootstrap ?? '200', 0, 100_000);
  const designSeed = o.designSeed === undefined ? undefined : parseIntOption('--design-seed', o.designSeed, 0, 0xffffffff);
  const plan = planSensitivity({ base, factors, method, trajectories, levels, samples, days: c.days, reps: c.reps, baseSeed: c.baseSeed, designSeed, series: c.series });
  const res = await executeExperiment(plan, c, io, argv, { metrics, bootstrap });
  if (res.doc) io.out(indexTables(res.doc));
  return res.code;
}

export const sensitivityCli: CliCommand = {
  name: 'sensitivity',
  register(program: Command, ctx: CliContext) {
    const cmd = program.command('sensitivity')
      .description('which levers matter: Morris elementary effects or Sobol indices, with bootstrap CIs')
      .argument('<scenario>', 'scenario preset id or file')
      .option('--method <morris|sobol>', 'Morris screening (cheap) or Sobol variance decomposition', 'morris')
      .option('--factor <spec>', 'lever to vary: lever (its whole range), lever=min:max, or lever=a,b,c (repeatable)', collect, [])
      .option('--metric <name>', `outputs to analyse (repeatable; default ${DEFAULT_OUTPUTS.join(', ')})`, collect, [])
      .option('--trajectories <r>', 'Morris: trajectories (runs: r·(k+1))', '10')
      .option('--levels <p>', 'Morris: grid levels (even)', '4')
      .option('--samples <n>', 'Sobol: base sample size (runs: n·(k+2))', '64')
      .option('--bootstrap <b>', 'bootstrap resamples for the intervals', '200')
      .option('--design-seed <n>', 'seed of the design (default: --seed)');
    addCommonOptions(cmd, { reps: '1', series: 'none' })
      .action(async (arg: string, o: SensitivityOptionsText) => ctx.exit(await sensitivityCommand(arg, o, ctx.io, ctx.argv)));
  },
};
