// The lever catalogue: every policy lever and model parameter of a scenario, with its id,
// group, unit, default, range or choices, and a label and one-line meaning in Chinese and
// English. One schema serves the sandbox's controls, the API's validation and the docs.
// Defaults describe the 2021 reform (the `qinhuai-2021` preset); presets override them.
import { priorFor, type LeverPrior } from './priors.ts';

/** A lever's prior (guesses only) and its one-line description: part of the catalogue (sim/priors.ts). */
export { describePrior, type LeverPrior } from './priors.ts';
import { LEVELS, SUB_ITEMS, type Level } from './taxonomy.ts';

export type LeverGroup =
  | 'decentralisation' | 'staffing' | 'workforce' | 'money' | 'smart' | 'cogovernance' | 'shocks' | 'calendar' | 'model';

export const LEVER_GROUPS: { id: LeverGroup; zh: string; en: string }[] = [
  { id: 'decentralisation', zh: '放权赋能', en: 'Decentralisation' },
  { id: 'staffing', zh: '人员配置', en: 'Staffing' },
  { id: 'workforce', zh: '队伍建设', en: 'Workforce' },
  { id: 'money', zh: '资金保障', en: 'Money' },
  { id: 'smart', zh: '智慧治理', en: 'Smart governance' },
  { id: 'cogovernance', zh: '多元共治', en: 'Co-governance' },
  { id: 'shocks', zh: '冲击与季节', en: 'Shocks and seasons' },
  { id: 'calendar', zh: '日历', en: 'Calendar' },
  { id: 'model', zh: '模型参数', en: 'Model parameters' },
];

export type LeverValue = number | boolean | string;
export interface Bilingual { zh: string; en: string }

interface LeverCommon {
  id: string;
  group: LeverGroup;
  label: Bilingual;
  meaning: Bilingual;
  unit: Bilingual;
  /** A model parameter (calibration) rather than a policy lever; the sandbox folds these away. */
  advanced?: boolean;
  /** Where the default comes from: 'fact' (data/qinhuai-facts.md) or 'guess'. */
  source: 'fact' | 'guess' | 'policy';
  /** For a numeric guess: the range calibration may try, and its distribution (sim/priors.ts). */
  prior?: LeverPrior;
  /**
   * Set when moving the lever across its whole range changes no outcome on any preset: why
   * (a lever with no effect is a defect unless it says so here; test/sim/levers-contract*).
   */
  inert?: string;
}
export interface NumberLever extends LeverCommon {
  kind: 'number' | 'integer';
  default: number;
  min: number;
  max: number;
  step: number;
}
export interface BooleanLever extends LeverCommon {
  kind: 'boolean';
  default: boolean;
}
export interface ChoiceLever extends LeverCommon {
  kind: 'choice';
  default: string;
  choices: { value: string; label: Bilingual }[];
}
export interface DateLever extends LeverCommon {
  kind: 'date';
  default: string;
  min: string;
  max: string;
}
export type Lever = NumberLever | BooleanLever | ChoiceLever | DateLever;

const U = (zh: string, en: string): Bilingual => ({ zh, en });
const NONE = U('', '');
const SHARE = U('比例', 'share');
const HOURS = U('小时', 'hours');
const DAYS = U('天', 'days');
const YUAN_MONTH = U('元/月', 'yuan/month');
const DAY_INDEX = U('第几天（-1 为关闭）', 'day of run (-1 = off)');

function num(
  id: string, group: LeverGroup, dflt: number, min: number, max: number, step: number, unit: Bilingual,
  label: Bilingual, meaning: Bilingual, source: LeverCommon['source'] = 'guess', advanced = false,
): NumberLever {
  const kind = Number.isInteger(step) && Number.isInteger(dflt) && Number.isInteger(min) ? 'integer' : 'number';
  return { id, group, kind, default: dflt, min, max, step, unit, label, meaning, source, advanced };
}
function bool(id: string, group: LeverGroup, dflt: boolean, label: Bilingual, meaning: Bilingual, source: LeverCommon['source'] = 'policy'): BooleanLever {
  return { id, group, kind: 'boolean', default: dflt, unit: NONE, label, meaning, source };
}

const LEVEL_CHOICES = LEVELS.map((l: Level) => ({
  value: l,
  label: { grid: U('网格', 'grid'), community: U('社区', 'community'), street: U('街道', 'street'), department: U('职能部门', 'department') }[l],
}));

const authority: Lever[] = SUB_ITEMS.map((s) => ({
  id: `authority.${s.id}`,
  group: 'decentralisation' as const,
  kind: 'choice' as const,
  default: s.authorityAfter,
  choices: LEVEL_CHOICES,
  unit: U('层级', 'level'),
  label: U(`处置权限：${s.zh}`, `Authority: ${s.en}`),
  meaning: U(`可以办结“${s.zh}”的最低层级`, `Lowest level allowed to close "${s.en}" cases`),
  source: 'guess' as const,
}));

/** Every lever, in display order. */
export const LEVERS: readonly Lever[] = [
  // --- decentralisation 放权赋能
  ...authority,
  num('grid.discretion', 'decentralisation', 0.8, 0, 1, 0.05, SHARE, U('网格员自主处置权', 'Grid-worker discretion'),
    U('网格员无需社区审核即可办结的事项比例', 'Share of grid-level cases a grid worker may close without community sign-off')),
  num('grid.signOffDays', 'decentralisation', 2, 0, 10, 0.5, DAYS, U('社区审核用时', 'Community sign-off delay'),
    U('需要社区审核时多等的天数', 'Extra days a case waits when community sign-off is needed')),
  bool('enforcement.integrated', 'decentralisation', true, U('街道综合执法', 'Integrated street enforcement'),
    U('街道组建“一支队伍管执法”', 'Streets run one integrated enforcement team')),
  num('enforcement.powersDevolved', 'decentralisation', 162, 0, 162, 1, U('项', 'powers'), U('下放处罚权数量', 'Penalty powers devolved'),
    U('下放到街道的行政处罚权（秦淮区 2019 年 12 月起下放 162 项）', 'Administrative-penalty powers devolved to streets (Qinhuai: 162 from Dec 2019)'), 'fact'),
  bool('whistle.street', 'decentralisation', true, U('街道吹哨、部门报到', 'Street whistle, departments report'),
    U('街道可吹哨，部门须限时签收、联系、报告', 'Streets may blow the whistle; departments must sign, contact and report by deadlines')),
  bool('whistle.community', 'decentralisation', true, U('社区吹哨、街道报到', 'Community whistle, street reports'),
    U('社区可吹哨，街道优先处理', 'Communities may blow the whistle; the street takes the case first')),
  { id: 'whistle.scope', group: 'decentralisation', kind: 'choice', default: 'all', unit: NONE, source: 'fact',
    choices: [
      { value: 'all', label: U('6 大类 22 小项', 'all 6 categories, 22 sub-items') },
      { value: 'multiDepartment', label: U('仅多部门事项', 'multi-department sub-items only') },
    ],
    label: U('吹哨范围', 'Whistle scope'), meaning: U('哪些事项可以吹哨', 'Which sub-items the whistle may be blown for') },
  num('whistle.signHours', 'decentralisation', 1, 0.25, 24, 0.25, HOURS, U('签收时限', 'Deadline to sign'),
    U('部门接哨后签收的时限（小时）', 'Hours a department has to sign for a whistle (duty officers sign in about half an hour when whistles have priority)'), 'fact'),
  {
    ...num('whistle.contactHours', 'decentralisation', 24, 1, 72, 1, HOURS, U('联系时限', 'Deadline to contact'),
      U('部门联系街道的时限（小时）', 'Hours a department has to contact the street'), 'fact'),
    inert: 'pending: whistle 报到 joint handling (m10b) — departments take whistle orders up first, so the contact limit is never missed today',
  },
  num('whistle.reportDaysOrdinary', 'decentralisation', 3, 1, 15, 1, U('工作日', 'working days'), U('一般事项报告时限', 'Report deadline, ordinary'),
    U('一般事项部门报告办理结果的时限', 'Working days to report on an ordinary whistle case'), 'fact'),
  num('whistle.reportDaysComplex', 'decentralisation', 5, 1, 30, 1, U('工作日', 'working days'), U('复杂事项报告时限', 'Report deadline, complex'),
    U('复杂事项部门报告办理结果的时限', 'Working days to report on a complex whistle case'), 'fact'),
  num('whistle.coordinationHours', 'decentralisation', 2, 0, 40, 0.5, HOURS, U('吹哨协调工时', 'Coordination hours per whistle'),
    U('每次吹哨街道花费的协调工时', 'Street staff hours each whistle costs to coordinate')),
  num('whistle.assessmentPenalty', 'decentralisation', 2, 0, 10, 0.5, U('分', 'points'), U('超时扣分', 'Assessment penalty'),
    U('部门每超时一次扣的考核分（0–100 分，每月回升 5 分；低于 90 分时优先办理哨令）', 'Assessment points a department loses per missed deadline (score 0–100, +5 a month; below 90 the department puts whistles first)')),
  bool('whistle.departmentPriority', 'decentralisation', true, U('部门优先办理哨令', 'Departments put whistles first'),
    U('部门先办吹哨事项，再办一般工单', 'Departments take whistle cases before ordinary work orders')),

  // --- staffing 人员配置
  num('staffing.gridWorkersPerGrid', 'staffing', 1.089, 0.2, 4, 0.01, U('人/网格', 'per grid'), U('专职网格员配比', 'Full-time grid workers per grid'),
    U('每个综合网格的专职网格员数（秦淮 1117/1026）', 'Full-time grid workers per comprehensive grid (Qinhuai 1,117 / 1,026)'), 'fact'),
  num('staffing.helpersPerGrid', 'staffing', 0.5, 0, 5, 0.1, U('人/网格', 'per grid'), U('兼职网格员配比', 'Part-time helpers per grid'),
    U('每个网格的兼职网格员（每人 0.3 个全职当量）', 'Part-time grid helpers per grid, 0.3 FTE each')),
  num('staffing.communityWorkers', 'staffing', 10, 1, 40, 1, U('人/社区', 'per community'), U('社区工作者', 'Community workers'),
    U('每个社区办理事项的社区工作者', 'Community workers per community who handle cases')),
  num('staffing.streetStaff', 'staffing', 25, 1, 150, 1, U('人/街道', 'per street'), U('街道办事人员', 'Street case staff'),
    U('每个街道处理事项和协调的工作人员', 'Street office staff per street who handle and coordinate cases')),
  num('staffing.enforcementTeam', 'staffing', 50, 0, 300, 1, U('人/街道', 'per street'), U('综合执法队员', 'Enforcement team size'),
    U('每个街道辖区由部门执法中队调入街道综合执法队的人数（未整合时留在部门；另有每街道 5 人留在区级）', 'Enforcement officers per street (average; shared by population) who move from the department squads into the street\'s integrated team when enforcement is integrated; they stay in the departments otherwise (5 more per street stay district-wide)')),
  num('staffing.departmentStaff', 'staffing', 80, 1, 300, 1, U('人/部门', 'per department'), U('部门办件人员', 'Department case staff'),
    U('职能部门办理工单的平均人数（按各部门历史工作量分配，按区人口折算）', 'Average staff per department on work orders (shared out by each department\'s historic workload; for a 740,000-resident district, scaled by population)')),
  num('staffing.callOperatorsPer100k', 'staffing', 2.7, 0.1, 20, 0.1, U('人/十万人', 'per 100k residents'), U('12345 话务员', '12345 operators'),
    U('每十万居民的热线话务员（建邺 20 席）', 'Hotline operators per 100,000 residents (Jianye: 20 seats)'), 'fact'),

  // --- workforce 队伍建设
  num('workforce.payYuan', 'workforce', 3500, 1500, 10000, 50, YUAN_MONTH, U('网格员月薪', 'Grid-worker pay'),
    U('专职网格员月工资（事实：3200–4000 元）', 'Monthly pay of a full-time grid worker (fact: 3,200–4,000 yuan)'), 'fact'),
  num('workforce.referenceWageYuan', 'workforce', 3800, 1500, 10000, 50, YUAN_MONTH, U('参照工资', 'Reference wage'),
    U('网格员心目中的可比工资；低于它士气下降', 'The wage grid workers compare with; pay below it lowers morale'), 'guess', true),
  num('workforce.incentiveYuan', 'workforce', 300, 0, 3000, 50, YUAN_MONTH, U('激励金', 'Incentive pool per worker'),
    U('每名网格员每月的绩效激励，按所在网格上月按时办结比例发放；激励提高士气', 'Monthly performance incentive per grid worker, earned in proportion to the grid\'s on-time closures last month; it raises morale')),
  num('workforce.trainingRate', 'workforce', 0.5, 0, 2, 0.05, U('次/人·年', 'per worker-year'), U('全科培训频率', 'All-round training rate'),
    U('每名网格员每年参加全科社工培训的次数', 'All-round (全科社工) trainings per grid worker per year')),
  num('workforce.trainingDays', 'workforce', 10, 1, 30, 1, DAYS, U('培训天数', 'Training days'),
    U('每次全科培训脱岗天数', 'Days off patrol for each all-round training')),
  num('workforce.hiringLagDays', 'workforce', 60, 0, 365, 5, DAYS, U('招聘周期', 'Hiring lag'),
    U('岗位空缺到补员的天数', 'Days from a vacancy to a new hire')),
  num('workforce.surgeCap', 'workforce', 0.1, 0, 1, 0.05, U('比例', 'share of posts'), U('合同工上限', 'Surge contract workers cap'),
    U('积压超过30天均值两倍时临时聘用的合同网格员上限（占岗位比例）', 'Cap on contract workers hired when the grids\' backlog passes twice its 30-day mean, as a share of posts')),
  num('workforce.surgeLeadDays', 'workforce', 14, 0, 90, 1, DAYS, U('合同工到岗周期', 'Surge lead time'),
    U('决定临时聘用到到岗的天数', 'Days from deciding on surge workers to their arrival')),
  num('workforce.surgeCostYuan', 'workforce', 4500, 1000, 10000, 100, YUAN_MONTH, U('合同工月成本', 'Surge worker cost'),
    U('每名合同网格员每月成本', 'Monthly cost of one contract grid worker')),
  num('workforce.hoursPerDay', 'workforce', 8, 4, 12, 0.5, HOURS, U('日工作时长', 'Working hours a day'),
    U('网格员每个工作日的工时', 'Grid-worker hours per working day'), 'guess', true),
  num('workforce.adminShare', 'workforce', 0.30, 0, 0.7, 0.01, SHARE, U('行政事务占比', 'Admin burden'),
    U('网格员工时中填表、报表等行政事务的比例', 'Share of grid-worker hours spent on forms and reports')),
  num('workforce.patrolShare', 'workforce', 0.35, 0.05, 0.7, 0.01, SHARE, U('巡查工时占比', 'Patrol share'),
    U('网格员工时中巡查的比例（其余为入户和办件）', 'Share of grid-worker hours on patrol (the rest: visits and cases)'), 'guess', true),
  num('workforce.baseQuitRate', 'workforce', 0.15, 0, 0.6, 0.01, U('/年', 'per year'), U('基础离职率', 'Base quit rate'),
    U('士气正常时的年离职率；士气低时最高三倍', 'Yearly quit rate at normal morale; up to three times that at low morale'), 'guess', true),

  // --- money 资金保障
  num('money.budgetPerCapitaYuan', 'money', 55, 0, 1000, 1, U('元/人·年', 'yuan per resident-year'), U('基层治理运行预算', 'Grassroots operating budget'),
    U('区级基层治理年度运行预算（按常住人口），在网格员、社区工作者、街道人员工资预算之外；用于转移支付（社区经费、维修等）', 'District grassroots-governance operating budget a year, per resident, on top of the payroll budget of grid workers, community workers and street staff (which follows the staffing levers); it funds the transfers to streets (community funds, repairs)')),
  num('money.generalShare', 'money', 0.7, 0, 1, 0.05, SHARE, U('一般性转移比例', 'General (untied) share'),
    U('转移支付中一般性（非专项）部分', 'Share of transfers that is general rather than earmarked')),
  num('money.weightPerCapita', 'money', 0.4, 0, 1, 0.05, U('权重', 'weight'), U('按人口分配权重', 'Formula weight: per capita'),
    U('转移公式中按人口分配的权重', 'Transfer formula weight on population')),
  num('money.weightCaseload', 'money', 0.3, 0, 1, 0.05, U('权重', 'weight'), U('按事项量分配权重', 'Formula weight: caseload'),
    U('转移公式中按事项量分配的权重', 'Transfer formula weight on last month\'s caseload')),
  num('money.weightNeed', 'money', 0.2, 0, 1, 0.05, U('权重', 'weight'), U('按需求指数分配权重', 'Formula weight: need'),
    U('按老旧小区和老年人比例的需求指数分配', 'Transfer formula weight on need (old-compound and elderly shares)')),
  num('money.weightEqual', 'money', 0.1, 0, 1, 0.05, U('权重', 'weight'), U('平均分配权重', 'Formula weight: equal base'),
    U('各街道平均分配的部分', 'Transfer formula weight shared equally among streets')),
  bool('money.fundsFollowTasks', 'money', true, U('费随事转', 'Funds follow tasks'),
    U('下放事权时部门预算（材料和办案经费）随之下放到街道和社区；否则由街道一般性资金或社区经费支付，付不起的事项等待资金', 'Devolved authority moves the departments\' budget for its cases (materials and working expenses) down to streets and communities; otherwise streets pay from general money and communities from their funds, and cases they cannot pay for wait')),
  num('money.disbursementLagMonths', 'money', 1, 0, 6, 1, U('月', 'months'), U('拨付滞后', 'Disbursement lag'),
    U('转移支付到账滞后的月数', 'Months between a transfer decision and the money arriving')),
  bool('money.communityDiscretion', 'money', true, U('社区结余调剂权', 'Community discretion over surpluses'),
    U('社区可把专项结余用于维修等急需', 'Communities may spend earmarked surpluses on urgent repairs')),
  num('money.communityFundsYuan', 'money', 200000, 0, 1000000, 10000, U('元/社区·年', 'yuan per community-year'), U('社区工作经费', 'Community working funds'),
    U('街道拨给每个社区的年度工作经费（昆山 20 万元）', 'Yearly working funds each community receives (Kunshan: 200,000)'), 'fact'),
  num('redProperty.coverage', 'money', 0.6, 0, 1, 0.05, SHARE, U('红色物业覆盖率', 'Red property coverage'),
    U('街道物业服务中心覆盖的老旧小区比例', 'Share of old compounds covered by the street property service centre')),
  num('redProperty.subsidyYuan', 'money', 20, 0, 100, 1, U('元/户·月', 'yuan per household-month'), U('红色物业补贴', 'Red property subsidy'),
    U('每个覆盖户每月的物业补贴，拨入街道专项账户，支付物业服务中心人员（每400户1人，4000元/月）；中心发不出工资的月份覆盖率下降2%', 'Monthly subsidy per covered household, paid into the street\'s earmarked account that pays the property centre (one staff per 400 households at 4,000 yuan a month); each month the centre cannot be paid its coverage shrinks by 2 %')),

  // --- smart governance 智慧治理
  num('smart.systemsIntegrated', 'smart', 30, 0, 30, 1, U('个', 'systems'), U('接入业务系统数', 'Systems integrated'),
    U('接入区平台的部门业务系统（秦淮：16 个部门 30 个系统）', 'Department systems joined to the district platform (Qinhuai: 30 of 16 departments)'), 'fact'),
  bool('smart.oneApp', 'smart', true, U('“一个 App”减负', '"One app" relief'),
    U('统一移动端，网格员行政负担减半', 'One mobile app halves the grid workers\' admin burden')),

  // --- co-governance 多元共治
  num('cogov.socialOrgsPerCommunity', 'cogovernance', 3, 0, 20, 1, U('个/社区', 'per community'), U('社会组织', 'Social organisations'),
    U('每个社区参与调解和服务的社会组织', 'Social organisations per community that mediate and serve')),
  num('cogov.volunteerRate', 'cogovernance', 0.02, 0, 0.1, 0.005, SHARE, U('志愿者比例', 'Volunteer rate'),
    U('高信任居民中成为志愿者的比例', 'Share of high-trust residents who volunteer')),
  bool('cogov.partyRegistration', 'cogovernance', true, U('党员双报到', 'Party-member registration (双报到)'),
    U('在职党员到居住社区报到，参与发现和调解', 'Party members register in their home community and help find and mediate issues')),

  // --- seasons and shocks 冲击与季节
  bool('season.springFestival', 'shocks', true, U('春节与灯会', 'Spring Festival and lantern fair'),
    U('春节和秦淮灯会期间旅游网格的市场和设施事项增加', 'Tourism and market cases rise in tourist grids around Spring Festival and the lantern fair'), 'fact'),
  bool('season.plumRain', 'shocks', true, U('梅雨季', 'Plum-rain season'),
    U('6–7 月梅雨季排水和老旧小区事项增加', 'Drains and old-compound cases rise in the June–July plum rains')),
  num('shock.heatWave.startDay', 'shocks', -1, -1, 3650, 1, DAY_INDEX, U('高温开始', 'Heat wave start'),
    U('高温天气开始的运行日（用电、燃气、养老事项增加）', 'Run day a heat wave starts (power, gas and elderly-care cases rise)')),
  num('shock.heatWave.days', 'shocks', 20, 1, 120, 1, DAYS, U('高温持续', 'Heat wave length'), U('高温持续天数', 'Days the heat wave lasts')),
  num('shock.epidemic.startDay', 'shocks', -1, -1, 3650, 1, DAY_INDEX, U('疫情开始', 'Epidemic start'),
    U('疫情冲击开始的运行日（卫生防疫事项 ×5，热线咨询激增）', 'Run day an epidemic starts (health cases ×5, hotline enquiries surge)')),
  num('shock.epidemic.days', 'shocks', 60, 1, 365, 1, DAYS, U('疫情持续', 'Epidemic length'), U('疫情持续天数', 'Days the epidemic lasts')),
  num('shock.budgetCut.startDay', 'shocks', -1, -1, 3650, 1, DAY_INDEX, U('预算削减开始', 'Budget cut start'),
    U('区级预算削减开始的运行日', 'Run day the district budget is cut')),
  num('shock.budgetCut.share', 'shocks', 0.2, 0, 0.8, 0.05, SHARE, U('预算削减幅度', 'Budget cut size'), U('预算削减的比例', 'Share of the budget cut')),
  num('shock.demand.startDay', 'shocks', -1, -1, 3650, 1, DAY_INDEX, U('需求冲击开始', 'Demand shock start'),
    U('所有事项发生率同时变化的开始运行日', 'Run day a demand shock starts: every kind of issue emerges at a changed rate')),
  num('shock.demand.days', 'shocks', 30, 1, 365, 1, DAYS, U('需求冲击持续', 'Demand shock length'), U('需求冲击持续天数', 'Days the demand shock lasts')),
  num('shock.demand.multiplier', 'shocks', 1.5, 0.2, 3, 0.05, U('倍', '×'), U('需求冲击倍数', 'Demand shock size'),
    U('冲击期间所有事项发生率的倍数（<1 为需求下降）', 'Multiplier on every emergence rate while the shock lasts (below 1: demand falls)')),
  num('shock.hiringFreeze.startDay', 'shocks', -1, -1, 3650, 1, DAY_INDEX, U('冻结招聘开始', 'Hiring freeze start'),
    U('冻结招聘开始的运行日（空岗不补）', 'Run day a hiring freeze starts (vacancies stay open)')),
  num('shock.hiringFreeze.days', 'shocks', 180, 1, 3650, 1, DAYS, U('冻结招聘持续', 'Hiring freeze length'), U('冻结招聘的天数', 'Days the hiring freeze lasts')),

  // --- calendar 日历
  { id: 'calendar.startDate', group: 'calendar', kind: 'date', default: '2021-01-01', min: '2019-01-01', max: '2026-12-31', unit: NONE, source: 'policy',
    label: U('开始日期', 'Start date'), meaning: U('模拟第一天的日期（决定周末、节假日和季节）', 'Date of the first simulated day (sets weekends, holidays and seasons)') },
  num('observe.warmupDays', 'calendar', 30, 0, 365, 1, DAYS, U('预热期', 'Warm-up'),
    U('汇总指标从第几天开始统计（之前系统从空状态起步）', 'Days excluded from the run summary while the system fills up from empty'), 'guess', true),

  // --- model parameters 模型参数 (calibration; advanced)
  num('model.emergenceScale', 'model', 1, 0.1, 3, 0.05, U('倍', '×'), U('事项发生倍数', 'Emergence scale'),
    U('所有事项基础发生率的倍数（校准用）', 'Multiplier on every base emergence rate (calibration)'), 'guess', true),
  num('model.patrolRate', 'model', 0.06, 0, 2, 0.01, U('/天', 'per day'), U('巡查发现率', 'Patrol discovery rate'),
    U('满员网格中网格员每天发现一个隐患的概率率', 'Daily rate at which a fully staffed grid\'s patrol finds an issue'), 'guess', true),
  num('model.directRate', 'model', 0.03, 0, 2, 0.01, U('/天', 'per day'), U('直接反映率', 'Direct-report rate'),
    U('信任为 1 时居民直接告诉网格员的日率', 'Daily rate at which a fully trusting resident tells the grid worker'), 'guess', true),
  num('model.hotlineRate', 'model', 0.147, 0, 2, 0.01, U('/天', 'per day'), U('热线反映率', 'Hotline-report rate'),
    U('居民拨打 12345 的日率（随倾向上升、随信任下降）', 'Daily rate at which a resident calls 12345 (up with propensity, down with trust)'), 'guess', true),
  num('model.lapseDays', 'model', 25, 1, 365, 1, DAYS, U('自行消失期', 'Lapse time'),
    U('未被反映的事项平均多少天后自行消失（“暗数”）', 'Mean days before an unreported issue ends by itself (the dark figure)'), 'guess', true),
  num('model.enquiriesPerAppeal', 'model', 1.5, 0, 5, 0.1, U('倍', '×'), U('咨询与诉求比', 'Enquiries per appeal'),
    U('每件诉求工单对应的热线咨询数（事实：约 60% 咨询、40% 诉求）', 'Hotline enquiries per appeal (fact: about 60 % enquiries, 40 % appeals)'), 'fact', true),
  num('model.routingBase', 'model', 0.8, 0.5, 1, 0.01, SHARE, U('基础派单准确率', 'Base routing accuracy'),
    U('未接入系统时指挥中心派单准确率（接满 30 个系统加 0.18）', 'Command-centre routing accuracy with no systems integrated (+0.18 with all 30)'), 'guess', true),
  num('model.pushback', 'model', 0.1, 0, 0.6, 0.01, SHARE, U('推诿概率', 'Push-back probability'),
    U('一般转办单部门推回的概率', 'Probability that a department pushes an ordinary referral back'), 'guess', true),
  num('model.pushbackPerExtraDept', 'model', 0.15, 0, 0.5, 0.01, SHARE, U('多部门推诿增量', 'Push-back per extra department'),
    U('每多一个部门，推诿概率增加', 'Extra push-back probability per additional department involved'), 'guess', true),
  num('model.whistlePushback', 'model', 0.02, 0, 0.3, 0.01, SHARE, U('吹哨后推诿概率', 'Push-back under the whistle'),
    U('吹哨事项被推回的概率', 'Probability that a whistle case is pushed back'), 'guess', true),
  num('model.verifyHours', 'model', 0.5, 0, 4, 0.1, HOURS, U('核查工时', 'Verification hours'),
    U('网格员核查一件办结事项的工时', 'Grid-worker hours to verify one handled case'), 'guess', true),
  num('model.quality', 'model', 0.94, 0.5, 1, 0.01, SHARE, U('办结质量', 'Resolution quality'),
    U('正常负荷下事项真正解决的概率（超负荷时降到 0.75）', 'Probability a case is truly resolved at normal load (falls to 0.75 when overloaded)'), 'guess', true),
  num('model.satisfiedOnTime', 'model', 0.99, 0, 1, 0.01, SHARE, U('按时满意率', 'Satisfied if on time'),
    U('按时解决时居民满意的概率', 'Probability of a satisfied rating when resolved on time'), 'guess', true),
  num('model.satisfiedLate', 'model', 0.6, 0, 1, 0.01, SHARE, U('超时满意率', 'Satisfied if late'),
    U('超时解决时居民满意的概率', 'Probability of a satisfied rating when resolved late'), 'guess', true),
  num('model.trustStart', 'model', 0.6, 0, 1, 0.01, U('0–1', '0–1'), U('初始信任', 'Starting trust'),
    U('居民对基层治理的初始信任（标准差 0.15）', 'Residents\' starting trust in local governance (sd 0.15)'), 'guess', true),
  num('model.trustHalfLifeDays', 'model', 180, 10, 1000, 10, DAYS, U('信任回归半衰期', 'Trust half-life'),
    U('信任回归基线的半衰期', 'Half-life of trust drifting back to its baseline'), 'guess', true),
];

// Priors of the numeric guesses (sim/priors.ts), attached here so that one table feeds the catalogue.
for (const l of LEVERS) {
  const p = priorFor(l);
  if (p) l.prior = p;
}

const BY_ID = new Map(LEVERS.map((l) => [l.id, l]));

export function getLever(id: string): Lever | undefined {
  return BY_ID.get(id);
}

export type LeverValues = Record<string, LeverValue>;

/** Lever defaults as a plain object. */
export function defaultLevers(): LeverValues {
  const out: LeverValues = {};
  for (const l of LEVERS) out[l.id] = l.default;
  return out;
}

export interface LeverProblem {
  path: string;
  message: string;
  value?: unknown;
  expected?: string;
}

/** What a lever accepts, in words (for error messages). */
export function describeExpected(l: Lever): string {
  switch (l.kind) {
    case 'number': return `a number in [${l.min}, ${l.max}]`;
    case 'integer': return `an integer in [${l.min}, ${l.max}]`;
    case 'boolean': return 'true or false';
    case 'choice': return `one of ${l.choices.map((c) => JSON.stringify(c.value)).join(', ')}`;
    case 'date': return `a date YYYY-MM-DD between ${l.min} and ${l.max}`;
  }
}

/** Check one lever value; returns a problem or undefined. Strings like "0.5" or "true" are not coerced here. */
export function checkLeverValue(id: string, value: unknown, path = `levers.${id}`): LeverProblem | undefined {
  const l = BY_ID.get(id);
  if (!l) return { path, message: `unknown lever "${id}"`, value: id, expected: 'a lever id from `govsim levers`' };
  return checkValueOf(l, value, path);
}

/** Check a value against a lever's kind and range (the lever given, not looked up). */
export function checkValueOf(l: Lever, value: unknown, path = `levers.${l.id}`): LeverProblem | undefined {
  const bad = (): LeverProblem => ({ path, message: `${path} must be ${describeExpected(l)}, got ${JSON.stringify(value)}`, value, expected: describeExpected(l) });
  switch (l.kind) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < l.min || value > l.max) return bad();
      if (l.kind === 'integer' && !Number.isInteger(value)) return bad();
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : bad();
    case 'choice':
      return typeof value === 'string' && l.choices.some((c) => c.value === value) ? undefined : bad();
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= l.min && value <= l.max && validDate(value) ? undefined : bad();
  }
}

function validDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= dim;
}

/**
 * Parse a lever value given as text (CLI `--set id=value`, URL parameters): numbers, booleans
 * and choices by the lever's kind. Throws with a message naming the lever and what it expects.
 */
export function parseLeverText(id: string, text: string): LeverValue {
  const l = BY_ID.get(id);
  if (!l) throw new Error(`unknown lever "${id}" (see \`govsim levers\`)`);
  const r = leverFromText(l, text);
  if ('problem' in r) throw new Error(r.problem.message);
  return r.value;
}

/**
 * THE lever-text parser (CLI --set, API, the sandbox's share links and inputs all use it):
 * numbers by Number(); booleans as true/false, 1/0 or on/off; choices by value; dates as real
 * calendar days YYYY-MM-DD in range (2021-02-30 is not one). A value, or the problem as data.
 */
export function leverFromText(l: Lever, text: string, path = l.id): { value: LeverValue } | { problem: LeverProblem } {
  let value: LeverValue = text;
  if (l.kind === 'number' || l.kind === 'integer') value = text.trim() === '' ? NaN : Number(text);
  else if (l.kind === 'boolean') value = text === 'true' || text === '1' || text === 'on' ? true : text === 'false' || text === '0' || text === 'off' ? false : text;
  const problem = checkValueOf(l, value, path);
  return problem ? { problem } : { value };
}
