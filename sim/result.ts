// A run's result: manifest (scenario hash, seed, engine version, digest), summary and series,
// as plain structured-clone-safe data. The digest is SHA-256 over canonical bytes: every
// series' float64 values (little-endian, one canonical NaN) in SERIES order, then the summary
// as canonical JSON. Same bytes on every host, so the digest proves byte-identity.
import { formatDate } from './calendar.ts';
import { Sha256, canonicalJson, utf8 } from './digest.ts';
import { PURPOSES } from './money.ts';
import { computePlaces, type Places } from './places.ts';
import { HIST_BIN, HIST_BINS, SERIES } from './recorder.ts';
import { summarize } from './summary.ts';
import { CATEGORIES, SUB_ITEMS } from './taxonomy.ts';
import { ENGINE_VERSION } from './version.ts';
import type { World } from './world.ts';

export interface Manifest {
  engineVersion: string;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  days: number;
  startDate: string;
  digest: string;
}

export interface RunResult {
  manifest: Manifest;
  summary: Record<string, number>;
  series: {
    startDate: string;
    days: number;
    names: string[];
    units: string[];
    values: Record<string, Float64Array>;
  };
  /** Resolution-time histogram over the observed days: bin width in days, counts for all and by category. */
  histogram: { binDays: number; all: number[]; byCategory: Record<string, number[]> };
  /** Issues emerged over the whole run, by sub-item id. */
  emergedBySubItem: Record<string, number>;
  /** Cases closed by discovery channel × level that closed them (case-flow Sankey). */
  caseFlow: { channels: string[]; levels: string[]; counts: number[][] };
  /** Money moved over the run: inflow, transfers between kinds of account, spending by purpose (yuan). */
  moneyFlow: { from: string; to: string; yuan: number }[];
  /** Outcomes by street and community, and the reporting-bias view (sim/places.ts). Not in the digest: derived from the same run. */
  places: Places;
}

const CHANNELS = ['unreported', 'patrol', 'direct', 'hotline', 'duplicate'];
const LEVEL_NAMES = ['grid', 'community', 'street', 'department'];

/** Canonical bytes → SHA-256 hex. */
export function digestOf(names: readonly string[], values: Record<string, Float64Array>, days: number, summary: Record<string, number>): string {
  const h = new Sha256();
  const buf = new ArrayBuffer(8 * Math.max(1, days));
  const dv = new DataView(buf);
  const bytes = new Uint8Array(buf);
  for (const name of names) {
    h.update(utf8(`${name}\n`));
    const a = values[name];
    for (let i = 0; i < days; i++) {
      const x = a[i];
      if (x !== x) {
        dv.setUint32(8 * i, 0, true);
        dv.setUint32(8 * i + 4, 0x7ff80000, true);
      } else dv.setFloat64(8 * i, x, true);
    }
    h.update(bytes.subarray(0, 8 * days));
  }
  h.update(utf8(canonicalJson(summary)));
  return h.hex();
}

function accountKind(w: World, a: number): string {
  const m = w.money;
  if (a === -2) return 'budget';
  if (a === -3) return 'departments';
  if (a === -1) return 'spent';
  if (a === m.district) return 'district';
  if (a === m.transit) return 'transit';
  if (a < m.firstCommunity) return 'streets';
  return 'communities';
}

function moneyFlow(w: World): { from: string; to: string; yuan: number }[] {
  const m = w.money;
  const agg = new Map<string, number>();
  for (let i = 0; i < m.ledgerN; i++) {
    const from = accountKind(w, m.ledgerFrom[i]);
    const to = m.ledgerTo[i] === -1 ? PURPOSES[m.ledgerPurpose[i]] : accountKind(w, m.ledgerTo[i]);
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    agg.set(key, (agg.get(key) ?? 0) + m.ledgerAmount[i]);
  }
  return [...agg.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, fen]) => {
    const [from, to] = k.split('\u0000');
    return { from, to, yuan: fen / 100 };
  });
}

/** Build the result of a world stepped so far. */
export function buildResult(w: World): RunResult {
  const days = w.recorder.days;
  const names = SERIES.map((s) => s.name);
  const values: Record<string, Float64Array> = {};
  SERIES.forEach((s, i) => { values[s.name] = w.recorder.values[i].slice(0, days); });
  const summary = summarize(w);
  const digest = digestOf(names, values, days, summary);
  const flows = flowsSoFar(w);
  return {
    manifest: {
      engineVersion: ENGINE_VERSION,
      scenarioId: w.scenarioId,
      scenarioHash: w.scenarioHash,
      seed: w.seed,
      days,
      startDate: formatDate(w.params.startDay),
      digest,
    },
    summary,
    series: { startDate: formatDate(w.params.startDay), days, names, units: SERIES.map((s) => s.unit), values },
    histogram: flows.histogram,
    emergedBySubItem: Object.fromEntries(SUB_ITEMS.map((s, i) => [s.id, w.recorder.emergedBySub[i]])),
    caseFlow: flows.caseFlow,
    moneyFlow: flows.moneyFlow,
    places: computePlaces(w),
  };
}

/** The result's flows and histogram so far, without summary or digest (cheap: for live pictures). */
export function flowsSoFar(w: World): Pick<RunResult, 'caseFlow' | 'moneyFlow' | 'histogram'> {
  const rh = w.recorder.runHist;
  const row = (k: number) => Array.from(rh.subarray(k * (HIST_BINS + 1), (k + 1) * (HIST_BINS + 1)));
  const byCategory: Record<string, number[]> = {};
  CATEGORIES.forEach((c, i) => { byCategory[c.id] = row(i); });
  const counts: number[][] = CHANNELS.map((_, ch) => LEVEL_NAMES.map((__, l) => w.recorder.flow[ch * 4 + l]));
  return {
    histogram: { binDays: HIST_BIN, all: row(CATEGORIES.length), byCategory },
    caseFlow: { channels: CHANNELS, levels: LEVEL_NAMES, counts },
    moneyFlow: moneyFlow(w),
  };
}

/** Check a result's digest against its own contents (after JSON round trips, say). */
export function verifyDigest(r: RunResult): boolean {
  const values: Record<string, Float64Array> = {};
  for (const n of r.series.names) values[n] = Float64Array.from(r.series.values[n] as ArrayLike<number>, (x) => (x === null ? NaN : x));
  return digestOf(r.series.names, values, r.series.days, r.summary) === r.manifest.digest;
}
