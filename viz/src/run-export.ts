// Downloads of the runs on screen: the series as CSV (both arms in compare mode) and the run as
// JSON (manifest, spec with preset, patches and levers, share link, summary, series and flows).
import { app, baseRun, shareUrl } from './app.ts';
import { download, jsonNumbers, jsonSeries, seriesCsv } from './export.ts';
import type { RunData } from './session.ts';

export function exportCsv(): void {
  const r = app.session.main;
  if (!r) return;
  const names = app.cat.series.map((s) => s.name);
  const b = baseRun();
  const values: Record<string, ArrayLike<number>> = { ...r.values };
  const prefix: Record<string, string> = {};
  let cols = names;
  if (b) {
    cols = names.flatMap((n) => [n, `baseline:${n}`]);
    for (const n of names) values[`baseline:${n}`] = b.values[n];
  }
  const text = seriesCsv(r.layout.startDate, cols, values, r.day, prefix);
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
  const doc = { engineVersion: app.cat.engineVersion, link: new URL(shareUrl(), location.href).href, run: runJson(r), ...(b ? { baseline: runJson(b) } : {}) };
  download(`govsim-${r.layout.scenarioId}-seed${r.spec.seed}-day${r.day}.json`, new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }));
}
