// Write benchmark of the run store (npm run bench:store): the cost of SQLite `synchronous=FULL`
// (what the server uses: a 202 is on disk before it is sent, also across a power loss) against
// `NORMAL` (WAL's usual setting: a committed transaction may roll back on power loss, never
// corrupts). Write-heavy, on the store's own statements: job submissions (insertJob, the
// transaction behind every 202) and saved runs (saveTask, one transaction per finished run) with
// rows the size of a training run's outputs; and the server's mix (FULL for acknowledgements,
// NORMAL for saved runs). Each mode runs `--rounds` times, alternating, on a
// fresh store in `--dir` (default the OS temp directory; say which disk it is). Prints a table;
// asserts nothing.
//   node bin/run-ts.mjs bench/store.ts [--jobs 300] [--runs 300] [--rounds 2] [--dir PATH]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type NewResult } from '../api/store/store.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}
const jobs = Number(arg('jobs', '300'));
const runs = Number(arg('runs', '300'));
const rounds = Number(arg('rounds', '2'));
const dir = arg('dir', tmpdir());

// Rows shaped like a stored run: a 365-day series of ~60 metrics (~150 kB of JSON), or (a
// sensitivity run, no series) a summary and manifest only.
const summary = JSON.stringify(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`metric.${i}`, 0.123456789 * i])));
const manifest = JSON.stringify({ seed: 1, days: 365, engineVersion: '0.10.0', digest: 'd'.repeat(64), scenarioHash: 'h'.repeat(64), startDate: '2021-01-01' });
const series = JSON.stringify({ startDate: '2021-01-01', days: 365, names: Array.from({ length: 60 }, (_, i) => `m${i}`), values: Array.from({ length: 60 }, (_, m) => Array.from({ length: 365 }, (_, d) => Math.round((m * 365 + d) * 1.37) / 100)) });
const row = (r: number, withSeries: boolean): NewResult => ({
  scenario: 0, replication: r, seed: r + 1, digest: r.toString(16).padStart(64, '0'), manifest, summary, series: withSeries ? series : null, extras: null,
});

interface Figures { perSecond: number; p50: number; p99: number; max: number }
function figures(ms: number[]): Figures {
  const s = [...ms].sort((a, b) => a - b);
  const total = ms.reduce((a, b) => a + b, 0);
  return { perSecond: ms.length / (total / 1000), p50: s[Math.floor(s.length * 0.5)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))], max: s[s.length - 1] };
}

function timed(n: number, f: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f(i);
    out.push(performance.now() - t);
  }
  return out;
}

// FULL and NORMAL for every write; "server": the store's defaults (FULL for acknowledgements such
// as a submission, NORMAL for saved runs).
type Mode = 'FULL' | 'NORMAL' | 'server';
const MODES: Mode[] = ['NORMAL', 'FULL', 'server'];
function round(mode: Mode): Record<string, number[]> {
  const d = mkdtempSync(join(dir, 'govsim-bench-store-'));
  const store = openStore(d, mode === 'server' ? {} : { synchronous: mode, runsSynchronous: mode });
  try {
    const job = (id: string, runsTotal: number) => ({
      id, kind: 'run' as const, key: id, client: 'local', label: null, body: '{"preset":"training"}', requestKey: id,
      engineVersion: '0.10.0', scenarioId: 'training', scenarioHash: 'h', scenarios: 1, seed: 1, days: 365, replications: runsTotal, runsTotal, spec: '{}',
    });
    const submit = timed(jobs, (i) => store.insertJob(job(`run_submit_${i}`, 1)));
    store.insertJob(job('run_series', runs));
    store.insertJob(job('run_small', runs));
    const withSeries = timed(runs, (i) => store.saveTask('run_series', i, [row(i, true)]));
    const small = timed(runs, (i) => store.saveTask('run_small', i, [row(i, false)]));
    return { submit, withSeries, small };
  } finally {
    store.close();
    rmSync(d, { recursive: true, force: true });
  }
}

const all: Record<Mode, Record<string, number[]>> = { FULL: {}, NORMAL: {}, server: {} };
for (let r = 0; r < rounds; r++) {
  for (const mode of r % 2 === 0 ? MODES : [...MODES].reverse()) {
    for (const [k, v] of Object.entries(round(mode))) (all[mode][k] ??= []).push(...v);
  }
}

let fs = 'unknown file system';
try {
  fs = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n').pop()!.split(/\s+/).slice(0, 2).join(' ');
} catch { /* no df */ }
process.stdout.write(`govsim store write benchmark: ${rounds} rounds per mode (alternating), ${jobs} submissions and ${runs} + ${runs} saved runs per round; store in ${dir} (${fs}), Node ${process.version}\n`);
process.stdout.write(`saved run with series: ${(series.length + summary.length + manifest.length) / 1000} kB; without: ${(summary.length + manifest.length) / 1000} kB\n\n`);
const labels: Record<string, string> = { submit: 'submission (insertJob, one per 202)', withSeries: 'saved run, 365-day series', small: 'saved run, summary only' };
const head = ['operation', 'synchronous', 'ops/s', 'p50 ms', 'p99 ms', 'max ms'];
const table = [head];
for (const k of Object.keys(labels)) {
  for (const mode of MODES) {
    const f = figures(all[mode][k]);
    table.push([labels[k], mode === 'server' ? `server (${k === 'submit' ? 'FULL' : 'NORMAL'})` : mode, f.perSecond.toFixed(0), f.p50.toFixed(2), f.p99.toFixed(2), f.max.toFixed(2)]);
  }
}
const widths = head.map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const r of table) process.stdout.write(`${r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')}\n`);
process.stdout.write('\nFULL over NORMAL: ');
process.stdout.write(Object.keys(labels).map((k) => {
  const n = figures(all.NORMAL[k]);
  const f = figures(all.FULL[k]);
  return `${k} ${(n.perSecond / f.perSecond).toFixed(1)}× fewer ops/s, p50 +${(f.p50 - n.p50).toFixed(2)} ms`;
}).join('; '));
process.stdout.write('\n');
