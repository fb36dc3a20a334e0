// `govsim compare <baseline> [reform ...] [--patch p ...] --reps N [--workers K] [--days N] --out DIR`
// Baseline and reforms over N replications under common random numbers: mean and CI per
// scenario and metric, paired differences with CI, effect size and a verdict where the CI
// excludes 0. A reform is a scenario (preset or file), a patch laid over the baseline, or
// patches joined with "+"; `--patch a --patch b` adds one more reform stacking a and b.
// `--fork-day D` continues every reform from a snapshot of the baseline taken on day D.
import type { Command } from 'commander';
import { canonicalJson, resolvedLevers, type Patch, type Scenario } from '../../sim/index.ts';
import { planCompare, type ExperimentDocument, type MeanCi, type PairedDifference } from '../../sim/experiments/index.ts';
import { scenarioIds, patchIds } from '../../scenarios/index.ts';
import type { CliCommand, CliContext } from './context.ts';
import { addCommonOptions, executeExperiment, parseCommon, parseMetric, type CommonOptionsText } from './experiment.ts';
import { fmt, formatTable } from './format.ts';
import { composeScenario, loadPatch, loadScenario, loadScenarioOrPatch, parseIntOption, parseSets } from './inputs.ts';
import { UserError, type CliIo } from './io.ts';
import { KEY_METRICS } from './run.ts';


interface CompareOptionsText extends CommonOptionsText {
  forkDay?: string;
  metric?: string[];
}

function isKnown(arg: string): boolean {
  return scenarioIds().includes(arg) || patchIds().includes(arg) || /[\\/]|\.(json|ya?ml)$/i.test(arg);
}

/** A reform argument → the scenario it describes, given the baseline. */
export function reformScenario(arg: string, baseline: Scenario, sets: Record<string, unknown>, cwd: string): Scenario {
  const parts = !isKnown(arg) && arg.includes('+') ? arg.split('+').filter(Boolean) : [arg];
  // Patches lay over the baseline (which already carries --set); a whole scenario gets --set too.
  let base = baseline;
  let own = false;
  const patches: Patch[] = [];
  parts.forEach((p, i) => {
    const l = loadScenarioOrPatch(p, cwd);
    if (l.kind === 'scenario') {
      if (i > 0) throw new UserError(`reform "${arg}": "${p}" is a scenario; only the first part of a "+" stack may be one`, { field: 'reform', value: arg, expected: 'scenario+patch+patch…' });
      base = l.scenario;
      own = true;
    } else patches.push(l.patch);
  });
  return composeScenario(own ? composeScenario(base, [], sets as never) : base, patches, {});
}

function ci(s: MeanCi | PairedDifference | undefined): string {
  return s ? `${fmt(s.mean)} [${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]` : '–';
}

export function compareTables(doc: ExperimentDocument, metrics: string[]): string {
  const base = doc.scenarios[0].key;
  let out = '';
  for (const reform of doc.scenarios.slice(1)) {
    const diff = doc.differences![reform.key];
    out += `\n${reform.key} vs ${base} (${doc.settings.reps} paired replications, ${Math.round(doc.settings.level * 100)} % CI)\n`;
    out += formatTable(['metric', base, reform.key, 'difference', 'd_z', 'verdict'],
      metrics.filter((m) => m in diff).map((m) => [m, ci(doc.summaries[base][m]), ci(doc.summaries[reform.key][m]), ci(diff[m]), fmt(diff[m].effectSize, 3), diff[m].verdict]), []);
  }
  return out;
}

export async function compareCommand(baselineArg: string, reformArgs: string[], o: CompareOptionsText, io: CliIo, argv: string[]): Promise<number> {
  const c = parseCommon(o, io);
  const sets = parseSets(o.set ?? []);
  const baseline = composeScenario(loadScenario(baselineArg, io.cwd), [], sets);
  const reforms = reformArgs.map((a) => reformScenario(a, baseline, sets, io.cwd));
  if (o.patch?.length) reforms.push(composeScenario(baseline, o.patch.map((p) => loadPatch(p, io.cwd)), {}));
  if (reforms.length === 0) {
    throw new UserError('compare needs at least one reform: a scenario, a patch, or --patch', { field: 'reform', expected: 'a preset, a scenario or patch file, or --patch' });
  }
  const metrics = (o.metric?.length ? o.metric : KEY_METRICS).map((m) => parseMetric(m));
  let forkDay: number | undefined;
  if (o.forkDay !== undefined) {
    forkDay = parseIntOption('--fork-day', o.forkDay, 1, c.days - 1);
    const d = canonicalJson(baseline.district);
    const start = resolvedLevers(baseline)['calendar.startDate'];
    for (const r of reforms) {
      if (resolvedLevers(r)['calendar.startDate'] !== start) {
        throw new UserError(`--fork-day: reform "${r.id}" starts on ${resolvedLevers(r)['calendar.startDate']}, the baseline on ${start}; a fork keeps the trunk's calendar`,
          { field: '--fork-day', value: r.id, expected: `reforms starting on ${start}` });
      }
      if (canonicalJson(r.district) !== d) {
        throw new UserError(`--fork-day: reform "${r.id}" has a different district from the baseline; a fork may change levers only`,
          { field: '--fork-day', value: r.id, expected: 'reforms on the baseline\'s district' });
      }
    }
  }
  const plan = planCompare({ baseline, reforms, days: c.days, reps: c.reps, baseSeed: c.baseSeed, series: c.series, forkDay });
  const res = await executeExperiment(plan, c, io, argv, {});
  if (res.doc) io.out(compareTables(res.doc, metrics));
  return res.code;
}

export const compareCli: CliCommand = {
  name: 'compare',
  register(program: Command, ctx: CliContext) {
    const cmd = program.command('compare')
      .description('compare a baseline with reforms over replications (paired, common random numbers)')
      .argument('<baseline>', 'baseline scenario: preset id or file')
      .argument('[reforms...]', 'reforms: scenario presets/files, patch presets/files, or patches joined with "+"')
      .option('--fork-day <d>', 'warm start: reforms continue from a snapshot of the baseline taken on this day')
      .option('--metric <name>', 'metrics to print (repeatable; all are in experiment.json)', (v: string, p: string[] = []) => [...p, v]);
    addCommonOptions(cmd, { reps: '10', series: 'all' })
      .action(async (baseline: string, reforms: string[], o: CompareOptionsText) => ctx.exit(await compareCommand(baseline, reforms, o, ctx.io, ctx.argv)));
  },
};
