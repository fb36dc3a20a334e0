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
  'reform-authority': {
    what: ['改革一：放权赋能。16 类事项的最低办结层级按 2021 年事权清单下调，网格员自主处置权 0.3→0.8，社区审核 3→2 天。', 'Reform 1: authority devolved. The lowest closing level of 16 sub-items moves down to the 2021 list; grid discretion 0.3 → 0.8; community sign-off 3 → 2 days.'],
    how: ['事项按其处置权限分派；网格能办且会办的就地办结，自主处置权低时要等社区审核；办不了的逐级上交。', 'Cases go to the level their authority allows; a grid closes what it may and has the skill for, waiting for community sign-off when discretion is low; the rest escalates.'],
    tryThis: [['在 2019 情景上单独加此补丁，再叠加“费随事转”，比较两次。', 'Add this patch alone to 2019, then together with funds following tasks, and compare.']],
    notice: [['没有费随事转时，下放的维修类事项可能因缺钱而等待。', 'Without funds following tasks, devolved repair cases may wait for money.']],
    odd: '§7.4, §7.7',
  },
  'reform-enforcement': {
    what: ['改革二：综合执法。街道组建综合执法队，每街道 50 名执法人员连同 162 项处罚权从部门下沉街道。', 'Reform 2: integrated enforcement. Each street forms one team: 50 officers per street move from the department squads, with the 162 devolved penalty powers.'],
    how: ['执法人员总数不变，部门减员多少、街道就增加多少；处罚权覆盖的执法类事项由街道执法队办理。', 'The number of officers stays the same: departments shrink by what the streets gain; enforcement sub-items covered by the powers go to the street team.'],
    tryThis: [['把下放的处罚权减到 81 项，看执法类事项回到部门后的办结时长。', 'Cut the devolved powers to 81 and watch resolution times as enforcement cases return to departments.']],
    notice: [['这是人员和权力的转移，不是新增力量。', 'It moves people and powers; it adds no officers.']],
    odd: '§7.4 (enforcement merger)',
  },
  'reform-whistle': {
    what: ['改革三：吹哨报到。街道吹哨、部门报到；社区吹哨、街道报到。', 'Reform 3: whistle and report. Streets blow the whistle and departments report to the site; communities blow it and the street reports.'],
    how: ['多部门事项由街道吹哨，部门限时签收、联系并到现场联合办理，全部办结；每次吹哨占用街道协调工时。社区哨令在街道与热线工单同等优先。', 'For multi-department cases the street whistles; departments sign, contact and come to work the case jointly within deadlines, and it is settled in full; each whistle costs street coordination hours. Community whistles rank with hotline orders at the street.'],
    tryThis: [['只开街道吹哨或只开社区吹哨，分别看多部门事项的办结时长。', 'Switch on only the street whistle, or only the community whistle, and watch multi-department resolution times.']],
    notice: [['街道人手紧时，协调工时可能拉长办结时长，但解决率上升。', 'With few street staff the coordination hours can lengthen resolution times even as resolution rises.']],
    odd: '§7.3, §7.4 (whistle)',
  },
  'reform-funds': {
    what: ['改革四：费随事转。事权下放时部门的经费随之下放；社区可调剂结余用于急修。', 'Reform 4: funds follow tasks. The departments\' budget for devolved cases moves down with them; communities may use surpluses for urgent repairs.'],
    how: ['下放事项的预计费用（×1.1）拨入街道任务经费和社区账户；社区不再把超过两个月经费的结余上交街道。没有此项时，下放事项是没有经费的任务。', 'The expected cost of devolved cases (× 1.1) goes to street task funds and community accounts; communities no longer return surpluses above two months of funds to the street. Without it, devolved tasks are unfunded mandates.'],
    tryThis: [['与“放权赋能”一起打开或只开放权，比较待资金事项。', 'Run it with authority devolved, and authority alone, and compare cases waiting for money.']],
    notice: [['只有下放了的事项才有经费随之下放：单独打开时作用小。', 'Money moves only for devolved cases: on its own it does little.']],
    odd: '§7.7',
  },
  'reform-smart': {
    what: ['改革五：智治（数据整合）。接入区平台的业务系统 6→30 个（16 个部门的全部系统）；“一个 App”为网格员减负。', 'Reform 5: data integration. Systems joined to the district platform 6 → 30 (all those of 16 departments); one app for grid workers.'],
    how: ['接入系统越多，派单越准、重复来电合并越多，部门在办公室也更能办实；“一个 App”使网格员行政时间减半，办案工时增加。', 'The more systems joined, the more accurate the routing, the more duplicate calls merged and the more often a department settles a case from its office; one app halves grid workers\' admin time, leaving more hours for cases.'],
    tryThis: [['只把接入系统数改为 15，看退回重派和重复工单。', 'Set the systems joined to 15 alone and watch bounced and duplicate orders.']],
    notice: [['作用多在转办环节：看部门事项的解决率。', 'Most of the effect is in referrals: watch resolution of department cases.']],
    odd: '§7.3, §7.4, §7.6',
  },
  'reform-red-property': {
    what: ['改革六：红色物业。街道物业服务中心覆盖 60% 的老旧小区，人员从社区工作者中抽调，补贴每户每月 20 元。', 'Reform 6: red property. Street property service centres cover 60 % of old compounds, staffed by seconded community workers, with a 20-yuan subsidy per household a month.'],
    how: ['覆盖网格的老旧小区设施事项减半、由物业中心办理；社区工时转给中心，不新增人手；补贴从街道专项资金支付，付不出时覆盖率每月下降 2%。', 'In covered grids old-compound facility cases halve and go to the centre; community hours move to it, none are added; the subsidy comes from street earmarked money, and coverage shrinks 2 % a month it cannot be paid.'],
    tryThis: [['与“预算削减”冲击叠加，看覆盖率能否维持。', 'Combine with the budget-cut shock and see whether coverage holds.']],
    notice: [['社区工时减少，其他社区事项可能变慢。', 'Communities lose hours, so their other cases may slow down.']],
    odd: '§7.1, §7.4, §7.7',
  },
  'reform-training-pay': {
    what: ['改革七：培训与激励。全科社工培训每人每年 0.1→0.5 次，绩效激励每月 100→300 元。', 'Reform 7: training and incentives. All-round training 0.1 → 0.5 a worker-year; performance incentive 100 → 300 yuan a month.'],
    how: ['培训让网格员掌握全部事项，但培训期间离开巡查；激励按上月按时办结发放，提高士气、减少离职。', 'Training gives a grid worker every skill but takes days off patrol; the incentive, paid on last month\'s on-time closures, raises morale and cuts quits.'],
    tryThis: [['只提高激励、不增加培训，看离职和成本。', 'Raise the incentive without more training; watch quits and cost.']],
    notice: [['队伍变化慢：至少运行一年再比较。', 'The workforce changes slowly: run at least a year before comparing.']],
    odd: '§7.6',
  },
  'reform-cogovernance': {
    what: ['改革八：多元共治。每社区社会组织 1→3 个，志愿者比例 1%→2%，在职党员双报到。', 'Reform 8: co-governance. Social organisations 1 → 3 per community, volunteer rate 1 % → 2 %, party members register where they live (双报到).'],
    how: ['志愿者和党员让居民直接反映更多，社会组织增加社区工时，社区办理纠纷和个人事项更快；社会组织的活跃程度随居民信任变化。', 'Volunteers and party members bring more direct reports, social organisations add community hours, and communities settle disputes and personal issues faster; how active the organisations are follows residents\' trust.'],
    tryThis: [['只调志愿者比例，看直接反映占比和信任。', 'Change only the volunteer rate and watch the direct-report share and trust.']],
    notice: [['纠纷类事项少时作用小。', 'With few disputes in the case mix, the effect is small.']],
    odd: '§7.2, §7.4, §7.5',
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
