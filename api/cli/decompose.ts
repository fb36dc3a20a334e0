// `govsim decompose <base> [patch ...] [--to SCENARIO [--by group|lever]] [--permutations M] --reps N --out DIR`
// Shapley decomposition of a reform into its components: every subset of the components is run
// on the same seeds (common random numbers), and each component's share of the total effect on
// each metric is its marginal contribution averaged over the orders of adoption — exact over
// ≤ 8 components (2^n scenarios), sampled permutations above (or with --permutations). Shares
// come with t intervals over the replications; each component's effect alone and the pairwise
// interactions are reported next to them. Components are patches, or with --to the levers that
// differ between the base and a target scenario, grouped by lever group (or one per lever).
// Calendar levers (the start date) are held at the base's value: they are context, not reform.
// Writes decomposition.json and a waterfall chart per key metric in report.html.
import type { Command } from 'commander';
import {
  LEVER_GROUPS, canonicalJson, getLever, resolvedLevers, withLevers, type LeverValues, type Scenario,
} from '../../sim/index.ts';
import {
  EXACT_MAX, decompose, shapleyPermutations, shapleySubsets, planCompare, toJsonText, type Decomposition, type OutputTable,
} from '../../sim/experiments/index.ts';
import { collect, type CliCommand, type CliContext } from './context.ts';
import { addCommonOptions, executeExperiment, parseCommon, parseMetric, type CommonOptionsText } from './experiment.ts';
import { fmt, formatTable } from './format.ts';
import { composeScenario, loadPatch, loadScenario, parseIntOption, parseSets } from './inputs.ts';
import { UserError, type CliIo } from './io.ts';
import { KEY_METRICS } from './run.ts';
import { SECTION_CSS, chartHtml, esc } from './html.ts';

interface DecomposeOptionsText extends CommonOptionsText {
  to?: string;
  by?: string;
  permutations?: string;
  metric?: string[];
}

export interface Component { id: string; levers: LeverValues }

/** The components that take `base` to `target`: its differing levers, by group or one per lever. */
export function componentsBetween(base: Scenario, target: Scenario, by: 'group' | 'lever'): Component[] {
  if (canonicalJson(base.district) !== canonicalJson(target.district)) {
    throw new UserError(`--to: "${target.id}" has a different district from "${base.id}"; a decomposition splits lever changes only`, { field: '--to', value: target.id, expected: 'a scenario on the same district' });
  }
  const a = resolvedLevers(base), b = resolvedLevers(target);
  const groups = new Map<string, LeverValues>();
  for (const id of Object.keys(b).sort()) {
    if (canonicalJson(a[id]) === canonicalJson(b[id])) continue;
    const l = getLever(id)!;
    if (l.group === 'calendar') continue;
    const key = by === 'group' ? l.group : id;
    if (!groups.has(key)) groups.set(key, {});
    groups.get(key)![id] = b[id];
  }
  const order = LEVER_GROUPS.map((g) => g.id as string);
  return [...groups.entries()].sort((x, y) => (by === 'group' ? order.indexOf(x[0]) - order.indexOf(y[0]) : x[0] < y[0] ? -1 : 1)).map(([id, levers]) => ({ id, levers }));
}

/** The scenario of one subset of components; refuses components that set a lever differently. */
export function subsetScenario(base: Scenario, comps: Component[], mask: number): Scenario {
  if (mask === 0) return base;
  const levers: LeverValues = {};
  const from: Record<string, string> = {};
  const ids: string[] = [];
  comps.forEach((c, i) => {
    if (!(mask & (1 << i))) return;
    ids.push(c.id);
    for (const [k, v] of Object.entries(c.levers)) {
      if (k in levers && canonicalJson(levers[k]) !== canonicalJson(v)) {
        throw new UserError(`components "${from[k]}" and "${c.id}" set ${k} differently (${JSON.stringify(levers[k])} vs ${JSON.stringify(v)}): a decomposition needs components that can be combined`,
          { field: 'components', value: k, expected: 'components that do not conflict' });
      }
      levers[k] = v;
      from[k] = c.id;
    }
  });
  return { ...withLevers(base, levers), id: subsetId(base.id, ids, comps.length, mask) };
}

/** A scenario id is at most 80 characters: base+a+b names the subset when it fits, else the components' positions (base+#1.3.4), else the mask. */
export function subsetId(baseId: string, ids: string[], n: number, mask: number): string {
  const full = `${baseId}+${ids.join('+')}`;
  if (full.length <= 80 || ids.length === 0) return ids.length ? full : baseId;
  const positions: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) positions.push(i + 1);
  const short = `+#${positions.join('.')}`;
  if (baseId.length + short.length <= 80) return `${baseId}${short}`;
  const tail = `+#x${mask.toString(16)}`;
  return `${baseId.slice(0, 80 - tail.length)}${tail}`;
}

export interface DecompositionDocument {
  format: 'govsim-decomposition/1';
  experiment: string;
  base: string;
  components: Component[];
  method: 'exact' | 'permutations';
  permutations?: number[][];
  subsets: number[];
  replications: number;
  metrics: Record<string, Decomposition>;
}

export function buildDecomposition(plan: { id: string; scenarios: { key: string }[]; reps: number }, table: OutputTable, comps: Component[], masks: number[], perms: number[][] | undefined, metrics: string[], level: number, baseId: string): DecompositionDocument {
  const n = comps.length;
  // Replications where every subset finished (a failed run leaves its replication out).
  const reps: number[] = [];
  for (let r = 0; r < plan.reps; r++) if (masks.every((_, s) => table[s][r])) reps.push(r);
  const out: DecompositionDocument = {
    format: 'govsim-decomposition/1', experiment: plan.id, base: baseId, components: comps, method: perms ? 'permutations' : 'exact',
    subsets: masks, replications: reps.length, metrics: {},
  };
  if (perms) out.permutations = perms;
  if (reps.length === 0) return out;
  for (const m of metrics) {
    const values = reps.map((r) => new Map(masks.map((mask, s) => [mask, table[s][r]!.summary[m]])));
    out.metrics[m] = decompose(n, values, perms, level);
  }
  return out;
}

function ci(x: { mean: number; ciLow: number; ciHigh: number }): string {
  return `${fmt(x.mean)} [${fmt(x.ciLow)}, ${fmt(x.ciHigh)}]`;
}

export function decompositionTables(d: DecompositionDocument, metrics: string[]): string {
  let out = '';
  for (const m of metrics) {
    const x = d.metrics[m];
    if (!x) continue;
    out += `\n${m}: total effect ${ci(x.total)}; interaction (total − Σ alone) ${ci(x.interactionTotal)}\n`;
    out += formatTable(['component', 'Shapley share', 'alone', 'share − alone'], d.components.map((c, i) => [
      c.id, ci(x.components[i].shapley), ci(x.components[i].alone), ci(x.components[i].interaction),
    ]), []);
  }
  return out;
}

export function decompositionHtml(d: DecompositionDocument, baseMeans: Record<string, number>, metrics: string[]): string {
  let html = `${SECTION_CSS}<section class="gs-extra"><h2>Decomposition (Shapley values, ${d.method === 'exact' ? 'exact over all subsets' : `${d.permutations!.length} sampled orders`}, ${d.replications} paired replications)</h2>
<p>Each bar is a component's share of the total effect: its marginal contribution averaged over every order of adoption. Whiskers: interval over replications. The dashed tick marks the component's effect <em>alone</em>; the gap between tick and bar end is what it gains or loses from the others (interaction).</p>`;
  for (const m of metrics) {
    const x = d.metrics[m];
    if (!x) continue;
    const start = baseMeans[m];
    html += chartHtml('waterfall', {
      title: m, start, end: start + x.total.mean,
      steps: d.components.map((c, i) => ({
        label: c.id, value: x.components[i].shapley.mean, low: x.components[i].shapley.ciLow, high: x.components[i].shapley.ciHigh, alone: x.components[i].alone.mean,
      })),
    });
    if (x.pairs?.length) {
      const strong = [...x.pairs].sort((a, b) => Math.abs(b.interaction.mean) - Math.abs(a.interaction.mean)).slice(0, 5);
      html += `<table><tr><th>pairwise interaction (${esc(m)})</th><th>mean</th><th>interval</th></tr>${strong.map((p) => `<tr><td>${esc(d.components[p.i].id)} × ${esc(d.components[p.j].id)}</td><td>${fmt(p.interaction.mean)}</td><td>[${fmt(p.interaction.ciLow)}, ${fmt(p.interaction.ciHigh)}]</td></tr>`).join('')}</table>`;
    }
  }
  return `${html}</section>`;
}

export async function decomposeCommand(baseArg: string, patchArgs: string[], o: DecomposeOptionsText, io: CliIo, argv: string[]): Promise<number> {
  const c = parseCommon(o, io);
  const sets = parseSets(o.set ?? []);
  const base = composeScenario(loadScenario(baseArg, io.cwd), (o.patch ?? []).map((p) => loadPatch(p, io.cwd)), sets);
  let comps: Component[] = patchArgs.map((a) => { const p = loadPatch(a, io.cwd); return { id: p.id, levers: p.levers as LeverValues }; });
  if (o.to !== undefined) {
    const by = o.by ?? 'group';
    if (by !== 'group' && by !== 'lever') throw new UserError(`--by must be "group" or "lever", got ${JSON.stringify(by)}`, { field: '--by', value: by, expected: 'group or lever' });
    comps = [...comps, ...componentsBetween(base, composeScenario(loadScenario(o.to, io.cwd), [], sets), by)];
  }
  if (comps.length === 0) throw new UserError('decompose needs reform components: patches, or --to SCENARIO', { field: 'components', expected: 'one or more patches, or --to' });
  if (comps.length > 20) throw new UserError(`at most 20 components, got ${comps.length}`, { field: 'components', value: comps.length, expected: '≤ 20 components' });
  const ids = comps.map((x) => x.id);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) throw new UserError(`component "${dup}" is given twice`, { field: 'components', value: dup, expected: 'distinct components' });
  const n = comps.length;
  let perms: number[][] | undefined;
  if (o.permutations !== undefined || n > EXACT_MAX) {
    perms = shapleyPermutations(n, parseIntOption('--permutations', o.permutations ?? String(4 * n), 1, 10_000), c.baseSeed);
  }
  const masks = shapleySubsets(n, perms);
  const scenarios = masks.map((m) => subsetScenario(base, comps, m));
  const metrics = (o.metric?.length ? o.metric : KEY_METRICS).map((m) => parseMetric(m));
  io.err(`decompose: ${n} components → ${masks.length} subsets${perms ? ` from ${perms.length} sampled orders` : ' (exact)'}\n`);
  const plan = planCompare({ baseline: scenarios[0], reforms: scenarios.slice(1), days: c.days, reps: c.reps, baseSeed: c.baseSeed, series: c.series });
  let dec: DecompositionDocument | undefined;
  const res = await executeExperiment(plan, c, io, argv, {}, {
    analyse: (doc, table) => {
      const all = Object.keys(doc.summaries[doc.scenarios[0].key]);
      dec = buildDecomposition(plan, table, comps, masks, perms, all, c.level, base.id);
      const means: Record<string, number> = {};
      for (const m of all) means[m] = doc.summaries[doc.scenarios[0].key][m].mean;
      return { files: { 'decomposition.json': `${toJsonText(dec, 2)}\n` }, html: decompositionHtml(dec, means, metrics) };
    },
  });
  if (dec) io.out(decompositionTables(dec, metrics));
  return res.code;
}

export const decomposeCli: CliCommand = {
  name: 'decompose',
  register(program: Command, ctx: CliContext) {
    const cmd = program.command('decompose')
      .description('Shapley decomposition of a reform into its components (common random numbers, intervals, interactions)')
      .argument('<base>', 'the scenario before the reform: preset id or file')
      .argument('[patches...]', 'reform components: patch presets or files')
      .option('--to <scenario>', 'components = the levers that differ between <base> and this scenario (calendar held at the base)')
      .option('--by <group|lever>', 'with --to: one component per lever group, or per lever', 'group')
      .option('--permutations <m>', `sample m orders instead of all subsets (default above ${EXACT_MAX} components: 4 × components)`)
      .option('--metric <name>', 'metrics to print and chart (repeatable; all are in decomposition.json)', collect, []);
    addCommonOptions(cmd, { reps: '5', series: 'none' })
      .action(async (base: string, patches: string[], o: DecomposeOptionsText) => ctx.exit(await decomposeCommand(base, patches, o, ctx.io, ctx.argv)));
  },
};
