// The roles of a workshop and the levers each may move (from the lever catalogue, sim/levers.ts):
// the district sets transfers and budgets, streets set staffing and the whistle, departments
// set their staff and priority, grid teams set patrol and discretion. A lever belongs to one
// role only, so a group's decisions never collide. Events the facilitator injects between
// rounds are lever settings too, dated to the first day of the next round.
import { getLever, type Bilingual, type Lever, type LeverValues } from '../../sim/index.ts';
import type { EventKind } from './messages.ts';

export interface Role {
  id: string;
  label: Bilingual;
  brief: Bilingual;
  levers: string[];
}

const B = (zh: string, en: string): Bilingual => ({ zh, en });

export const ROLES: readonly Role[] = [
  {
    id: 'district', label: B('区委区政府', 'District'),
    brief: B('你掌握钱：基层治理预算、转移支付怎么分、费是否随事转、网格员的工资和激励。',
      'You hold the money: the grassroots budget, how transfers are shared, whether funds follow tasks, grid-worker pay and incentives.'),
    levers: ['money.budgetPerCapitaYuan', 'money.generalShare', 'money.fundsFollowTasks', 'workforce.payYuan', 'workforce.incentiveYuan'],
  },
  {
    id: 'street', label: B('街道', 'Street'),
    brief: B('你管人手和吹哨：街道办事人员、执法队、社区工作者，以及街道和社区能否吹哨。',
      'You run staffing and the whistle: street staff, the enforcement team, community workers, and whether streets and communities may blow the whistle.'),
    levers: ['staffing.streetStaff', 'staffing.enforcementTeam', 'staffing.communityWorkers', 'whistle.street', 'whistle.community'],
  },
  {
    id: 'department', label: B('职能部门', 'Departments'),
    brief: B('你决定部门办件人员、是否优先办理哨令、签收时限和接入平台的业务系统。',
      'You set department case staff, whether whistles come first, the deadline to sign, and how many systems join the platform.'),
    levers: ['staffing.departmentStaff', 'whistle.departmentPriority', 'whistle.signHours', 'smart.systemsIntegrated'],
  },
  {
    id: 'grid', label: B('网格团队', 'Grid team'),
    brief: B('你带网格：专职和兼职网格员配比、网格员自主处置权、全科培训频率、行政负担。',
      'You lead the grids: full-time and part-time grid workers per grid, grid-worker discretion, all-round training and the admin burden.'),
    levers: ['staffing.gridWorkersPerGrid', 'staffing.helpersPerGrid', 'grid.discretion', 'workforce.trainingRate', 'workforce.adminShare'],
  },
];

const BY_ID = new Map(ROLES.map((r) => [r.id, r]));

export function getRole(id: string): Role | undefined {
  return BY_ID.get(id);
}

/** The role that owns a lever, if any. */
export function ownerOf(leverId: string): Role | undefined {
  return ROLES.find((r) => r.levers.includes(leverId));
}

export function roleLevers(role: Role): Lever[] {
  return role.levers.map((id) => {
    const l = getLever(id);
    if (!l) throw new Error(`workshop role ${role.id}: lever ${id} is not in the catalogue`);
    return l;
  });
}

export const EVENT_LABELS: Record<EventKind, Bilingual> = {
  demandShock: B('需求冲击：事项 +50%，30 天', 'Demand shock: +50 % issues, 30 days'),
  budgetCut: B('预算削减 20%', '20 % budget cut'),
  heatWave: B('高温 20 天', 'Heat wave, 20 days'),
};

/** How big and how long the facilitator's demand shock is (the catalogue's `shock.demand.*` levers). */
export const DEMAND_SHOCK = { days: 30, multiplier: 1.5 } as const;

/**
 * The lever values an event sets when it starts on run day `day`. A demand shock is the
 * engine's own: every kind of issue emerges at 1.5 times its rate for 30 days
 * (`shock.demand.startDay`, `.days`, `.multiplier`; sim/levers.ts).
 */
export function eventLevers(kind: EventKind, day: number): LeverValues {
  switch (kind) {
    case 'budgetCut': return { 'shock.budgetCut.startDay': day, 'shock.budgetCut.share': 0.2 };
    case 'heatWave': return { 'shock.heatWave.startDay': day, 'shock.heatWave.days': 20 };
    case 'demandShock': return { 'shock.demand.startDay': day, 'shock.demand.days': DEMAND_SHOCK.days, 'shock.demand.multiplier': DEMAND_SHOCK.multiplier };
  }
}
