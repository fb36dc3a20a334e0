// What the room reads before touching a lever: a briefing per preset and per patch (what it is,
// how it works, things to try, things to notice, and the section of the model description
// (docs/ODD.md) it relies on), in 简体中文 and English. Pure data; tested for completeness.

export interface Briefing {
  what: [string, string];
  how: [string, string];
  tryThis: [string, string][];
  notice: [string, string][];
  /** Section of docs/ODD.md the mechanism is described in. */
  odd: string;
}

export const BRIEFINGS: Record<string, Briefing> = {
  training: {
    what: ['一个街道、4 个社区、20 个网格的示意小区，用于课堂快速演示；机制与秦淮区情景相同，只是规模小。', 'A small illustrative district (one street, 4 communities, 20 grids) for fast demonstrations; the mechanisms are those of the Qinhuai scenarios, only smaller.'],
    how: ['居民身边每天出现事项；网格员巡查发现，居民直接反映或拨打 12345；事项在网格、社区、街道或职能部门办结，按时限计算三率。', 'Issues arise around residents every day; grid workers find them on patrol, residents tell them or call 12345; cases are closed by the grid, the community, the street or a department, and the three rates are counted against deadlines.'],
    tryThis: [['把每格网格员人数加倍，看积压和成本。', 'Double the grid workers per grid; watch backlog and cost.'], ['关闭吹哨机制（街道与社区），看多部门事项的办结时长。', 'Turn the whistle off (street and community); watch multi-department resolution times.']],
    notice: [['单次运行会因随机性起伏：判断好坏前先运行重复。', 'One run moves with chance: run replications before judging better or worse.'], ['前 30 天为预热期，不计入汇总。', 'The first 30 days are a warm-up and are left out of the summary.']],
    odd: '§1–§3',
  },
  'qinhuai-2019': {
    what: ['秦淮区改革前（2019 年）：没有吹哨机制，执法分散在部门，系统接入少，网格员自主处置权低，费不随事转。', 'Qinhuai before the reform (2019): no whistle, enforcement spread over departments, few systems joined, little grid discretion, funds not following tasks.'],
    how: ['全区 12 个街道的网格、社区与部门；参数按 2019 年的公开数据校准。', 'All 12 streets of the district with their grids, communities and departments; parameters fitted to the published 2019 figures.'],
    tryThis: [['逐项打开 2021 年的改革（吹哨、综合执法、智慧平台），看哪项贡献最大。', 'Switch on the 2021 reforms one at a time (whistle, integrated enforcement, smart platform) and see which counts most.']],
    notice: [['全区运行较慢：先用 90 天试。', 'The whole district runs slower: try 90 days first.'], ['与 2021 情景比较时，两者的起始日期不同。', 'Compared with 2021 the start dates differ.']],
    odd: '§9',
  },
  'qinhuai-2021': {
    what: ['秦淮区改革后（2021 年）：街道与社区吹哨、综合执法、30 个系统接入、红色物业、费随事转。', 'Qinhuai after the reform (2021): street and community whistles, integrated enforcement, 30 systems joined, red property, funds following tasks.'],
    how: ['同一辖区，改革杠杆取 2021 年的值；2021 年的数字是模型的预测，用来检验 2019 年的校准。', 'The same district with the reform levers at their 2021 values; the 2021 figures are predicted by the model, a check on the 2019 fit.'],
    tryThis: [['叠加“冲击：预算削减 20%”，看哪些指标先变差。', 'Add "Shock: 20 % budget cut" and see which indicators give first.']],
    notice: [['三率接近上限时，改善空间小：看办结时长和信任。', 'With the three rates near their ceiling, look at resolution times and trust for differences.']],
    odd: '§9',
  },
  'no-seasons': {
    what: ['关闭春节灯会和梅雨季的季节性高峰，作为对照。', 'Switches off the Spring Festival / lantern-fair and plum-rain peaks, as a control.'],
    how: ['事项发生率不再随季节变化。', 'Issue rates no longer follow the seasons.'],
    tryThis: [['与默认情景对比，看季节高峰对积压的贡献。', 'Compare with the default to see what the seasonal peaks add to the backlog.']],
    notice: [['对比时两条线在非高峰月份应接近。', 'Outside the peak months the two lines should stay close.']],
    odd: '§7.1',
  },
  'rec-cogovernance': {
    what: ['建议四：多元共治。社会组织参与调解与服务，志愿者比例提高，在职党员双报到。', 'Recommendation 4: social co-governance. Social organisations mediate and serve, more residents volunteer, party members register at home.'],
    how: ['部分邻里纠纷和服务类事项由社会组织和志愿者办理，减轻网格员负担；信任随办理结果变化。', 'Some neighbour disputes and service cases are handled by organisations and volunteers, taking load off grid workers; trust follows how cases end.'],
    tryThis: [['只调志愿者比例，看信任的变化。', 'Change only the volunteer rate and watch trust.']],
    notice: [['效果取决于事项结构：调解类事项少时作用小。', 'The effect depends on the case mix: few disputes, little effect.']],
    odd: '§7.5, §8 (多元共治 / co-governance)',
  },
  'rec-power-responsibility': {
    what: ['建议一：权责对等。事权下放同时配齐街道人手、执法力量和经费，网格员自主处置权提高。', 'Recommendation 1: power matches responsibility. Devolved authority comes with street staff, enforcement officers and money; grid workers decide more themselves.'],
    how: ['更多事项在网格和街道就地办结，少转部门；转办与签收耗时缩短。', 'More cases are closed on the spot by grids and streets, fewer go to departments; referrals and signing take less time.'],
    tryThis: [['只提高网格自主处置权，不增加人手，看积压。', 'Raise grid discretion alone, without more staff, and watch the backlog.']],
    notice: [['看“网格内办结比例”与部门积压的此消彼长。', 'Watch the in-grid closure share rise as department backlogs fall.']],
    odd: '§7.4',
  },
  'rec-smart': {
    what: ['建议五：智慧治理。30 个部门系统接入区平台，“一个 App”减负，热线话务员增加。', 'Recommendation 5: smart governance. 30 department systems joined, one app for grid workers, more hotline operators.'],
    how: ['转办更快、重复诉求少，网格员行政时间减少、巡查时间增加。', 'Referrals move faster, fewer duplicate calls, grid workers spend less time on paperwork and more on patrol.'],
    tryThis: [['只打开“一个 App”，看巡查发现占比。', 'Switch on only "one app" and watch the share found on patrol.']],
    notice: [['巡查发现多了，短期积压可能先上升。', 'Finding more on patrol can raise the backlog at first.']],
    odd: '§7.3',
  },
  'rec-training-incentives': {
    what: ['建议三：培训与激励。每年一次全科社工培训，月薪提高到 4000 元，每月 600 元绩效激励。', 'Recommendation 3: training and incentives. Yearly all-round training, pay raised to 4,000 yuan a month, a 600-yuan monthly incentive.'],
    how: ['工资与激励提高士气、降低离职；培训提高办理质量，但培训期间占用工时。', 'Pay and incentives raise morale and cut quits; training raises quality but takes working hours while it lasts.'],
    tryThis: [['只提高工资，不培训，看空岗和成本。', 'Raise pay without training; watch vacancies and cost.']],
    notice: [['队伍的变化比办案慢：至少运行一年。', 'The workforce changes slower than cases: run at least a year.']],
    odd: '§7.6',
  },
  'rec-transfers': {
    what: ['建议二：转移支付结构调整、费随事转。更多按事项量和需求分配，拨付不滞后，社区可调剂结余。', 'Recommendation 2: restructured transfers, funds follow tasks. More money by caseload and need, no disbursement lag, communities may use surpluses.'],
    how: ['资金跟着事项走，待资金事项减少；社区可用结余办维修类事项。', 'Money follows the cases, fewer cases wait for funds; communities can spend surpluses on repairs.'],
    tryThis: [['与“预算削减”冲击叠加，看结构调整能否抵消削减。', 'Combine with the budget-cut shock: can the new structure make up for the cut?']],
    notice: [['看“待资金事项天数”和资金流向图。', 'Watch the unfunded case-days and the money-flow chart.']],
    odd: '§7.7',
  },
  'shock-budget-cut': {
    what: ['冲击：从第一天起区级基层治理预算削减 20%。', 'Shock: the district\'s grassroots-governance budget is cut by 20 % from day one.'],
    how: ['拨付减少，社区与街道的余额下降；没有资金的事项要等待。', 'Less money is paid out, community and street balances fall, and cases that need money wait.'],
    tryThis: [['调整削减幅度，找出服务开始明显变差的点。', 'Change the size of the cut and find where service starts to give.']],
    notice: [['余额先下降，服务指标滞后才变化。', 'Balances fall first; service indicators follow with a lag.']],
    odd: '§7.7',
  },
  'shock-epidemic': {
    what: ['冲击：第 30 天起 60 天疫情，卫生防疫事项增至 5 倍，热线咨询增至 3 倍。', 'Shock: an epidemic from day 30 for 60 days; health cases ×5, hotline enquiries ×3.'],
    how: ['事项和来电激增，网格员与话务员的工时被占满，其他事项排队。', 'Cases and calls surge, grid workers\' and operators\' hours fill up, other cases queue.'],
    tryThis: [['叠加“智慧治理”，看恢复是否更快。', 'Add smart governance and see whether recovery is faster.']],
    notice: [['图上灰色区间为疫情期；看结束后积压消化要多久。', 'The grey span on the charts is the epidemic; see how long the backlog takes to clear afterwards.']],
    odd: '§7.1',
  },
  'shock-heat-wave': {
    what: ['冲击：高温天气，相关事项增加。', 'Shock: a heat wave, with more of the issues heat brings.'],
    how: ['高温期间部分类别的事项发生率上升。', 'Some categories of issues arise more often while it lasts.'],
    tryThis: [['改变高温持续天数。', 'Change how long the heat wave lasts.']],
    notice: [['短冲击之后指标通常会回到原水平。', 'After a short shock the indicators usually return to their level.']],
    odd: '§7.1',
  },
  'shock-hiring-freeze': {
    what: ['冲击：冻结招聘，空岗不补。', 'Shock: a hiring freeze; vacant posts are not filled.'],
    how: ['离职照常发生，在岗网格员减少，剩余人员工作量增加、士气下降。', 'People still leave, fewer grid workers remain, each carries more and morale falls.'],
    tryThis: [['与“培训与激励”叠加，看能否减缓流失。', 'Combine with training and incentives: does it slow the losses?']],
    notice: [['冻结结束后补员有招聘滞后。', 'After the freeze, refilling posts takes the hiring lag.']],
    odd: '§7.6',
  },
};
