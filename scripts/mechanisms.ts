// Directional effects of the ten mechanisms of issue 10 (MODEL.md §10.2) on seeds never tuned on:
// for each mechanism, paired runs of a base and a lever arm under common random numbers (the same
// seed on both arms gives both the same emerged issues), and a markdown table of the paired
// effect (lever − base): mean, sd, min..max and how many seeds agree with the expected sign.
// Default: seeds 101–110, a two-street sample of each Qinhuai preset (streets 1 and 7, about
// 110,000 residents; departments and the call centre scale with population), 240 days, as the
// directional tests do. `--full` runs the whole district for 365 days (slow: about 20 times
// the work). Options: --seeds 101-110 | --seeds 101,105 ; --days N ; --only text (mechanism
// names containing it).
// Usage: npm run mechanisms [-- --full] [-- --seeds 101-103]
import { applyPatches, run, withLevers, type LeverValues, type Scenario } from '../sim/index.ts';
import { getPatch, getScenario } from '../scenarios/index.ts';

const args = process.argv.slice(2);
const arg = (k: string, d: string) => { const i = args.indexOf(k); return i >= 0 && i + 1 < args.length ? args[i + 1] : d; };
const full = args.includes('--full');
const days = Number(arg('--days', full ? '365' : '240'));
const only = arg('--only', '');
function parseSeeds(text: string): number[] {
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (m) {
    const out: number[] = [];
    for (let s = Number(m[1]); s <= Number(m[2]); s++) out.push(s);
    return out;
  }
  const list = text.split(',').map(Number);
  if (list.some((s) => !Number.isInteger(s) || s < 0)) throw new RangeError(`--seeds must be "a-b" or a comma list of integers, got ${JSON.stringify(text)}`);
  return list;
}
const seeds = parseSeeds(arg('--seeds', '101-110'));
if (!Number.isInteger(days) || days < 30) throw new RangeError(`--days must be an integer ≥ 30, got ${arg('--days', '')}`);

type PresetId = 'qinhuai-2019' | 'qinhuai-2021';
function preset(id: PresetId): Scenario {
  const s = getScenario(id)!;
  if (full) return s;
  return { ...s, district: { ...s.district, streets: [0, 6].map((i) => s.district.streets[i]) } };
}
const PRESETS: Record<PresetId, Scenario> = { 'qinhuai-2019': preset('qinhuai-2019'), 'qinhuai-2021': preset('qinhuai-2021') };

interface Probe {
  mechanism: string;
  lever: string;
  preset: PresetId;
  base: (s: Scenario) => Scenario;
  arm: (s: Scenario) => Scenario;
  /** Metric and the sign the source expects of (arm − base). */
  metrics: [string, 1 | -1][];
}
const set = (levers: LeverValues) => (s: Scenario) => withLevers(s, levers);
const same = (s: Scenario) => s;
const DEMAND = { 'shock.demand.startDay': 90, 'shock.demand.multiplier': 2.5, 'shock.demand.days': 45 };

const PROBES: Probe[] = [];
for (const p of ['qinhuai-2019', 'qinhuai-2021'] as const) {
  PROBES.push({ mechanism: 'backlog counts', lever: 'staffing.departmentStaff 80 → 1', preset: p, base: same, arm: set({ 'staffing.departmentStaff': 1 }), metrics: [['rate.resolution', -1], ['cases.open.end', 1]] });
}
PROBES.push({ mechanism: 'backlog counts', lever: 'staffing.streetStaff 25 → 1', preset: 'qinhuai-2021', base: same, arm: set({ 'staffing.streetStaff': 1 }), metrics: [['rate.resolution', -1], ['rate.satisfaction', -1]] });
for (const p of ['qinhuai-2019', 'qinhuai-2021'] as const) {
  PROBES.push({ mechanism: 'budget cut', lever: 'shock.budgetCut 80 % from day 0', preset: p, base: same, arm: set({ 'shock.budgetCut.startDay': 0, 'shock.budgetCut.share': 0.8 }), metrics: [['rate.resolution', -1], ['time.median', 1], ['workforce.vacantMean', 1]] });
}
PROBES.push({ mechanism: 'enforcement merger', lever: 'patch reform-enforcement', preset: 'qinhuai-2019', base: same, arm: (s) => applyPatches(s, [getPatch('reform-enforcement')!]), metrics: [['rate.resolution', 1], ['cases.bouncesPer100', -1]] });
PROBES.push({ mechanism: 'whistle', lever: 'whistle.street off → on', preset: 'qinhuai-2019', base: same, arm: set({ 'whistle.street': true }), metrics: [['rate.resolution', 1], ['cases.bouncesPer100', -1], ['time.median.multiDepartment', -1]] });
PROBES.push({ mechanism: 'whistle', lever: 'whistle.street off → on', preset: 'qinhuai-2021', base: set({ 'whistle.street': false }), arm: same, metrics: [['rate.resolution', 1], ['cases.bouncesPer100', -1], ['time.median.multiDepartment', -1]] });
PROBES.push({
  mechanism: 'assessment', lever: 'whistle.assessmentPenalty 0 → 10 (no priority lever)', preset: 'qinhuai-2021',
  base: set({ 'whistle.departmentPriority': false, 'whistle.assessmentPenalty': 0 }), arm: set({ 'whistle.departmentPriority': false, 'whistle.assessmentPenalty': 10 }),
  metrics: [['whistle.onTime', 1], ['department.assessmentMean', -1]],
});
PROBES.push({ mechanism: 'funds follow tasks', lever: 'money.fundsFollowTasks off → on (preset budget)', preset: 'qinhuai-2021', base: set({ 'money.fundsFollowTasks': false }), arm: same, metrics: [['money.unfundedCaseDays', -1], ['rate.resolution', 1]] });
PROBES.push({ mechanism: 'red-property subsidy', lever: 'redProperty.subsidyYuan 0 → 20', preset: 'qinhuai-2021', base: set({ 'redProperty.subsidyYuan': 0 }), arm: same, metrics: [['money.spend.subsidy', 1], ['rate.resolution', 1]] });
for (const p of ['qinhuai-2019', 'qinhuai-2021'] as const) {
  PROBES.push({ mechanism: 'pay', lever: 'workforce.payYuan 2,500 → 5,000', preset: p, base: set({ 'workforce.payYuan': 2500 }), arm: set({ 'workforce.payYuan': 5000 }), metrics: [['workforce.moraleMean', 1], ['cases.reopenedPer100', -1], ['rate.resolution', 1]] });
  PROBES.push({ mechanism: 'incentives', lever: 'workforce.incentiveYuan 0 → 1,500', preset: p, base: set({ 'workforce.incentiveYuan': 0 }), arm: set({ 'workforce.incentiveYuan': 1500 }), metrics: [['workforce.moraleMean', 1], ['cases.reopenedPer100', -1], ['rate.resolution', 1]] });
  PROBES.push({ mechanism: 'training', lever: 'workforce.trainingRate 0 → 2', preset: p, base: set({ 'workforce.trainingRate': 0 }), arm: set({ 'workforce.trainingRate': 2 }), metrics: [['rate.inGrid', 1], ['cases.reopenedPer100', -1], ['rate.resolution', 1]] });
}
PROBES.push({ mechanism: 'surge under a demand shock', lever: 'workforce.surgeCap 0 → 0.3 (demand ×2.5, days 90–135)', preset: 'qinhuai-2021', base: set({ ...DEMAND, 'workforce.surgeCap': 0 }), arm: set({ ...DEMAND, 'workforce.surgeCap': 0.3 }), metrics: [['time.median', -1], ['money.spend.surge', 1]] });
PROBES.push({ mechanism: 'trust', lever: 'staffing.streetStaff 25 → 1', preset: 'qinhuai-2021', base: same, arm: set({ 'staffing.streetStaff': 1 }), metrics: [['trust.mean', -1]] });
PROBES.push({ mechanism: 'trust', lever: 'whistle.street off → on', preset: 'qinhuai-2019', base: same, arm: set({ 'whistle.street': true }), metrics: [['trust.mean', 1]] });

const cache = new Map<string, Record<string, number>>();
function summary(s: Scenario, seed: number): Record<string, number> {
  const key = `${s.id}|${JSON.stringify(s.levers)}|${seed}`;
  let r = cache.get(key);
  if (!r) {
    r = run(s, { seed, days }).summary;
    cache.set(key, r);
  }
  return r;
}

const fmt = (x: number): string => {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1000) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 0.1) return x.toFixed(3);
  return x.toPrecision(2);
};

const t0 = Date.now();
console.log(`# Mechanisms: paired effects (lever − base), seeds ${seeds[0]}–${seeds[seeds.length - 1]} (${seeds.length}), ${full ? 'full district' : 'two-street sample'}, ${days} days\n`);
console.log('| mechanism | lever | preset | metric | expected | mean | sd | min..max | seeds agreeing |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const p of PROBES) {
  if (only && !p.mechanism.includes(only)) continue;
  const base = p.base(PRESETS[p.preset]);
  const arm = p.arm(PRESETS[p.preset]);
  const diffs: Record<string, number[]> = {};
  for (const [m] of p.metrics) diffs[m] = [];
  for (const seed of seeds) {
    const a = summary(base, seed);
    const b = summary(arm, seed);
    for (const [m] of p.metrics) {
      if (!(m in a)) throw new Error(`unknown metric ${m}`);
      diffs[m].push(b[m] - a[m]);
    }
  }
  for (const [m, sign] of p.metrics) {
    const d = diffs[m];
    const mean = d.reduce((x, y) => x + y, 0) / d.length;
    const sd = Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, d.length - 1));
    const agree = d.filter((x) => Math.sign(x) === sign).length;
    console.log(`| ${p.mechanism} | ${p.lever} | ${p.preset} | ${m} | ${sign > 0 ? '+' : '−'} | ${fmt(mean)} | ${fmt(sd)} | ${fmt(Math.min(...d))}..${fmt(Math.max(...d))} | ${agree}/${d.length} |`);
  }
}
console.log(`\n${cache.size} runs in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
