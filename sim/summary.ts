// The run summary (MODEL.md section 6): one number per metric over the observed days (after
// the warm-up), each with a unit and a definition. Sums run in a fixed order.
import { cohortCounts, threeRates } from './cohort.ts';
import { communityTallies, exactQuantile, MULTI, observedFrom, SERIES_INDEX, timesByCategory, timesOf } from './recorder.ts';
import { PURPOSES } from './money.ts';
import { CATEGORIES } from './taxonomy.ts';
import { meanTrust } from './residents.ts';
import { whistleReportDeadline } from './handling.ts';
import { F_WHISTLE, STAGE_FREE, type World } from './world.ts';

export interface MetricInfo {
  name: string;
  unit: string;
  zh: string;
  en: string;
}

const M = (name: string, unit: string, zh: string, en: string): MetricInfo => ({ name, unit, zh, en });

export const METRICS: readonly MetricInfo[] = [
  M('rate.response', 'share', '响应率：联系时限落在观察期内的工单中，按时联系的比例', 'Response rate: of the work orders whose contact deadline fell in the window, the share contacted in time'),
  M('rate.resolution', 'share', '解决率：办理时限（两倍时限）落在观察期内的工单中，按时真正解决的比例；未办结的计为未解决', 'Resolution rate: of the work orders whose deadline (twice the time limit) fell in the window, the share truly resolved by it; open ones count as unresolved'),
  M('rate.satisfaction', 'share', '满意率：满意评价 ÷（评价数 + 观察期内到期仍未办结的工单）', 'Satisfaction rate: satisfied ratings over ratings plus the orders due in the window and still open at its end (counted as not satisfied)'),
  M('rate.inGrid', 'share', '网格发现事项在网格体系内（网格、社区、街道）办结、未上交区级部门的比例', 'Share of grid-found events closed inside the grid system (grid, community or street), not referred to a district department'),
  M('rate.inGridStrict', 'share', '网格发现事项在网格或社区办结的比例', 'Share of grid-found events closed by the grid or the community'),
  M('rate.gridSatisfaction', 'share', '网格服务满意率', 'Grid-service satisfaction (ratings of grid-found events)'),
  M('hotline.perResidentYear', 'calls/resident-year', '人均年热线来电', 'Hotline calls per resident a year'),
  M('hotline.appealShare', 'share', '诉求占来电比例', 'Appeals as a share of calls'),
  M('hotline.answeredShare', 'share', '来电接通率', 'Calls answered'),
  M('cases.emergedPerResidentYear', 'issues/resident-year', '人均年新发生事项', 'Issues emerging per resident a year'),
  M('discovery.patrol', 'share', '巡查发现占比', 'Share of issues found by patrol'),
  M('discovery.direct', 'share', '直接反映占比', 'Share of issues told directly'),
  M('discovery.hotline', 'share', '热线反映占比', 'Share of issues reported to 12345'),
  M('discovery.never', 'share', '未反映（暗数）占比', 'Share never reported (dark figure)'),
  M('time.median', 'days', '办结时长中位数（按件精确计算）', 'Median resolution time (discovery to the last fix), exact from the cases'),
  M('time.p90', 'days', '办结时长 90 分位（按件精确计算，无上限）', '90th percentile resolution time, exact from the cases (no cap)'),
  M('time.median.multiDepartment', 'days', '多部门事项办结时长中位数', 'Median resolution time of multi-department sub-items'),
  ...CATEGORIES.map((c) => M(`time.median.${c.id}`, 'days', `办结时长中位数：${c.zh}`, `Median resolution time: ${c.en}`)),
  M('cases.closed', 'cases', '办结事项', 'Cases closed'),
  M('cases.open.end', 'cases', '期末在办', 'Open cases at the end'),
  M('cases.bouncesPer100', 'per 100 closed', '每百件退单推诿', 'Bounces per 100 closed cases'),
  M('cases.reopenedPer100', 'per 100 closed', '每百件重办', 'Reopens per 100 closed cases'),
  M('whistle.blown', 'whistles', '吹哨次数', 'Whistles blown'),
  M('whistle.onTime', 'share', '按时报到率', 'Whistles answered on time'),
  M('department.assessmentMean', 'points', '部门考核平均分', 'Mean department assessment score'),
  M('trust.mean', '0–1', '期末平均信任', 'Mean trust at the end'),
  M('trust.oldCompound', '0–1', '期末老旧小区信任', 'Trust at the end, old compounds'),
  M('trust.commodity', '0–1', '期末商品房信任', 'Trust at the end, commodity housing'),
  M('trust.resettlement', '0–1', '期末安置房信任', 'Trust at the end, resettlement housing'),
  M('equity.resolutionTimeCV', 'ratio', '社区办结时长变异系数', 'Coefficient of variation of mean resolution time across communities'),
  M('equity.satisfactionGini', 'ratio', '社区满意率基尼系数', 'Gini coefficient of satisfaction across communities'),
  M('workforce.quitsPerYear', 'share of posts', '年离职率', 'Quits a year as a share of posts'),
  M('workforce.vacantMean', 'posts', '平均空岗', 'Mean vacant posts'),
  M('workforce.vacantEnd', 'posts', '期末空岗', 'Vacant posts at the end'),
  M('workforce.moraleMean', '0–1', '平均士气', 'Mean morale'),
  M('workforce.overtimeHours', 'hours', '加班总工时', 'Overtime hours in all'),
  ...PURPOSES.map((p) => M(`money.spend.${p}`, 'yuan', `支出：${p}`, `Spending: ${p}`)),
  M('money.spendTotal', 'yuan', '总支出', 'Total spending'),
  M('money.transfers', 'yuan', '转移支付总额', 'Transfers in all'),
  M('money.costPerResolved', 'yuan/case', '每件办结成本', 'Spending per closed case'),
  M('money.unfundedCaseDays', 'case-days', '待资金事项天数', 'Unfunded case-days'),
  M('money.shortfall', 'yuan', '资金缺口', 'Recorded shortfalls'),
  M('money.balanceEnd', 'yuan', '期末余额', 'Balances at the end (all accounts)'),
];

function sumSeries(w: World, name: string, from: number, to: number): number {
  const a = w.recorder.values[SERIES_INDEX[name]];
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s;
}

function meanSeries(w: World, name: string, from: number, to: number): number {
  return to > from ? sumSeries(w, name, from, to) / (to - from) : NaN;
}

function rawSum(w: World, k: number, from: number, to: number): number {
  const a = w.recorder.raw[k];
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : NaN);

function gini(xs: number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const sorted = xs.slice().sort((a, b) => a - b);
  let cum = 0, total = 0;
  for (let i = 0; i < n; i++) {
    cum += (i + 1) * sorted[i];
    total += sorted[i];
  }
  return total > 0 ? (2 * cum) / (n * total) - (n + 1) / n : 0;
}

/** The measurement window of a run: days [from, to), with the reason in words. */
export interface MeasurementWindow {
  from: number;
  to: number;
  warmupDays: number;
  note: string;
}

export function measurementWindow(w: World): MeasurementWindow {
  const days = w.recorder.days;
  const warm = w.params.warmupDays;
  const from = observedFrom(warm, days);
  const note = days > warm
    ? `measured over days ${from}–${days - 1} (${days - from} days) after a warm-up of ${warm} days`
    : `run of ${days} days is not longer than the warm-up of ${warm} days: measured over the whole run, warm-up included (not steady state)`;
  return { from, to: days, warmupDays: warm, note };
}

/** Summary over the measurement window (after the warm-up; see measurementWindow). */
export function summarize(w: World): Record<string, number> {
  const r = w.recorder;
  const days = r.days;
  const { from, to } = measurementWindow(w);
  const obsDays = Math.max(1, to - from);
  const pop = w.district.population;
  const out: Record<string, number> = {};
  const rates = threeRates(cohortCounts(r.cohort, from, to), rawSum(w, 0, from, to), rawSum(w, 3, from, to));
  out['rate.response'] = rates.response;
  out['rate.resolution'] = rates.resolution;
  out['rate.satisfaction'] = rates.satisfaction;
  const gc = rawSum(w, 4, from, to);
  out['rate.inGrid'] = ratio(rawSum(w, 5, from, to), gc);
  out['rate.inGridStrict'] = ratio(rawSum(w, 9, from, to), gc);
  out['rate.gridSatisfaction'] = ratio(rawSum(w, 6, from, to), gc);
  const calls = sumSeries(w, 'hotline.calls', from, to);
  const enquiries = sumSeries(w, 'hotline.enquiries', from, to);
  out['hotline.perResidentYear'] = (calls / pop) * (365 / obsDays);
  out['hotline.appealShare'] = ratio(calls - enquiries, calls);
  out['hotline.answeredShare'] = ratio(sumSeries(w, 'hotline.answered', from, to), calls);
  const emerged = sumSeries(w, 'cases.emerged', from, to);
  out['cases.emergedPerResidentYear'] = (emerged / pop) * (365 / obsDays);
  const dp = sumSeries(w, 'cases.discovered.patrol', from, to);
  const dd = sumSeries(w, 'cases.discovered.direct', from, to);
  const dh = sumSeries(w, 'cases.discovered.hotline', from, to);
  const dl = sumSeries(w, 'cases.lapsed', from, to);
  const found = dp + dd + dh + dl;
  out['discovery.patrol'] = ratio(dp, found);
  out['discovery.direct'] = ratio(dd, found);
  out['discovery.hotline'] = ratio(dh, found);
  out['discovery.never'] = ratio(dl, found);
  // one scratch buffer for every subset (the quantiles reorder it)
  const all = timesOf(r, from, to, -1);
  out['time.median'] = exactQuantile(all.a, all.n, 0.5);
  out['time.p90'] = exactQuantile(all.a, all.n, 0.9);
  const multi = timesOf(r, from, to, MULTI, all.a);
  out['time.median.multiDepartment'] = exactQuantile(multi.a, multi.n, 0.5);
  const byCategory = timesByCategory(r, from, to, CATEGORIES.length, all.a);
  CATEGORIES.forEach((c, i) => {
    const lo = byCategory.start[i], hi = byCategory.start[i + 1];
    out[`time.median.${c.id}`] = exactQuantile(byCategory.a.subarray(lo, hi), hi - lo, 0.5);
  });
  const closed = sumSeries(w, 'cases.closed', from, to);
  out['cases.closed'] = closed;
  const open = r.values[SERIES_INDEX['cases.open']];
  out['cases.open.end'] = days > 0 ? open[days - 1] : 0;
  out['cases.bouncesPer100'] = ratio(100 * sumSeries(w, 'cases.bounced', from, to), closed);
  out['cases.reopenedPer100'] = ratio(100 * sumSeries(w, 'cases.reopened', from, to), closed);
  out['whistle.blown'] = sumSeries(w, 'whistle.blown', from, to);
  // Whistle cases still open past their report deadline count as missed ones.
  let overdue = 0;
  const c = w.cases;
  for (let i = 0; i < c.capacity; i++) {
    if (c.stage[i] !== STAGE_FREE && c.flags[i] & F_WHISTLE && c.whistled[i] >= from && days > whistleReportDeadline(w, i)) overdue++;
  }
  out['whistle.onTime'] = ratio(rawSum(w, 8, from, to), rawSum(w, 7, from, to) + overdue);
  let assess = 0;
  for (let i = 0; i < w.assessment.length; i++) assess += w.assessment[i];
  out['department.assessmentMean'] = assess / w.assessment.length;
  const last = Math.max(0, days - 1);
  out['trust.mean'] = meanTrust(w, last, -1);
  out['trust.oldCompound'] = meanTrust(w, last, 0);
  out['trust.commodity'] = meanTrust(w, last, 1);
  out['trust.resettlement'] = meanTrust(w, last, 2);
  const means: number[] = [];
  const sats: number[] = [];
  const tally = communityTallies(r, from, to, w.district.nCommunities);
  for (let c = 0; c < w.district.nCommunities; c++) {
    const k = c * 4;
    if (tally[k] >= 5) {
      means.push(tally[k + 1] / tally[k]);
      sats.push(tally[k + 3] / tally[k + 2]);
    }
  }
  let mu = 0;
  for (const x of means) mu += x;
  mu = means.length ? mu / means.length : NaN;
  let v = 0;
  for (const x of means) v += (x - mu) * (x - mu);
  out['equity.resolutionTimeCV'] = means.length > 1 ? Math.sqrt(v / (means.length - 1)) / mu : NaN;
  out['equity.satisfactionGini'] = gini(sats);
  const posts = Math.max(1, w.workforce.nPosts);
  out['workforce.quitsPerYear'] = (sumSeries(w, 'workforce.quits', from, to) / posts) * (365 / obsDays);
  out['workforce.vacantMean'] = meanSeries(w, 'workforce.vacant', from, to);
  out['workforce.vacantEnd'] = days > 0 ? r.values[SERIES_INDEX['workforce.vacant']][days - 1] : 0;
  out['workforce.moraleMean'] = meanSeries(w, 'workforce.morale', from, to);
  out['workforce.overtimeHours'] = sumSeries(w, 'workforce.overtime', from, to);
  let spendTotal = 0;
  for (const p of PURPOSES) {
    const s = sumSeries(w, `money.spend.${p}`, from, to);
    out[`money.spend.${p}`] = s;
    spendTotal += s;
  }
  out['money.spendTotal'] = spendTotal;
  out['money.transfers'] = sumSeries(w, 'money.transfers', from, to);
  out['money.costPerResolved'] = ratio(spendTotal, closed);
  out['money.unfundedCaseDays'] = sumSeries(w, 'money.unfundedCaseDays', from, to);
  let shortfall = 0;
  for (let a = 0; a < w.money.nAccounts; a++) shortfall += w.money.shortfall[a];
  out['money.shortfall'] = shortfall / 100;
  let bal = 0;
  for (let a = 0; a < w.money.nAccounts; a++) bal += w.money.balance[a];
  out['money.balanceEnd'] = bal / 100;
  return out;
}
