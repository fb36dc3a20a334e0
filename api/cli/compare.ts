// `govsim compare <baseline> [reform ...] [--patch p ...] --reps N [--workers K] [--days N] --out DIR`
// Baseline and reforms over N replications under common random numbers: mean and CI per
// scenario and metric, paired differences with CI, effect size and a verdict where the CI
// excludes 0. A reform is a scenario (preset or file), a patch laid over the baseline, or
// patches joined with "+"; `--patch a --patch b` adds one more reform stacking a and b.
// `--fork-day D` continues every reform from a snapshot of the baseline taken on day D.
import type { Command } from 'commander';
import { canonicalJson, resolvedLevers, type Patch, type Scenario } from '../../sim/index.ts';
import {
  analysePosteriorCompare, checkPosterior, drawScenarios, planCompare, posteriorDraws, toJsonText,
  type ExperimentDocument, type MeanCi, type PairedDifference, type PosteriorComparison, type PosteriorDocument,
} from '../../sim/experiments/index.ts';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENGINE_VERSION } from '../../sim/index.ts';
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
  posterior?: string;
  draws?: string;
  seedsPerDraw?: string;
}

const MAX_POSTERIOR_BYTES = 64 * 1024 * 1024;

/** Read and check a posterior ensemble file (govsim calibrate's posterior.json). */
export function loadPosterior(arg: string, cwd: string): PosteriorDocument {
  const path = resolve(cwd, arg);
  let text: string;
  try {
    if (statSync(path).size > MAX_POSTERIOR_BYTES) throw new UserError(`--posterior: ${arg} is larger than 64 MB`, { field: '--posterior', value: arg, expected: 'a posterior.json of at most 64 MB' });
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`--posterior: cannot read ${arg}`, { field: '--posterior', value: arg, expected: 'a posterior.json written by govsim calibrate' });
  }
  try {
    return checkPosterior(JSON.parse(text));
  } catch (e) {
    throw new UserError(`--posterior: ${arg}: ${(e as Error).message}`, { field: '--posterior', value: arg, expected: 'a posterior.json written by govsim calibrate' });
  }
}

const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${fmt(x * 100, 3)} %`);
const iv = (x: [number, number]) => `[${fmt(x[0])}, ${fmt(x[1])}]`;

export function posteriorTables(pc: PosteriorComparison, base: string, metrics: string[]): string {
  let out = '';
  for (const [reform, byMetric] of Object.entries(pc.effects)) {
    out += `\n${reform} vs ${base} over ${pc.draws} posterior draws × ${pc.seedsPerDraw} seeds (paired; ${Math.round(pc.level * 100)} % intervals)\n`;
    out += formatTable(['metric', 'mean effect', 'seed-only', 'seed + parameter', 'P(higher)', 'P(better)', 'verdict flips'],
      metrics.filter((m) => m in byMetric).map((m) => {
        const e = byMetric[m];
        return [m, fmt(e.mean), iv(e.seedOnly), iv(e.seedAndParameter), pct(e.pHigher), pct(e.pBetter), pct(e.flips)];
      }), []);
  }
  return out;
}

function posteriorHtml(pc: PosteriorComparison, base: string, metrics: string[], doc: PosteriorDocument): string {
  let html = `<style>.gs-pc table{border-collapse:collapse;font-size:13px}.gs-pc td,.gs-pc th{border:1px solid #ccc;padding:2px 6px;text-align:right}.gs-pc td:first-child{text-align:left}</style>
<section class="gs-pc"><h2>Uncertainty from the calibration (posterior ${doc.digest.slice(0, 12)}, ${pc.draws} draws × ${pc.seedsPerDraw} seeds)</h2>
<p>Each replication runs on a parameter set drawn from the posterior ensemble and a seed, paired across scenarios. <b>Seed-only</b>: the interval a comparison at one fixed parameter set reports. <b>Seed + parameter</b>: the spread of the effect over worlds consistent with the calibration targets. <b>Verdict flips</b>: share of draws whose effect has the opposite sign to the mean effect. The per-draw scenarios also appear in the tables above (id~dN); their differences there are against draw 0's baseline and are not the paired effects.</p>`;
  for (const [reform, byMetric] of Object.entries(pc.effects)) {
    html += `<h3>${reform.replace(/[<>&"]/g, '')} vs ${base.replace(/[<>&"]/g, '')}</h3><table><tr><th>metric</th><th>mean effect</th><th>seed-only</th><th>seed + parameter</th><th>P(higher)</th><th>P(better)</th><th>verdict flips</th></tr>`;
    for (const m of metrics) {
      const e = byMetric[m];
      if (!e) continue;
      html += `<tr><td>${m}</td><td>${fmt(e.mean)}</td><td>${iv(e.seedOnly)}</td><td>${iv(e.seedAndParameter)}</td><td>${pct(e.pHigher)}</td><td>${pct(e.pBetter)}</td><td>${pct(e.flips)}</td></tr>`;
    }
    html += '</table>';
  }
  return `${html}</section>`;
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
  if (o.posterior !== undefined) return posteriorCompare(baseline, reforms, metrics, o, c, io, argv);
  if (o.draws !== undefined || o.seedsPerDraw !== undefined) throw new UserError('--draws and --seeds-per-draw need --posterior FILE', { field: '--draws', expected: '--posterior FILE' });
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

async function posteriorCompare(
  baseline: Scenario, reforms: Scenario[], metrics: string[], o: CompareOptionsText, c: ReturnType<typeof parseCommon>, io: CliIo, argv: string[],
): Promise<number> {
  if (o.forkDay !== undefined) throw new UserError('--fork-day cannot be combined with --posterior (each draw changes the model)', { field: '--fork-day', expected: 'no --fork-day with --posterior' });
  const post = loadPosterior(o.posterior!, io.cwd);
  const D = parseIntOption('--draws', o.draws ?? '10', 2, 10_000);
  const S = parseIntOption('--seeds-per-draw', o.seedsPerDraw ?? '2', 1, 1000);
  if (post.engineVersion !== ENGINE_VERSION) io.err(`note: the posterior was calibrated with engine ${post.engineVersion}, this is ${ENGINE_VERSION}: its parameter sets may no longer meet the targets\n`);
  const draws = posteriorDraws(post, D, c.baseSeed);
  const all = drawScenarios([baseline, ...reforms], draws);
  const keys = [baseline.id, ...reforms.map((r) => r.id)];
  const plan = planCompare({ baseline: all[0], reforms: all.slice(1), days: c.days, reps: S, baseSeed: c.baseSeed, series: c.series });
  io.err(`posterior ${post.digest.slice(0, 12)}: ${D} draws × ${S} seeds per draw, paired across ${keys.length} scenarios\n`);
  let pc: PosteriorComparison | undefined;
  const all2 = Object.keys(post.particles[0]?.summary ?? {});
  const res = await executeExperiment(plan, c, io, argv, {}, {
    analyse: (_doc, table) => {
      const names = all2.length ? all2 : metrics;
      pc = analysePosteriorCompare(table, keys, D, S, names, c.level);
      const file = { posterior: { digest: post.digest, engineVersion: post.engineVersion, base: post.base.id }, drawn: draws.map((d) => d.particle), ...pc };
      return { files: { 'posterior-compare.json': `${toJsonText(file, 2)}\n` }, html: posteriorHtml(pc, baseline.id, metrics, post) };
    },
  });
  if (pc) io.out(posteriorTables(pc, baseline.id, metrics));
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
      .option('--metric <name>', 'metrics to print (repeatable; all are in experiment.json)', (v: string, p: string[] = []) => [...p, v])
      .option('--posterior <file>', 'run each replication on a posterior draw × seed (govsim calibrate\'s posterior.json); --reps is replaced by --draws × --seeds-per-draw')
      .option('--draws <d>', 'with --posterior: parameter sets drawn from the ensemble (default 10)')
      .option('--seeds-per-draw <s>', 'with --posterior: seeds per draw (default 2; ≥ 2 gives the seed-only interval)');
    addCommonOptions(cmd, { reps: '10', series: 'all' })
      .action(async (baseline: string, reforms: string[], o: CompareOptionsText) => ctx.exit(await compareCommand(baseline, reforms, o, ctx.io, ctx.argv)));
  },
};
