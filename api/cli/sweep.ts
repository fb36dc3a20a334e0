// `govsim sweep <scenario> --factor lever=spec ... [--design factorial|lhs] [--samples N] --reps N --out DIR`
// A grid (full factorial) or a Latin hypercube over chosen levers, each point replicated under
// common random numbers; per-point means with CIs and each lever's correlation with each metric.
import type { Command } from 'commander';
import { parseLeverText } from '../../sim/index.ts';
import { checkFactors, parseFactor, planSweep, type ExperimentDocument, type Factor } from '../../sim/experiments/index.ts';
import { collect, type CliCommand, type CliContext } from './context.ts';
import { addCommonOptions, executeExperiment, parseCommon, parseMetric, type CommonOptionsText } from './experiment.ts';
import { fmt, formatTable } from './format.ts';
import { composeScenario, loadPatch, loadScenario, parseIntOption, parseSets } from './inputs.ts';
import { UserError, type CliIo } from './io.ts';

interface SweepOptionsText extends CommonOptionsText {
  factor?: string[];
  design?: string;
  samples?: string;
  designSeed?: string;
  metric?: string[];
}

/** --factor texts → factors, every problem named. */
export function parseFactors(texts: string[]): Factor[] {
  if (!texts.length) throw new UserError('give at least one --factor lever[=min:max[:levels] | =a,b,c]', { field: '--factor', expected: 'one or more factors' });
  const factors = texts.map((t) => {
    try {
      return parseFactor(t, parseLeverText);
    } catch (e) {
      throw new UserError(`--factor ${t}: ${(e as Error).message}`, { field: '--factor', value: t, expected: 'lever, lever=min:max[:levels] or lever=a,b,c' });
    }
  });
  const problems = checkFactors(factors, '--factor');
  if (problems.length) {
    throw new UserError(`invalid --factor:\n${problems.map((p) => `  ${p.message}${p.expected && !p.message.includes(p.expected) ? ` (expected ${p.expected})` : ''}`).join('\n')}`,
      { field: problems[0].path, value: problems[0].value, expected: problems[0].expected });
  }
  return factors;
}

function sweepTable(doc: ExperimentDocument, metrics: string[]): string {
  const factors = doc.settings.design!.factors.map((f) => f.lever);
  return formatTable(['point', ...factors, ...metrics], doc.scenarios.map((s) => [
    s.key, ...factors.map((f) => String(s.levers[f])), ...metrics.map((m) => fmt(doc.summaries[s.key][m]?.mean)),
  ]), []);
}

export async function sweepCommand(arg: string, o: SweepOptionsText, io: CliIo, argv: string[]): Promise<number> {
  const c = parseCommon(o, io);
  const base = composeScenario(loadScenario(arg, io.cwd), (o.patch ?? []).map((p) => loadPatch(p, io.cwd)), parseSets(o.set ?? []));
  const factors = parseFactors(o.factor ?? []);
  const design = o.design ?? 'factorial';
  if (design !== 'factorial' && design !== 'lhs') throw new UserError(`--design must be "factorial" or "lhs", got ${JSON.stringify(design)}`, { field: '--design', value: design, expected: 'factorial or lhs' });
  const samples = design === 'lhs' ? parseIntOption('--samples', o.samples ?? '10', 2, 100_000) : undefined;
  const metrics = (o.metric?.length ? o.metric : ['rate.resolution', 'rate.satisfaction', 'time.median', 'money.spendTotal']).map((m) => parseMetric(m));
  const designSeed = o.designSeed === undefined ? undefined : parseIntOption('--design-seed', o.designSeed, 0, 0xffffffff);
  const plan = planSweep({ base, factors, method: design, samples, days: c.days, reps: c.reps, baseSeed: c.baseSeed, designSeed, series: c.series });
  const res = await executeExperiment(plan, c, io, argv, {});
  if (res.doc) io.out(`\nmeans over ${c.reps} replication${c.reps > 1 ? 's' : ''}\n${sweepTable(res.doc, metrics)}`);
  return res.code;
}

export const sweepCli: CliCommand = {
  name: 'sweep',
  register(program: Command, ctx: CliContext) {
    const cmd = program.command('sweep')
      .description('sweep levers over a full-factorial or Latin-hypercube design, with replications')
      .argument('<scenario>', 'scenario preset id or file')
      .option('--factor <spec>', 'lever to vary: lever (its whole range), lever=min:max[:levels], or lever=a,b,c (repeatable)', collect, [])
      .option('--design <factorial|lhs>', 'full factorial over the levels, or a Latin hypercube', 'factorial')
      .option('--samples <n>', 'points of a Latin hypercube', '10')
      .option('--design-seed <n>', 'seed of the Latin hypercube (default: --seed)')
      .option('--metric <name>', 'metrics to print (repeatable)', collect, []);
    addCommonOptions(cmd, { reps: '3', series: 'all' })
      .action(async (arg: string, o: SweepOptionsText) => ctx.exit(await sweepCommand(arg, o, ctx.io, ctx.argv)));
  },
};
