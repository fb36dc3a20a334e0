// Downloads of the runs on screen: the series as CSV (both arms in compare mode) and the run as
// JSON (manifest, spec with preset, patches and levers, share link, summary, series and flows).
import { app, baseRun, shareUrl } from './app.ts';
import { seriesCsv } from '../../sim/csv.ts';
import { ensembleExport } from './ensemble.ts';
import { download, jsonNumbers, jsonSeries } from './export.ts';
import type { Band } from './protocol.ts';
import type { RunData } from './session.ts';

export function exportCsv(): void {
  const r = app.session.main;
  if (!r) return;
  const names = app.cat.series.map((s) => s.name);
  const b = baseRun();
  const values: Record<string, ArrayLike<number>> = { ...r.values };
  let cols = names;
  if (b) {
    cols = names.flatMap((n) => [n, `baseline:${n}`]);
    for (const n of names) values[`baseline:${n}`] = b.values[n];
  }
  // With replications: per series the mean over the runs, the 95 % interval of that mean and the
  // 10–90 % range of the runs (and the paired difference's mean and interval in compare mode).
  const reps = app.session.reps;
  if (reps) {
    const add = (col: string, a: ArrayLike<number> | undefined) => {
      if (!a) return;
      values[col] = a;
      cols.push(col);
    };
    cols = [...cols];
    for (const n of names) {
      add(`mean:${n}`, reps.main[n]?.mean);
      add(`ci95_lo:${n}`, reps.main[n]?.lo);
      add(`ci95_hi:${n}`, reps.main[n]?.hi);
      add(`p10:${n}`, reps.mainSpread?.[n]?.lo);
      add(`p90:${n}`, reps.mainSpread?.[n]?.hi);
      if (reps.diff) {
        add(`diff_mean:${n}`, reps.diff[n]?.mean);
        add(`diff_ci95_lo:${n}`, reps.diff[n]?.lo);
        add(`diff_ci95_hi:${n}`, reps.diff[n]?.hi);
      }
    }
  }
  const text = seriesCsv({ startDate: r.layout.startDate, days: r.day, names: cols, values }, { layout: 'wide' });
  download(`govsim-${r.layout.scenarioId}-seed${r.spec.seed}-day${r.day}.csv`, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

function runJson(r: RunData) {
  return {
    manifest: r.manifest ?? null,
    spec: r.spec,
    scenarioHash: r.layout.scenarioHash,
    day: r.day,
    summary: r.summary ? jsonNumbers(r.summary) : null,
    series: {
      startDate: r.layout.startDate,
      days: r.day,
      names: app.cat.series.map((s) => s.name),
      units: app.cat.series.map((s) => s.unit),
      values: jsonSeries(Object.fromEntries(app.cat.series.map((s) => [s.name, r.values[s.name] ?? []])), r.day),
    },
    histogram: r.flows?.histogram ?? null,
    caseFlow: r.flows?.caseFlow ?? null,
    moneyFlow: r.flows?.moneyFlow ?? null,
  };
}

export function exportJson(): void {
  const r = app.session.main;
  if (!r) return;
  const b = baseRun();
  const reps = app.session.reps;
  const bandJson = (x: Band | undefined, days: number) => (x ? { mean: jsonSeries({ v: x.mean }, days).v, lo: jsonSeries({ v: x.lo }, days).v, hi: jsonSeries({ v: x.hi }, days).v } : null);
  const arm = (bands: Record<string, Band> | undefined) => (bands ? Object.fromEntries(Object.keys(bands).map((n) => [n, bandJson(bands[n], r.horizon)])) : null);
  const replications = reps ? {
    n: reps.n, seeds: reps.seeds, digests: reps.digests,
    note: 'mean and 95 % confidence interval of the mean over the replications (t interval); spread: 10 % and 90 % quantiles of the runs (mean holds the median); difference: paired, edited − baseline, replication k with replication k',
    mean: arm(reps.main), spread: arm(reps.mainSpread),
    ...(reps.base ? { baselineMean: arm(reps.base), baselineSpread: arm(reps.baseSpread), difference: arm(reps.diff) } : {}),
  } : null;
  // Compare mode over a posterior ensemble: the CLI's posterior-compare.json, and the runs it is for.
  const ensemble = b ? ensembleExport() : undefined;
  const doc = { engineVersion: app.cat.engineVersion, link: new URL(shareUrl(), location.href).href, run: runJson(r), ...(b ? { baseline: runJson(b) } : {}), replications, ...ensemble };
  download(`govsim-${r.layout.scenarioId}-seed${r.spec.seed}-day${r.day}.json`, new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }));
}
