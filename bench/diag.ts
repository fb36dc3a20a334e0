// Diagnostic: utilisation by unit kind and backlog by level (for calibration work).
import { createSimulation, stepDays, finish, withLevers } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';
const id = process.argv[2] ?? 'qinhuai-2021';
const days = Number(process.argv[3] ?? 365);
const sets: Record<string, unknown> = {};
for (const a of process.argv.slice(4)) { const [k, v] = a.split('='); sets[k] = v === 'true' ? true : v === 'false' ? false : isNaN(Number(v)) ? v : Number(v); }
const sim = createSimulation(withLevers(getScenario(id)!, sets as never), { seed: 1, days });
sim.tally = {};
stepDays(sim, days);
const r = finish(sim);
const u = sim.units;
const kinds = ['grid', 'community', 'street', 'enforcement', 'property', 'department'];
for (let k = 0; k < 6; k++) {
  let worked = 0, avail = 0, queued = 0, qh = 0;
  for (let i = 0; i < u.n; i++) if (u.kind[i] === k) { worked += u.workedTotal[i]; avail += u.availableTotal[i]; queued += u.queued[i]; qh += u.queuedHours[i]; }
  console.log(kinds[k].padEnd(12), 'util', (worked / Math.max(1, avail)).toFixed(2), 'avail h/day', (avail / days).toFixed(0), 'queued', queued, 'qh', qh.toFixed(0));
}
const keys = ['rate.response','rate.resolution','rate.satisfaction','rate.inGrid','rate.gridSatisfaction','hotline.perResidentYear','hotline.appealShare','discovery.patrol','discovery.direct','discovery.hotline','discovery.never','time.median','time.p90','cases.open.end','cases.closed','cases.bouncesPer100','whistle.onTime','workforce.quitsPerYear','workforce.vacantMean','money.unfundedCaseDays','money.shortfall','trust.mean'];
for (const k of keys) console.log(k.padEnd(28), +r.summary[k].toFixed(4));
const flow = r.caseFlow; console.log('flow', JSON.stringify(flow.counts));
if (process.env.TALLY) {
  // TALLY=sub|kind, CHANNEL=1|2|3 (patrol, direct, hotline; default all)
  const agg: Record<string, number[]> = {};
  for (const [k, n] of Object.entries(sim.tally!)) {
    const [sub, kind, ch, o] = k.split('/');
    if (process.env.CHANNEL && !process.env.CHANNEL.split(',').includes(ch)) continue;
    const key = process.env.TALLY === 'kind' ? kinds[+kind] : sub;
    agg[key] ??= [0, 0, 0, 0];
    agg[key][0] += n;
    if (o[0] === 's') agg[key][1] += n;
    if (o[1] === 'l') agg[key][2] += n;
    if (o[1] === 'u') agg[key][3] += n;
  }
  for (const [k, [n, ns, late, un]] of Object.entries(agg).sort((a, b) => b[1][0] - a[1][0])) console.log(k.padEnd(24), String(n).padStart(7), 'unsat', (ns / n).toFixed(3), 'late', (late / n).toFixed(3), 'unres', (un / n).toFixed(3));
}
