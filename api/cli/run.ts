// `govsim run <scenario|preset> --seed N --days N [--set id=v ...] [--patch p ...] --out result.json [--csv series.csv]`
// One run of the engine: writes the result as JSON (manifest, summary, series, ...), optionally
// the daily series as CSV, and prints a short summary table; a progress bar on a terminal.
import type { Command } from 'commander';
import { METRICS, resultToJson, run, type RunResult, type Scenario } from '../../sim/index.ts';
import { RUN_DEFAULTS } from '../../sim/run-defaults.ts';
import { collect, type CliCommand, type CliContext } from './context.ts';
import { fmt, formatTable } from './format.ts';
import { seriesCsvChunks } from '../../sim/csv.ts';
import {
  composeScenario, loadPatch, loadScenario, parseDays, parseSeed, parseSets, prepareOutputFile, writeChunks, writeFileAtomic,
} from './inputs.ts';
import { EXIT, UserError, type CliIo } from './io.ts';

/** Metrics shown in the terminal after a run (all of them are in the JSON). */
export const KEY_METRICS = [
  'rate.response', 'rate.resolution', 'rate.satisfaction', 'rate.inGrid', 'rate.gridSatisfaction',
  'hotline.perResidentYear', 'hotline.appealShare', 'time.median', 'time.p90', 'cases.closed',
  'cases.bouncesPer100', 'trust.mean', 'workforce.quitsPerYear', 'workforce.vacantMean',
  'money.spendTotal', 'money.unfundedCaseDays',
];

export interface RunOptionsText {
  seed?: string;
  days?: string;
  set?: string[];
  patch?: string[];
  out?: string;
  csv?: string;
  csvLayout?: string;
}

/** The scenario a run command line describes (preset or file, patches, --set). */
export function scenarioFromArgs(arg: string, patches: string[] | undefined, sets: string[] | undefined, cwd: string): Scenario {
  const base = loadScenario(arg, cwd);
  const ps = (patches ?? []).map((p) => loadPatch(p, cwd));
  return composeScenario(base, ps, parseSets(sets ?? []));
}

export function summaryTable(r: RunResult): string {
  const units = new Map(METRICS.map((m) => [m.name, m]));
  const rows = KEY_METRICS.filter((k) => k in r.summary).map((k) => [k, fmt(r.summary[k]), units.get(k)?.unit ?? '', clip(units.get(k)?.en ?? '', 60)]);
  return formatTable(['metric', 'value', 'unit', 'meaning'], rows, [1]);
}

/** Write the daily series as CSV: tidy (day,date,metric,value) or wide (day,date,<one column per series>). */
export async function writeSeriesCsv(path: string, r: RunResult, layout: 'tidy' | 'wide'): Promise<void> {
  await writeChunks(path, seriesCsvChunks(r.series, { layout }));
}

/** A progress bar on a terminal; none otherwise (cli-progress and its dependencies, some 20 modules, are then not loaded). */
async function progressBar(io: CliIo, label: string) {
  if (!io.isTTY) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({
    format: `${label} [{bar}] {percentage}% | day {value}/{total} | ETA {eta_formatted}`,
    stream: io.progressStream ?? process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  return bar;
}

export async function runCommand(arg: string, o: RunOptionsText, io: CliIo): Promise<number> {
  const seed = parseSeed(o.seed ?? String(RUN_DEFAULTS.seed));
  const days = parseDays(o.days ?? String(RUN_DEFAULTS.days));
  if (!o.out) throw new UserError('--out is required: the file the JSON result is written to', { field: '--out', expected: 'a file path such as result.json' });
  const layout = o.csvLayout ?? 'tidy';
  if (layout !== 'tidy' && layout !== 'wide') throw new UserError(`--csv-layout must be "tidy" or "wide", got ${JSON.stringify(layout)}`, { field: '--csv-layout', value: layout, expected: 'tidy or wide' });
  const scenario = scenarioFromArgs(arg, o.patch, o.set, io.cwd);
  const outPath = prepareOutputFile(o.out, io.cwd, '--out');
  const csvPath = o.csv ? prepareOutputFile(o.csv, io.cwd, '--csv') : undefined;
  if (csvPath === outPath) throw new UserError('--csv and --out name the same file', { field: '--csv', value: o.csv, expected: 'a different file from --out' });

  const bar = await progressBar(io, scenario.id);
  bar?.start(days, 0);
  let result: RunResult;
  try {
    result = run(scenario, { seed, days, progressEvery: 10, onProgress: (done) => bar?.update(done) });
  } finally {
    bar?.stop();
  }
  writeFileAtomic(outPath, `${JSON.stringify(resultToJson(result))}\n`);
  if (csvPath) await writeSeriesCsv(csvPath, result, layout);
  const m = result.manifest;
  io.out(`${m.scenarioId}  seed ${m.seed}  ${m.days} days from ${m.startDate}  engine ${m.engineVersion}\n`);
  io.out(summaryTable(result));
  io.out(`digest ${m.digest}\nwrote ${o.out}${csvPath ? ` and ${o.csv}` : ''}\n`);
  return EXIT.ok;
}

export const runCli: CliCommand = {
  name: 'run',
  register(program: Command, ctx: CliContext) {
    program.command('run')
      .description('run one scenario (a preset id or a JSON/YAML file) and write the result')
      .argument('<scenario>', 'scenario preset id (see `govsim presets`) or scenario file')
      .option('--seed <n>', 'random seed, an integer in [0, 4294967295]', String(RUN_DEFAULTS.seed))
      .option('--days <n>', 'days to simulate', String(RUN_DEFAULTS.days))
      .option('--set <lever=value>', 'set a lever (repeatable; see `govsim levers`); applied after patches', collect, [])
      .option('--patch <file|preset>', 'lay a patch over the scenario (repeatable; patches stack, conflicts are refused)', collect, [])
      .option('--out <file>', 'write the JSON result here (required)')
      .option('--csv <file>', 'also write the daily series as CSV')
      .option('--csv-layout <tidy|wide>', 'CSV layout: tidy rows (day,date,metric,value) or one column per series', 'tidy')
      .action(async (arg: string, o: RunOptionsText) => ctx.exit(await runCommand(arg, o, ctx.io)));
  },
};

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
