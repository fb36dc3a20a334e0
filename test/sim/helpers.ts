// Test helpers: small generated districts and an independent check of the engine's invariants
// (MODEL.md section 8) that recounts the case pool instead of trusting the engine's counters.
import fc from 'fast-check';
import { LEVERS, type DistrictSpec, type LeverValues, type Scenario } from '../../sim/index.ts';
import { moneyImbalance } from '../../sim/money.ts';
import {
  CLASSES, STAGE_CALL, STAGE_CLOSED, STAGE_FREE, STAGE_FUNDS, STAGE_HIDDEN, STAGE_QUEUED, STAGE_TRANSIT, STAGE_VERIFY,
  type World,
} from '../../sim/world.ts';
import { SERIES } from '../../sim/recorder.ts';

export const arbDistrict: fc.Arbitrary<DistrictSpec> = fc
  .array(
    fc.record({
      grids: fc.integer({ min: 1, max: 6 }),
      perGrid: fc.integer({ min: 30, max: 600 }),
      communitiesFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      old: fc.double({ min: 0, max: 1, noNaN: true }),
      commodity: fc.double({ min: 0.01, max: 1, noNaN: true }),
      resettlement: fc.double({ min: 0, max: 1, noNaN: true }),
      elderlyShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
      touristGridShare: fc.double({ min: 0, max: 1, noNaN: true }),
      commerce: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((streets) => ({
    name: { zh: '测试区', en: 'Test district' },
    householdSize: 2.45,
    streets: streets.map((s, i) => ({
      id: `s${i}`, zh: `街道${i}`, en: `Street ${i}`,
      population: s.grids * s.perGrid,
      grids: s.grids,
      communities: Math.max(1, Math.round(s.communitiesFrac * s.grids)),
      housing: { oldCompound: s.old, commodity: s.commodity, resettlement: s.resettlement },
      elderlyShare: s.elderlyShare, touristGridShare: s.touristGridShare, commerce: s.commerce,
    })),
  }));

/** Any lever value within the catalogue's WHOLE range (ends included: fast-check favours them). */
export function arbLeverValue(id: string): fc.Arbitrary<number | boolean | string> {
  const l = LEVERS.find((x) => x.id === id)!;
  switch (l.kind) {
    case 'integer': return fc.integer({ min: l.min, max: l.max });
    case 'number': return fc.double({ min: l.min, max: l.max, noNaN: true });
    case 'boolean': return fc.boolean();
    case 'choice': return fc.constantFrom(...l.choices.map((c) => c.value));
    case 'date': {
      // Any day of the lever's range, ends included.
      const t0 = Date.parse(`${l.min}T00:00:00Z`);
      const n = Math.round((Date.parse(`${l.max}T00:00:00Z`) - t0) / 86_400_000);
      return fc.integer({ min: 0, max: n }).map((k) => new Date(t0 + k * 86_400_000).toISOString().slice(0, 10));
    }
  }
}

/** A random subset of levers set to random in-range values. */
export const arbLevers: fc.Arbitrary<LeverValues> = fc
  .subarray(LEVERS.map((l) => l.id), { minLength: 0, maxLength: 25 })
  .chain((ids) => fc.tuple(...ids.map((id) => arbLeverValue(id))).map((vals) => Object.fromEntries(ids.map((id, i) => [id, vals[i]]))));

export function scenarioOf(district: DistrictSpec, levers: LeverValues = {}): Scenario {
  return { id: 'test', name: { zh: '测试', en: 'test' }, district, levers };
}

/** Recount everything and compare with the engine's own bookkeeping; returns a list of violations. */
export function checkInvariants(w: World): string[] {
  const bad: string[] = [];
  const c = w.cases;
  const k = w.counters;
  const counts = new Map<number, number>();
  for (let i = 0; i < c.capacity; i++) counts.set(c.stage[i], (counts.get(c.stage[i]) ?? 0) + 1);
  const n = (s: number) => counts.get(s) ?? 0;
  if (n(STAGE_CLOSED) !== 0) bad.push(`closed cases still hold pool slots: ${n(STAGE_CLOSED)}`);
  const live = c.capacity - n(STAGE_FREE);
  if (live !== c.live) bad.push(`live slots ${live} != counter ${c.live}`);
  if (n(STAGE_HIDDEN) !== k.hidden) bad.push(`hidden ${n(STAGE_HIDDEN)} != counter ${k.hidden}`);
  if (n(STAGE_CALL) !== k.inCall) bad.push(`in call ${n(STAGE_CALL)} != counter ${k.inCall}`);
  if (n(STAGE_TRANSIT) !== k.inTransit) bad.push(`in transit ${n(STAGE_TRANSIT)} != counter ${k.inTransit}`);
  if (n(STAGE_FUNDS) !== k.waitingFunds) bad.push(`waiting funds ${n(STAGE_FUNDS)} != counter ${k.waitingFunds}`);
  const queued = n(STAGE_QUEUED) + n(STAGE_VERIFY);
  const qsum = k.queuedByLevel[0] + k.queuedByLevel[1] + k.queuedByLevel[2] + k.queuedByLevel[3];
  if (queued !== qsum) bad.push(`queued ${queued} != counters ${qsum}`);
  const open = queued + n(STAGE_CALL) + n(STAGE_TRANSIT) + n(STAGE_FUNDS);
  // Conservation: emerged (+ duplicate calls) = hidden + open + closed + lapsed + merged.
  const lhs = k.emerged + k.duplicates;
  const rhs = n(STAGE_HIDDEN) + open + k.closed + k.lapsed + k.merged;
  if (lhs !== rhs) bad.push(`conservation: emerged+duplicates ${lhs} != hidden+open+closed+lapsed+merged ${rhs}`);
  // Every queue holds only queued cases of its own unit, and its count matches.
  const u = w.units;
  let walked = 0;
  for (let unit = 0; unit < u.n; unit++) {
    let inUnit = 0;
    for (let cl = 0; cl < CLASSES; cl++) {
      let steps = 0;
      for (let id = u.head[unit * CLASSES + cl]; id !== -1; id = c.next[id]) {
        if (c.stage[id] !== STAGE_QUEUED && c.stage[id] !== STAGE_VERIFY) bad.push(`unit ${unit} queue holds case ${id} in stage ${c.stage[id]}`);
        if (c.unit[id] !== unit) bad.push(`case ${id} in unit ${unit}'s queue says unit ${c.unit[id]}`);
        inUnit++;
        if (++steps > c.capacity) { bad.push(`queue cycle at unit ${unit}`); break; }
      }
    }
    if (inUnit !== u.queued[unit]) bad.push(`unit ${unit} queue length ${inUnit} != counter ${u.queued[unit]}`);
    walked += inUnit;
    if (u.workedTotal[unit] > u.availableTotal[unit] + 1e-6) bad.push(`unit ${unit} worked ${u.workedTotal[unit]} h > available ${u.availableTotal[unit]} h`);
  }
  if (walked !== queued) bad.push(`walked ${walked} queued cases, pool says ${queued}`);
  // A unit above the grid that has never had an hour must not hold cases (they would wait forever).
  for (let unit = u.firstCommunity; unit < u.n; unit++) {
    if (u.queued[unit] > 0 && u.availableTotal[unit] === 0 && w.day > 3) bad.push(`unit ${unit} (kind ${u.kind[unit]}) holds ${u.queued[unit]} cases but has never had hours`);
  }
  // Live cases' timestamps are ordered as far as they go.
  for (let i = 0; i < c.capacity; i++) {
    const st = c.stage[i];
    if (st === STAGE_FREE) continue;
    if (st !== STAGE_HIDDEN && !(c.emerged[i] <= c.discovered[i])) bad.push(`case ${i} discovered before it emerged`);
    if (c.accepted[i] >= 0 && !(c.discovered[i] <= c.accepted[i])) bad.push(`case ${i} accepted before discovery`);
    if (c.resolved[i] >= 0 && c.accepted[i] >= 0 && !(c.accepted[i] <= c.resolved[i] + 1e-9)) bad.push(`case ${i} resolved before acceptance`);
  }
  if (k.timestampViolations) bad.push(`closed cases with unordered timestamps: ${k.timestampViolations}`);
  if (k.overworkViolations) bad.push(`unit-days worked beyond hours: ${k.overworkViolations}`);
  // Money: conserved exactly in fen, no account negative.
  const m = w.money;
  if (moneyImbalance(m) !== 0) bad.push(`money imbalance ${moneyImbalance(m)} fen`);
  for (let a = 0; a < m.nAccounts; a++) {
    if (m.balance[a] < 0) bad.push(`account ${a} negative: ${m.balance[a]}`);
    if (!Number.isInteger(m.balance[a])) bad.push(`account ${a} not whole fen: ${m.balance[a]}`);
  }
  // People: posts and residents conserved.
  const wf = w.workforce;
  if (wf.status.length !== wf.nPosts) bad.push('post count changed');
  let residents = 0;
  for (let g = 0; g < w.district.nGrids; g++) residents += w.district.gridResidents[g];
  if (residents !== w.district.nResidents) bad.push('residents not conserved');
  // Rates within [0, 1] (or NaN when undefined); series have one value per day.
  const r = w.recorder;
  SERIES.forEach((s, i) => {
    if (s.unit === '0–1') {
      for (let d = 0; d < r.days; d++) {
        const v = r.values[i][d];
        if (!(v >= 0 && v <= 1)) bad.push(`${s.name}[${d}] = ${v} outside [0, 1]`);
      }
    }
    if (s.unit !== 'share') return;
    for (let d = 0; d < r.days; d++) {
      const v = r.values[i][d];
      if (!(Number.isNaN(v) || (v >= 0 && v <= 1))) bad.push(`${s.name}[${d}] = ${v} outside [0, 1]`);
    }
  });
  if (r.days !== w.day) bad.push(`recorder has ${r.days} days, world is at day ${w.day}`);
  // Each whistle is reported on at most once.
  let blown = 0, reported = 0;
  const wb = r.values[SERIES.findIndex((s) => s.name === 'whistle.blown')];
  for (let d = 0; d < r.days; d++) { blown += wb[d]; reported += r.raw[7][d]; }
  if (reported > blown) bad.push(`${reported} whistle reports for ${blown} whistles`);
  return bad;
}
