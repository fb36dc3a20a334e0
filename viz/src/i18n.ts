// The page's words in 简体中文 and English, and locale-aware number and date formatting (Intl).
// Labels of levers, series and metrics come from the engine's catalogues, which carry both
// languages; this file holds only the sandbox's own words.
import type { Bilingual } from './protocol.ts';

export type Lang = 'zh' | 'en';

export const WORDS = {
  title: ['基层治理政策沙盘', 'Grassroots governance policy sandbox'],
  subtitle: ['秦淮区网格化治理 · 智能体模拟', 'Grid governance in Qinhuai · agent-based simulation'],
  language: ['语言', 'Language'],
  otherLanguage: ['English', '中文'],
  scenario: ['情景', 'Scenario'],
  preset: ['预设情景', 'Preset'],
  seed: ['随机种子', 'Seed'],
  horizon: ['模拟天数', 'Days'],
  levers: ['政策杠杆', 'Policy levers'],
  advanced: ['高级：模型参数', 'Advanced: model parameters'],
  reset: ['重置', 'Reset'],
  resetAll: ['全部重置', 'Reset all'],
  changed: ['已修改', 'changed'],
  changedCount: ['项已修改', 'changed'],
  presetValue: ['预设值', 'preset value'],
  range: ['范围', 'range'],
  on: ['是', 'on'],
  off: ['否', 'off'],
  play: ['播放', 'Play'],
  pause: ['暂停', 'Pause'],
  stepDay: ['前进一天', 'Step day'],
  stepMonth: ['前进一月', 'Step month'],
  toEnd: ['运行到底', 'To the end'],
  restart: ['重新开始', 'Restart'],
  speed: ['速度', 'Speed'],
  speedMax: ['最快', 'fastest'],
  perSecond: ['天/秒', 'days/s'],
  day: ['第 {n} 天', 'day {n}'],
  dayOf: ['第 {n} 天 / 共 {m} 天', 'day {n} of {m}'],
  mode: ['模式', 'Mode'],
  single: ['单一情景', 'Single run'],
  compare: ['对比模式', 'Compare'],
  baseline: ['基线 B', 'Baseline B'],
  edited: ['调整后 A', 'Edited A'],
  difference: ['差值（调整后 − 基线）', 'Difference (edited − baseline)'],
  replications: ['重复次数', 'Replications'],
  runReplications: ['运行 N 次重复', 'Run N replications'],
  replicationsDone: ['{n} 次重复：阴影为均值的 95% 置信区间', '{n} replications: shading is the 95 % confidence interval of the mean'],
  replicationsRunning: ['正在运行重复 {done}/{n}…', 'Running replications {done}/{n}…'],
  clearReplications: ['清除', 'Clear'],
  kpis: ['关键指标', 'Key indicators'],
  kpiNote: ['近 30 天', 'last 30 days'],
  balance: ['资金余额合计', 'Balances in all'],
  vsBaseline: ['较基线', 'vs baseline'],
  kpiCompare: ['实线：调整后；虚线：基线；差值为调整后 − 基线。只有重复运行的配对差值区间不含 0 时才判断“改善/变差”。', 'Solid: edited; dashed: baseline; differences are edited − baseline. "Better/worse" only when the interval of the paired difference over replications excludes 0.'],
  better: ['改善', 'better'],
  noClearDifference: ['无明显差异', 'no clear difference'],
  oneSeed: ['单次运行，未判断', 'one run: not judged'],
  pairedCi: ['配对差值的 95% 置信区间', '95 % CI of the paired difference'],
  worse: ['变差', 'worse'],
  chartOpen: ['在办事项（按层级）', 'Open cases by level'],
  chartRates: ['三率（近 30 天）', 'The three rates (last 30 days)'],
  chartWorkforce: ['网格员队伍', 'Grid workforce'],
  chartBalances: ['资金余额', 'Balances'],
  chartHistogram: ['办结时长分布', 'Resolution-time distribution'],
  chartCaseFlow: ['事项流向：发现渠道 → 办结层级', 'Case flow: channel → level that closed it'],
  chartMoneyFlow: ['资金流向：预算 → 区 → 街道 → 社区 → 用途', 'Money: budget → district → streets → communities → purposes'],
  chartMap: ['辖区示意图（街道 → 社区 → 网格）', 'District schematic (streets → communities → grids)'],
  chartExplore: ['任选序列', 'Any series'],
  chartDiff: ['差值：调整后 − 基线', 'Difference: edited − baseline'],
  series: ['序列', 'Series'],
  metric: ['着色指标', 'Colour by'],
  street: ['街道', 'Street'],
  grid: ['网格', 'Grid'],
  community: ['社区', 'Community'],
  allStreets: ['全区', 'Whole district'],
  chooseGrid: ['选择网格查看队列', 'Pick a grid to see its queue'],
  gridQueue: ['{grid} 的在办事项', 'Open cases of {grid}'],
  queueEmpty: ['该网格当前没有在办事项', 'No open cases in this grid now'],
  subItem: ['事项', 'Issue'],
  stage: ['状态', 'Stage'],
  level: ['所在层级', 'Level'],
  age: ['已用天数', 'Days open'],
  whistle: ['吹哨', 'Whistle'],
  population: ['人口', 'Residents'],
  noData: ['暂无数据', 'No data yet'],
  share: ['占比', 'share'],
  count: ['数量', 'count'],
  days: ['天', 'days'],
  export: ['导出', 'Export'],
  exportSvg: ['SVG', 'SVG'],
  exportPng: ['PNG', 'PNG'],
  exportCsv: ['序列 CSV', 'Series CSV'],
  exportJson: ['运行 JSON', 'Run JSON'],
  shareLink: ['复制分享链接', 'Copy share link'],
  linkCopied: ['链接已复制', 'Link copied'],
  digest: ['摘要值', 'Digest'],
  engine: ['引擎版本', 'Engine'],
  status: ['状态', 'Status'],
  ready: ['就绪', 'Ready'],
  loading: ['正在加载引擎…', 'Loading the engine…'],
  preparing: ['正在生成辖区…', 'Building the district…'],
  running: ['运行中', 'Running'],
  paused: ['已暂停', 'Paused'],
  finished: ['已完成', 'Finished'],
  error: ['出错', 'Error'],
  summary: ['运行汇总', 'Run summary'],
  summaryNote: ['预热期后的汇总指标', 'Summary over the observed days (after the warm-up)'],
  value: ['数值', 'Value'],
  metricCol: ['指标', 'Indicator'],
  close: ['关闭', 'Close'],
  tooltipDate: ['日期', 'Date'],
  perThousand: ['每千人', 'per 1,000 residents'],
  residents: ['居民', 'residents'],
  map_open: ['在办事项（每千人）', 'Open cases per 1,000 residents'],
  map_hidden: ['未发现事项（每千人）', 'Hidden issues per 1,000 residents'],
  map_queue: ['网格队列中的事项', 'Cases in the grid\'s queue'],
  map_load: ['网格积压（工作日）', 'Grid backlog (days of work)'],
  map_workers: ['在岗网格员', 'Grid workers in post'],
  map_vacant: ['空岗', 'Vacant posts'],
  map_trust: ['居民信任', 'Residents\' trust'],
  map_resTime: ['社区平均办结天数', 'Community mean resolution days'],
  map_satisfaction: ['社区满意率', 'Community satisfaction'],
  map_oldShare: ['老旧小区居民占比', 'Share living in old compounds'],
  map_elderly: ['60 岁以上占比', 'Share aged 60+'],
  ch_unreported: ['未反映', 'Unreported'],
  ch_patrol: ['巡查发现', 'Patrol'],
  ch_direct: ['居民直接反映', 'Told directly'],
  ch_hotline: ['12345 热线', '12345 hotline'],
  ch_duplicate: ['重复诉求', 'Duplicate call'],
  closedBy: ['{level}办结', 'closed by {level}'],
  mf_budget: ['区级预算', 'Budget'],
  mf_district: ['区', 'District'],
  mf_departments: ['职能部门', 'Departments'],
  mf_departmentBudgets: ['部门随事经费', 'Department task funds'],
  mf_transit: ['在途资金', 'In transit'],
  mf_streets: ['街道', 'Streets'],
  mf_communities: ['社区', 'Communities'],
  mf_spent: ['支出', 'Spent'],
  mf_payroll: ['工资', 'Payroll'],
  mf_incentives: ['激励', 'Incentives'],
  mf_training: ['培训', 'Training'],
  mf_surge: ['合同工', 'Surge workers'],
  mf_subsidy: ['物业补贴', 'Property subsidy'],
  mf_repairs: ['维修', 'Repairs'],
  mf_operations: ['社区运行', 'Community operations'],
  st_call: ['待接听', 'waiting for a call'],
  st_queued: ['排队办理', 'queued'],
  st_verify: ['待核查', 'waiting for verification'],
  st_transit: ['转办途中', 'in transit'],
  st_funds: ['待资金', 'waiting for money'],
  st_hidden: ['未发现', 'hidden'],
  skip: ['跳到图表', 'Skip to the charts'],
  problem: ['无法使用该链接中的参数', 'Could not use a setting from the link'],
  errNumber: ['请输入 {min} 到 {max} 之间的数', 'Enter a number from {min} to {max}'],
  errInteger: ['请输入 {min} 到 {max} 之间的整数', 'Enter a whole number from {min} to {max}'],
  errDate: ['请输入 {min} 至 {max} 之间的日期', 'Enter a date from {min} to {max}'],
  errChoice: ['请从列表中选择', 'Pick one from the list'],
  patches: ['改革与冲击', 'Reforms and shocks'],
  patchesNote: ['勾选的补丁叠加在预设情景上，下方杠杆仍可再调整。对比模式中基线 B 默认为不含补丁和调整的预设，也可把任一设置设为 B。', 'Ticked patches are laid over the preset; the levers below can still be changed. In compare mode baseline B is by default the preset without patches or changes; any configuration can be made B.'],
  patchesTicked: ['已选 {n} 项', '{n} ticked'],
  patchesAvailable: ['{n} 项可选', '{n} available'],
  seeConflict: ['查看冲突', 'See the conflict'],
  patchLevers: ['所设杠杆（{n}）', 'Levers it sets ({n})'],
  setByPatch: ['“{name}”设定值', 'set by “{name}” to'],
  patched: ['补丁', 'patch'],
  conflictTitle: ['补丁冲突：取消勾选其中一项后才能运行', 'The patches conflict: untick one of them to run'],
  conflictItem: ['杠杆“{lever}”：{list}', 'Lever “{lever}”: {list}'],
  conflictSets: ['“{patch}”设为 {value}', '“{patch}” sets {value}'],
  blocked: ['补丁冲突，未运行', 'Patches conflict: not running'],
  lp_preset: ['没有名为“{got}”的预设情景（可选：{known}），已改用默认情景', 'There is no preset “{got}” (the presets are {known}); the default is used'],
  lp_seed: ['随机种子须为 {min} 到 {max} 之间的整数，链接中为“{got}”，已改用默认值', 'The seed must be a whole number from {min} to {max}; the link has “{got}”, so the default is used'],
  lp_days: ['模拟天数须为 {min} 到 {max} 之间的整数，链接中为“{got}”，已改用默认值', 'Days must be a whole number from {min} to {max}; the link has “{got}”, so the default is used'],
  lp_reps: ['重复次数须为 {min} 到 {max} 之间的整数，链接中为“{got}”，已改用默认值', 'Replications must be a whole number from {min} to {max}; the link has “{got}”, so the default is used'],
  lp_map: ['地图没有名为“{got}”的指标，已改用默认指标', 'The map has no metric “{got}”; the default is used'],
  lp_street: ['街道须为从 0 起的整数，链接中为“{got}”，已显示全区', 'The street must be a whole number from 0; the link has “{got}”, so the whole district is shown'],
  lp_streetMax: ['该区街道编号为 0 到 {max}，链接中为“{got}”，已显示全区', 'This district\'s streets are numbered 0 to {max}; the link has “{got}”, so the whole district is shown'],
  lp_armB: ['B（基线）：{text}', 'B (baseline): {text}'],
  lp_armTrunk: ['分叉前的杠杆：{text}', 'Levers before the fork: {text}'],
  lp_fork: ['分叉日须为 {min} 到 {max} 之间的整数，链接中为“{got}”，已不分叉', 'The fork day must be a whole number from {min} to {max}; the link has “{got}”, so the run does not fork'],
  forkHere: ['从这一天起改杠杆（分叉）', 'Change levers from this day (fork)'],
  forkClear: ['取消分叉', 'Remove the fork'],
  forkMark: ['分叉：杠杆调整', 'Fork: levers changed'],
  forkAt: ['第 {n} 天起分叉：此前用原杠杆，此后用面板中的杠杆', 'Forked at day {n}: the levers before, the panel\'s levers after'],
  lp_lang: ['语言须为 zh（中文）或 en（英文），链接中为“{got}”', 'The language must be zh (Chinese) or en (English); the link has “{got}”'],
  lp_mode: ['模式须为 single（单一情景）或 compare（对比模式），链接中为“{got}”', 'The mode must be single or compare; the link has “{got}”'],
  lp_patch: ['没有名为“{got}”的补丁，已略去', 'There is no patch “{got}”; it was left out'],
  lp_leverUnknown: ['没有名为“{id}”的政策杠杆，已略去', 'There is no lever “{id}”; it was left out'],
  lp_lever: ['“{label}”{expected}，链接中为“{got}”，已改用预设值', '“{label}” {expected}; the link has “{got}”, so the preset value is used'],
  ex_number: ['须为 {min} 到 {max} 之间的数', 'must be a number from {min} to {max}'],
  ex_integer: ['须为 {min} 到 {max} 之间的整数', 'must be a whole number from {min} to {max}'],
  ex_boolean: ['须为 true（是）或 false（否）', 'must be true or false'],
  ex_choice: ['须为以下之一：{list}', 'must be one of {list}'],
  ex_date: ['须为 {min} 至 {max} 之间的日期', 'must be a date from {min} to {max}'],
  previousRun: ['上一次运行', 'Previous run'],
  legendMean: ['{n} 次重复的均值（阴影：均值的 95% 置信区间；点线：各次运行的 10–90% 范围）', 'Mean of {n} runs (shade: 95 % CI of the mean; dotted: 10–90 % range of the runs)'],
  legendSeed: ['本次种子的单次运行（细线）', 'This seed\'s single run (thin line)'],
  brWhat: ['是什么', 'What it is'],
  brHow: ['如何起作用', 'How it works'],
  brTry: ['可以试试', 'Things to try'],
  brNotice: ['值得注意', 'Things to notice'],
  brOdd: ['模型说明：', 'Model description:'],
  briefing: ['情景简介（是什么、如何起作用、可以试试、值得注意）', 'Briefing (what it is, how it works, things to try, things to notice)'],
  glossary: ['指标词汇表', 'Glossary of indicators'],
  glossaryNote: ['每日序列来自引擎的记录器；汇总指标为预热期后的汇总（MODEL.md 第 6 节）。', 'Daily series come from the engine\'s recorder; summary indicators are over the days after the warm-up (MODEL.md section 6).'],
  unit: ['单位', 'Unit'],
  fromSeries: ['每日序列', 'daily series'],
  fromSummary: ['运行汇总指标', 'run summary indicator'],
  guide: ['引导模式', 'Guided mode'],
  guideStep: ['第 {k} 步 / 共 {n} 步', 'Step {k} of {n}'],
  guideRun: ['设置并运行', 'Set up and run'],
  guidePrev: ['上一步', 'Previous'],
  guideNext: ['下一步', 'Next'],
  guideFinish: ['完成', 'Finish'],
  guideLeave: ['退出引导', 'Leave the guide'],
  guideAnswer: ['结果：', 'What happened:'],
  guideOneSeed: ['单次运行（同一随机种子）；判断前请运行重复。', 'One run (same seed for A and B); run replications before judging.'],
  baselineB: ['B（基线）', 'B (baseline)'],
  editedA: ['A（调整后）', 'A (edited)'],
  none: ['无', 'none'],
  changedLevers: ['调整的杠杆', 'Levers changed'],
  handout: ['导出讲义', 'Export handout'],
  handoutTitle: ['讲义', 'Handout'],
  handoutNote: ['由 govsim 沙盘生成；同一情景、种子和引擎版本可得到完全相同的结果。', 'Made with the govsim sandbox; the same scenario, seed and engine version give exactly the same results.'],
  present: ['演示', 'Present'],
  panelToggle: ['设置杠杆', 'Set levers'],
  panelClose: ['完成，查看结果', 'Done: see the results'],
  setBaseline: ['把当前设置设为 B', 'Make this configuration B'],
  resetBaseline: ['B 恢复为预设', 'B back to the preset'],
  baselineIs: ['B（基线）：{what}', 'B (baseline): {what}'],
  presetOnly: ['预设情景，无补丁、无调整', 'the preset, no patches or changes'],
  customB: ['自定义（{n} 个补丁，{m} 个杠杆）', 'custom ({n} patches, {m} levers)'],
  shockHeatWave: ['高温', 'Heat wave'],
  shockEpidemic: ['疫情', 'Epidemic'],
  shockBudgetCut: ['预算削减', 'Budget cut'],
  shockHiringFreeze: ['冻结招聘', 'Hiring freeze'],
  mapKeys: ['方向键在网格间移动，回车下钻，Esc 返回全区', 'Arrow keys move between grids, Enter drills down, Esc goes back to the district'],
  // Parameter uncertainty: a posterior ensemble (compare mode; viz/src/ensemble.ts).
  ensembleTitle: ['参数不确定性：后验集合', 'Parameter uncertainty: posterior ensemble'],
  ensembleIntro: ['载入由 govsim 校准命令写出的后验集合文件（.json）。每次重复使用一个从集合中抽取的参数组和一个随机种子，A 与 B 配对，与命令行的后验对比相同。', 'Load a posterior ensemble written by govsim calibrate (posterior.json). Each replication runs on a parameter set drawn from the ensemble and a seed, A and B paired, as govsim compare --posterior does.'],
  ensembleChoose: ['选择后验集合文件…', 'Choose an ensemble file…'],
  ensembleDrop: ['也可将文件拖放到本区域', 'or drop the file on this box'],
  ensembleLoaded: ['已载入 {name}：{n} 个参数组，变动 {m} 个参数，校准情景 {base}，摘要 {digest}', 'Loaded {name}: {n} parameter sets varying {m} parameters, calibrated on {base}, digest {digest}'],
  ensembleBadFile: ['无法使用该文件：', 'Cannot use this file: '],
  ensembleTooBig: ['文件超过 {mb} 兆字节', 'the file is larger than {mb} MB'],
  ensembleEngineNote: ['注意：该集合由引擎 {v} 校准，当前引擎为 {w}，其参数组可能不再符合校准目标。', 'Note: the ensemble was calibrated with engine {v}, this is {w}: its parameter sets may no longer meet the targets.'],
  ensembleBaseNote: ['该集合校准于情景 {base}，此处把它的参数组套用于 {preset}。', 'The ensemble was calibrated on {base}; here its parameter sets are laid over {preset}.'],
  ensembleSeedNote: ['B 设有自己的随机种子；配对比较对 A 与 B 使用相同的种子（从 {seed} 起）。', 'B has its own seed; the paired comparison uses the same seeds for A and B (from {seed}).'],
  ensembleDraws: ['参数组抽样数', 'Draws'],
  ensembleSeeds: ['每组种子数', 'Seeds per draw'],
  ensembleRun: ['在集合上对比 A 与 B', 'Compare A and B over the ensemble'],
  ensembleCancel: ['取消', 'Cancel'],
  ensembleRunning: ['正在运行 {done}/{n}…', 'Running {done}/{n}…'],
  ensembleCancelled: ['已取消', 'Cancelled'],
  ensembleDone: ['{d} 个参数组 × 每组 {s} 个种子，A 与 B 配对，共 {n} 次运行；区间为 95%。', '{d} draws × {s} seeds per draw, A and B paired, {n} runs; 95 % intervals.'],
  ensembleStale: ['情景已更改：下表对应更改前的情景，请重新运行。', 'The scenario has changed: the table is for the earlier one; run again.'],
  ensembleNote: ['A 为当前编辑的情景（改革），B 为对照。均值的置信区间：只计种子噪声（各参数组内的差异合并）的 95% 区间。各可信世界的范围：符合校准目标的各参数组下效应的中间 95%（参数组少时接近最小值到最大值，可能比置信区间还窄）。只有两个区间都不含 0 且方向相同时才判断“改善/变差”；置信区间不含 0 而范围含 0 时为“取决于参数”。', 'A is the scenario you edit (the reform), B the baseline. CI of the mean: the 95 % interval from seed noise alone (spread within each parameter set, pooled). Range over plausible worlds: the central 95 % of the effect over parameter sets consistent with the calibration targets (with few draws close to their min–max, and it can be narrower than the CI). "Better/worse" only when both exclude 0 on the same side; "depends on the parameters" when the CI does and the range does not.'],
  colMeanEffect: ['平均效应（A − B）', 'Mean effect (A − B)'],
  colSeedOnly: ['均值的 95% 置信区间（种子噪声）', '95 % CI of the mean (seed noise)'],
  colSeedParam: ['各可信世界的范围（中间 95%）', 'Range over plausible worlds (central 95 %)'],
  colPBetter: ['A 更好的概率', 'P(A better)'],
  colFlips: ['效应方向与均值相反的参数组占比', 'Worlds with the opposite sign'],
  colVerdict: ['结论', 'Verdict'],
  ensembleDepends: ['取决于参数', 'depends on the parameters'],
  ensembleCsv: ['不确定性 CSV', 'Uncertainty CSV'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

const UNITS: Record<string, Bilingual> = {
  'cases/day': { zh: '件/天', en: 'cases/day' },
  cases: { zh: '件', en: 'cases' },
  'calls/day': { zh: '个/天', en: 'calls/day' },
  'orders/day': { zh: '单/天', en: 'orders/day' },
  share: { zh: '比例', en: 'share' },
  days: { zh: '天', en: 'days' },
  'whistles/day': { zh: '次/天', en: 'whistles/day' },
  whistles: { zh: '次', en: 'whistles' },
  '0–1': { zh: '0–1', en: '0–1' },
  workers: { zh: '人', en: 'workers' },
  posts: { zh: '个岗位', en: 'posts' },
  'hours/day': { zh: '小时/天', en: 'hours/day' },
  hours: { zh: '小时', en: 'hours' },
  'workers/day': { zh: '人/天', en: 'workers/day' },
  'days of work': { zh: '工作日', en: 'days of work' },
  yuan: { zh: '元', en: 'yuan' },
  'yuan/day': { zh: '元/天', en: 'yuan/day' },
  'yuan/case': { zh: '元/件', en: 'yuan/case' },
  'case-days/day': { zh: '件·天/天', en: 'case-days/day' },
  'case-days': { zh: '件·天', en: 'case-days' },
  'calls/resident-year': { zh: '次/人·年', en: 'calls/resident-year' },
  'issues/resident-year': { zh: '件/人·年', en: 'issues/resident-year' },
  'per 100 closed': { zh: '每百件', en: 'per 100 closed' },
  points: { zh: '分', en: 'points' },
  ratio: { zh: '比值', en: 'ratio' },
  'share of posts': { zh: '占岗位比例', en: 'share of posts' },
  'per 1,000 residents': { zh: '件/千人', en: 'per 1,000 residents' },
};

const SINGULAR = new Set(['cases', 'days', 'posts', 'workers', 'whistles', 'hours', 'points']);

let current: Lang = 'zh';

export function setLang(lang: Lang): void {
  current = lang;
}
export function getLang(): Lang {
  return current;
}
export function locale(lang: Lang = current): string {
  return lang === 'zh' ? 'zh-CN' : 'en-GB';
}

/** A sandbox word, with {name} placeholders filled. */
export function t(key: WordKey, vars?: Record<string, string | number>, lang: Lang = current): string {
  let s: string = WORDS[key][lang === 'zh' ? 0 : 1];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, typeof v === 'number' ? fmtInt(v, lang) : v);
  return s;
}

/** A word by a computed key (map metrics, channels, money nodes); falls back to the key itself. */
export function tk(key: string, lang: Lang = current): string {
  const w = (WORDS as Record<string, readonly [string, string]>)[key];
  return w ? w[lang === 'zh' ? 0 : 1] : key.replace(/^[a-z]+_/, '');
}

/** Either half of a {zh, en} pair. */
export function bi(b: Bilingual | undefined, lang: Lang = current): string {
  if (!b) return '';
  return lang === 'zh' ? b.zh || b.en : b.en || b.zh;
}

/**
 * The label of a series or metric in one language. The engine's labels carry both languages,
 * except a few whose Chinese half holds an English word (the summary's `支出：payroll`): those
 * are translated here, from the sandbox's own words.
 */
export function infoLabel(info: { name: string; zh: string; en: string } | undefined, lang: Lang = current): string {
  if (!info) return '';
  const spend = /^money\.spend\.([a-z]+)$/.exec(info.name);
  if (spend) {
    const w = (WORDS as Record<string, readonly [string, string]>)[`mf_${spend[1]}`];
    if (w) return lang === 'zh' ? `支出：${w[0]}` : `Spending: ${w[1].toLowerCase()}`;
  }
  return bi(info, lang);
}

export function unitLabel(unit: string, lang: Lang = current): string {
  const u = UNITS[unit];
  return u ? bi(u, lang) : unit;
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(lang), opts);
    cache.set(key, f);
  }
  return f;
}

export function fmtInt(x: number, lang: Lang = current): string {
  return Number.isFinite(x) ? nf(lang, { maximumFractionDigits: 0 }).format(x) : '–';
}

/** A number in its unit's natural form: shares as percent, money compact, days with one decimal. */
export function fmtValue(x: number, unit: string, lang: Lang = current): string {
  if (!Number.isFinite(x)) return '–';
  switch (unit) {
    case 'share':
    case 'share of posts':
      return nf(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
    case 'yuan':
    case 'yuan/day':
      return Math.abs(x) >= 10000 ? nf(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(x) : nf(lang, { maximumFractionDigits: 0 }).format(x);
    case 'days':
    case 'days of work':
      return nf(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
    case '0–1':
    case 'ratio':
      return nf(lang, { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(x);
    default:
      return Math.abs(x) >= 100 || Number.isInteger(x) ? fmtInt(x, lang) : nf(lang, { maximumFractionDigits: 2 }).format(x);
  }
}

/** A value with its unit, for cards and tooltips ("85.3%", "4.2 天", "1.2万 元"). */
export function fmtWithUnit(x: number, unit: string, lang: Lang = current): string {
  const v = fmtValue(x, unit, lang);
  if (unit === 'share' || unit === 'share of posts' || unit === '0–1' || unit === 'ratio' || v === '–') return v;
  const label = unitLabel(unit, lang);
  // "1 post", "1 case": English plural units read wrong after exactly one.
  return `${v} ${lang === 'en' && Math.abs(x) === 1 && SINGULAR.has(label) ? label.slice(0, -1) : label}`;
}

/** The unit written beside a y axis ("%" for shares, "pp" / "个百分点" for differences of shares). */
export function axisUnit(unit: string, diff = false, lang: Lang = current): string {
  if (unit === 'share' || unit === 'share of posts') return diff ? (lang === 'zh' ? '百分点' : 'pp') : '%';
  return unitLabel(unit, lang);
}

/** A signed difference with its unit ("+2.1 pp", "−3 件", "+1.2万 元"). */
export function fmtDeltaUnit(x: number, unit: string, lang: Lang = current): string {
  const d = fmtDelta(x, unit, lang);
  if (d === '–' || unit === 'share' || unit === 'share of posts' || unit === '0–1' || unit === 'ratio') return d;
  return `${d} ${unitLabel(unit, lang)}`;
}

/** A signed difference in the unit's form ("+2.1 pp" for shares); one that rounds to zero is "±0". */
export function fmtDelta(x: number, unit: string, lang: Lang = current): string {
  if (!Number.isFinite(x)) return '–';
  const share = unit === 'share' || unit === 'share of posts';
  const body = share ? nf(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(Math.abs(x) * 100) : fmtValue(Math.abs(x), unit, lang);
  const sign = !/[1-9]/.test(body) ? '±' : x > 0 ? '+' : '−';
  return share ? `${sign}${body} ${lang === 'zh' ? '个百分点' : 'pp'}` : `${sign}${body}`;
}

/**
 * A tick of a difference axis: signed, in the axis's unit (percentage points for shares, written
 * as plain numbers since the panel's title says "pp": "+5.0", "0", "−5.0", never "−5.0%").
 */
export function fmtDiffTick(x: number, unit: string, lang: Lang = current): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) < 1e-12) return '0';
  const share = unit === 'share' || unit === 'share of posts';
  const body = share ? nf(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(Math.abs(x) * 100) : fmtValue(Math.abs(x), unit, lang);
  return `${x > 0 ? '+' : '−'}${body}`;
}

/** Day `offset` after an ISO date (YYYY-MM-DD), as a UTC Date. */
export function dateAt(iso: string, offset: number): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function fmtDate(date: Date, lang: Lang = current, style: 'long' | 'short' = 'long'): string {
  const key = `${lang}|${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = style === 'long'
      ? { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }
      : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(locale(lang), opts);
    dateFormats.set(key, f);
  }
  return f.format(date);
}

/** Days from `date` to the same day of the next month (clamped to the month's end). */
export function daysToNextMonth(date: Date): number {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  const lastNext = new Date(Date.UTC(y, m + 2, 0)).getUTCDate();
  const next = Date.UTC(y, m + 1, Math.min(d, lastNext));
  return Math.round((next - date.getTime()) / 86400000);
}
