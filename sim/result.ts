// A run's result: manifest (scenario hash, seed, engine version, digest), summary, series and
// the other tables, as plain structured-clone-safe data. The digest is SHA-256 over the
// canonical JSON of the WHOLE result except its manifest (which names the inputs: scenario
// hash, seed, days, engine version): every field a client can receive, including any field
// added later, since coverage is derived from the object itself (see resultDigest). Numbers
// are written by JSON.stringify (exact for doubles; NaN and ±Infinity as null), so a result
// that went through JSON verifies the same as the original.
import { formatDate } from './calendar.ts';
import { canonicalDigest } from './digest.ts';
import { PURPOSES } from './money.ts';
import { computePlaces, type Places } from './places.ts';
import { HIST_BIN, HIST_BINS, histogramsByCategory, SERIES } from './recorder.ts';
import { measurementWindow, summarize, type MeasurementWindow } from './summary.ts';
import { CATEGORIES, SUB_ITEMS } from './taxonomy.ts';
import { ENGINE_VERSION } from './version.ts';
import type { World } from './world.ts';
import type { ManifestJson, RunResultJson } from './schema/index.ts';

/** A run's manifest: sim/schema's Manifest (the single definition), as its Static type. */
export type Manifest = ManifestJson;

/**
 * A run's result in memory. Its JSON form is sim/schema's RunResult (the single definition);
 * this type is that schema's Static type with the fields whose in-memory form differs replaced:
 * the series as Float64Array (a Static type cannot say so, and the engine's hot loop writes
 * them), the summary as numbers (NaN where undefined; null only in JSON), and the window and
 * places as their modules' own types. test/sim/schema-types.test.ts ties the whole to the schema
 * at compile time (type-level equality both ways of the JSON form, up to null for NaN), so the
 * two cannot drift.
 */
export type RunResult = Omit<RunResultJson, 'manifest' | 'summary' | 'series' | 'window' | 'places'> & {
  manifest: Manifest;
  summary: Record<string, number>;
  series: Omit<RunResultJson['series'], 'values'> & { values: Record<string, Float64Array> };
  /** The days the summary measures, [from, to), with the warm-up and a plain note (short runs say so). */
  window: MeasurementWindow;
  /** Outcomes by street and community, and the reporting-bias view (sim/places.ts). */
  places: Places;
};

const CHANNELS = ['unreported', 'patrol', 'direct', 'hotline', 'duplicate'];
const LEVEL_NAMES = ['grid', 'community', 'street', 'department'];

/** The digest of a result: every field except `manifest`, canonical JSON, SHA-256 (hex). */
export function resultDigest(r: Omit<RunResult, 'manifest'> & { manifest?: unknown }): string {
  const { manifest: _manifest, ...outputs } = r;
  return canonicalDigest(outputs);
}

/** Names a ledger entry can have at either end: kinds of account, then spending purposes. */
const FLOW_NAMES: readonly string[] = ['budget', 'departments', 'spent', 'district', 'transit', 'departmentBudgets', 'streets', 'communities', ...PURPOSES];
const K_BUDGET = 0, K_DEPARTMENTS = 1, K_SPENT = 2, K_DISTRICT = 3, K_TRANSIT = 4, K_DEPARTMENT_BUDGETS = 5, K_STREETS = 6, K_COMMUNITIES = 7, K_PURPOSE = 8;

function accountKind(w: World, a: number): number {
  const m = w.money;
  if (a === -2) return K_BUDGET;
  if (a === -3) return K_DEPARTMENTS;
  if (a === -1) return K_SPENT;
  if (a === m.district) return K_DISTRICT;
  if (a === m.transit) return K_TRANSIT;
  if (a === m.departments) return K_DEPARTMENT_BUDGETS;
  if (a < m.firstCommunity) return K_STREETS;
  return K_COMMUNITIES;
}

/**
 * Money moved by (kind of source, kind of destination or purpose), summed in ledger order, sorted
 * by the names. Pairs are tallied by index (one pass over the ledger, no strings per entry).
 */
function moneyFlow(w: World): { from: string; to: string; yuan: number }[] {
  const m = w.money;
  const K = FLOW_NAMES.length;
  const sum = new Float64Array(K * K);
  const seen = new Uint8Array(K * K);
  // Kind of every account (accounts are 0 .. nAccounts), and of the outside codes -3 .. -1.
  const kindOf = new Int32Array(m.nAccounts + 3);
  for (let a = -3; a < m.nAccounts; a++) kindOf[a + 3] = accountKind(w, a);
  const n = m.nAccounts;
  for (let i = 0; i < m.ledgerN; i++) {
    const a = m.ledgerFrom[i], b = m.ledgerTo[i];
    const from = a >= -3 && a < n ? kindOf[a + 3] : accountKind(w, a);
    let to: number;
    if (b === -1) {
      const purpose = m.ledgerPurpose[i];
      if (purpose >= PURPOSES.length) throw new Error(`money ledger entry ${i}: spending with purpose ${purpose}, not one of PURPOSES`);
      to = K_PURPOSE + purpose;
    } else to = b >= -3 && b < n ? kindOf[b + 3] : accountKind(w, b);
    if (from === to) continue;
    const k = from * K + to;
    sum[k] += m.ledgerAmount[i];
    seen[k] = 1;
  }
  const rows: { key: string; from: string; to: string; fen: number }[] = [];
  for (let k = 0; k < K * K; k++) {
    if (!seen[k]) continue;
    const from = FLOW_NAMES[Math.floor(k / K)], to = FLOW_NAMES[k % K];
    rows.push({ key: `${from}\u0000${to}`, from, to, fen: sum[k] });
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : 1)).map((r) => ({ from: r.from, to: r.to, yuan: r.fen / 100 }));
}

/** Build the result of a world stepped so far. */
export function buildResult(w: World): RunResult {
  const days = w.recorder.days;
  const names = SERIES.map((s) => s.name);
  const values: Record<string, Float64Array> = {};
  SERIES.forEach((s, i) => { values[s.name] = w.recorder.values[i].slice(0, days); });
  const summary = summarize(w);
  const window = measurementWindow(w);
  const flows = flowsSoFar(w);
  const result: RunResult = {
    manifest: {
      engineVersion: ENGINE_VERSION,
      scenarioId: w.scenarioId,
      scenarioHash: w.scenarioHash,
      seed: w.seed,
      days,
      startDate: formatDate(w.params.startDay),
      digest: '',
    },
    summary,
    series: { startDate: formatDate(w.params.startDay), days, names, units: SERIES.map((s) => s.unit), values },
    window,
    histogram: windowHistogram(w, window),
    emergedBySubItem: Object.fromEntries(SUB_ITEMS.map((s, i) => [s.id, w.recorder.emergedBySub[i]])),
    caseFlow: flows.caseFlow,
    moneyFlow: flows.moneyFlow,
    places: computePlaces(w),
  };
  result.manifest.digest = resultDigest(result);
  return result;
}

function windowHistogram(w: World, win: MeasurementWindow): RunResult['histogram'] {
  const r = w.recorder;
  const byCategory: Record<string, number[]> = {};
  const rows = histogramsByCategory(r, win.from, win.to, CATEGORIES.length);
  CATEGORIES.forEach((c, i) => { byCategory[c.id] = rows[i]; });
  return { binDays: HIST_BIN, openFromDays: HIST_BINS * HIST_BIN, all: rows[CATEGORIES.length], byCategory };
}

/** The result's flows and histogram (whole run so far; the last bin open-ended) without summary or digest (cheap: for live pictures). */
export function flowsSoFar(w: World): Pick<RunResult, 'caseFlow' | 'moneyFlow' | 'histogram'> {
  const rh = w.recorder.runHist;
  const row = (k: number) => Array.from(rh.subarray(k * (HIST_BINS + 1), (k + 1) * (HIST_BINS + 1)));
  const byCategory: Record<string, number[]> = {};
  CATEGORIES.forEach((c, i) => { byCategory[c.id] = row(i); });
  const counts: number[][] = CHANNELS.map((_, ch) => LEVEL_NAMES.map((__, l) => w.recorder.flow[ch * 4 + l]));
  return {
    histogram: { binDays: HIST_BIN, openFromDays: HIST_BINS * HIST_BIN, all: row(CATEGORIES.length), byCategory },
    caseFlow: { channels: CHANNELS, levels: LEVEL_NAMES, counts },
    moneyFlow: moneyFlow(w),
  };
}

/** Check a result's digest against its own contents (after JSON round trips, say). */
export function verifyDigest(r: RunResult): boolean {
  return resultDigest(r) === r.manifest.digest;
}
