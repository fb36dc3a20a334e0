// Place outputs of an experiment: DIR/places.csv (every run's per-street and per-community
// figures) and the report's equity section — streets ranked by mean days to resolution (means
// over replications), the spread between the best- and worst-served, the worst-served
// communities, trust by housing type, and the reporting-bias view (cases in the system on the
// last day by discovery channel and housing type).
import type { ExperimentPlan, OutputTable } from '../../sim/experiments/index.ts';
import type { PlaceFigures, Places } from '../../sim/index.ts';
import { fmt } from './format.ts';
import { csvCell } from '../../sim/csv.ts';
import { SECTION_CSS, chartHtml, esc } from './html.ts';

const FIELDS = ['residents', 'closed', 'meanDays', 'medianDays', 'satisfaction', 'spend', 'costPerCase', 'unfundedCaseDays', 'backlog', 'backlogPer10k', 'hidden', 'trust'] as const;

export function placesCsv(plan: ExperimentPlan, table: OutputTable): string | undefined {
  let out = 'experiment,scenario,replication,level,place,street,metric,value\n';
  let any = false;
  plan.scenarios.forEach((s, i) => table[i].forEach((o, r) => {
    const p = o?.places;
    if (!p) return;
    any = true;
    const rows = (level: string, list: PlaceFigures[]) => {
      for (const x of list) {
        const pre = `${csvCell(plan.id)},${csvCell(s.key)},${r},${level},${csvCell(x.id)},${csvCell(x.street)},`;
        for (const f of FIELDS) out += `${pre}${f},${csvCell(x[f] ?? '')}\n`;
        p.housing.forEach((h, k) => { out += `${pre}trust.${h},${csvCell(x.trustByHousing[k] ?? '')}\n`; });
      }
    };
    rows('street', p.streets);
    rows('community', p.communities);
  }));
  return any ? out : undefined;
}

interface MeanPlace {
  id: string; street: string; residents: number; meanDays: number; medianDays: number; satisfaction: number; costPerCase: number; unfundedCaseDays: number;
  backlogPer10k: number; trust: number; trustByHousing: number[];
}

function meanOver(list: PlaceFigures[][]): MeanPlace[] {
  const avg = (xs: (number | null)[]) => { const v = xs.filter((x): x is number => x !== null); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN; };
  return list[0].map((p, i) => ({
    id: p.id, street: p.street, residents: p.residents,
    meanDays: avg(list.map((l) => l[i].meanDays)), medianDays: avg(list.map((l) => l[i].medianDays)), satisfaction: avg(list.map((l) => l[i].satisfaction)),
    costPerCase: avg(list.map((l) => l[i].costPerCase)), unfundedCaseDays: avg(list.map((l) => l[i].unfundedCaseDays)),
    backlogPer10k: avg(list.map((l) => l[i].backlogPer10k)), trust: avg(list.map((l) => l[i].trust)),
    trustByHousing: [0, 1, 2].map((h) => avg(list.map((l) => l[i].trustByHousing[h]))),
  }));
}

export function equityHtml(plan: ExperimentPlan, table: OutputTable, maxScenarios = 4): string {
  let html = '';
  // One x axis for every scenario's street chart, so that they compare at a glance.
  let most = 0;
  plan.scenarios.slice(0, maxScenarios).forEach((_, i) => table[i].forEach((o) => o?.places?.streets.forEach((x) => {
    if (x.meanDays !== null && Number.isFinite(x.meanDays)) most = Math.max(most, x.meanDays);
  })));
  plan.scenarios.slice(0, maxScenarios).forEach((s, i) => {
    const runs = table[i].map((o) => o?.places).filter((p): p is Places => Boolean(p));
    if (!runs.length) return;
    const streets = meanOver(runs.map((p) => p.streets)).sort((a, b) => b.meanDays - a.meanDays);
    const comms = meanOver(runs.map((p) => p.communities)).sort((a, b) => b.meanDays - a.meanDays);
    const days = streets.map((x) => x.meanDays).filter(Number.isFinite);
    const worst = Math.max(...days), best = Math.min(...days);
    const housing = runs[0].housing;
    // Each street's mean days to resolution (dot) and its range over the replications (line).
    const range = (id: string) => {
      const v = runs.map((p) => p.streets.find((x) => x.id === id)?.meanDays ?? null).filter((x): x is number => x !== null && Number.isFinite(x));
      return v.length ? [Math.min(...v), Math.max(...v)] : [null, null];
    };
    const rows = streets.map((x) => { const [low, high] = range(x.id); return { label: x.id, mean: Number.isFinite(x.meanDays) ? x.meanDays : null, low, high, color: '#0969da', strong: true }; });
    html += `<h3>${esc(s.key)}</h3><p>Mean days to resolution by street (mean over ${runs.length} replication${runs.length > 1 ? 's' : ''}): worst ${fmt(worst, 3)}, best ${fmt(best, 3)}, spread ${fmt(worst - best, 3)} days (×${fmt(worst / best, 3)}).</p>
${chartHtml('intervals', { title: `Mean days to resolution by street, ${s.key} (dot: mean; line: range over replications)`, rows, left: 180, width: 760, domain: [0, most > 0 ? most * 1.05 : 1] })}
<table><tr><th>street (worst-served first)</th><th>residents</th><th>mean days</th><th>median days</th><th>satisfaction</th><th>local cost per case (yuan)</th><th>unfunded case-days</th><th>backlog /10k</th><th>trust</th>${housing.map((h) => `<th>trust: ${esc(h)}</th>`).join('')}</tr>
${streets.map((x) => `<tr><td>${esc(x.id)}</td><td>${x.residents}</td><td>${fmt(x.meanDays, 3)}</td><td>${fmt(x.medianDays, 3)}</td><td>${fmt(x.satisfaction, 3)}</td><td>${fmt(x.costPerCase, 3)}</td><td>${fmt(x.unfundedCaseDays, 3)}</td><td>${fmt(x.backlogPer10k, 3)}</td><td>${fmt(x.trust, 3)}</td>${x.trustByHousing.map((t) => `<td>${fmt(t, 3)}</td>`).join('')}</tr>`).join('')}</table>
<p>Worst-served communities: ${comms.slice(0, 5).map((c) => `${esc(c.id)} (${fmt(c.meanDays, 3)} days)`).join(', ')}.</p>`;
    // Reporting bias: cases in the system on the last day, by channel and housing type (summed over replications).
    const rep = runs[0].reporting.map((row, h) => row.map((_, ch) => runs.reduce((a, p) => a + p.reporting[h][ch], 0)));
    html += `<table><tr><th>housing (cases in the system on the last day)</th>${runs[0].channels.map((c) => `<th>${esc(c)}</th>`).join('')}<th>patrol : hotline</th><th>hidden share</th></tr>
${rep.map((row, h) => { const tot = row.reduce((a, b) => a + b, 0); return `<tr><td>${esc(housing[h])}</td>${row.map((x) => `<td>${x}</td>`).join('')}<td>${row[3] ? fmt(row[1] / row[3], 3) : '–'}</td><td>${tot ? fmt(row[0] / tot, 3) : '–'}</td></tr>`; }).join('')}</table>`;
  });
  if (!html) return '';
  return `${SECTION_CSS}<section class="gs-extra"><h2>Equity: outcomes by place</h2><p>Figures cover the summary's measurement window (after the warm-up); backlog and trust are the last day's. Per-street figures are sums of their communities and add up exactly to the district's (resolved cases, unfunded case-days; spending with the district-level accounts). The local cost per case counts the street's and its communities' own accounts only (district and department payroll are not attributed to places). Per-run figures for every street and community are in places.csv. The reporting table shows who gets found by patrol and who has to call: a high hidden share or a low patrol : hotline ratio marks groups that depend on reporting themselves.</p>${html}</section>`;
}
