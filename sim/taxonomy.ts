// The case taxonomy (6 categories, 22 sub-items), the 16 departments and the handling levels.
// The seed names "6 categories, 22 sub-items" as the whistle scope without listing them; this
// list is the model's own (MODEL.md section 2, data/parameters.md). Rates, hours and costs are
// guesses; the time limits are facts (Beijing and Nanjing practice).

/** Handling levels, lowest first. A sub-item's authority is the lowest level allowed to close it. */
export const LEVELS = ['grid', 'community', 'street', 'department'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_GRID = 0;
export const LEVEL_COMMUNITY = 1;
export const LEVEL_STREET = 2;
export const LEVEL_DEPARTMENT = 3;

export const LEVEL_LABELS: Record<Level, { zh: string; en: string }> = {
  grid: { zh: '网格', en: 'grid' },
  community: { zh: '社区', en: 'community' },
  street: { zh: '街道', en: 'street' },
  department: { zh: '职能部门', en: 'department' },
};

export const URGENCIES = ['emergency', 'utility', 'urgent', 'ordinary', 'complex'] as const;
export type Urgency = (typeof URGENCIES)[number];
/**
 * Time limit to resolve, in days (fact: utilities 24 h, ordinary 7 d, complex 15 d, the last two
 * counted in working days; "urgent" is the model's 3 d). An emergency must be met on site
 * within 2 hours (its response limit) and made safe within a day.
 */
export const URGENCY_LIMIT_DAYS: Record<Urgency, number> = {
  emergency: 1,
  utility: 1,
  urgent: 3,
  ordinary: 7,
  complex: 15,
};
/** Time limit to respond (contact the resident / accept the order), in days. */
export const URGENCY_RESPONSE_DAYS: Record<Urgency, number> = {
  emergency: 2 / 24,
  utility: 1,
  urgent: 1,
  ordinary: 1,
  complex: 1,
};
/** How much faster residents and patrols notice and report an issue of this urgency. */
export const URGENCY_REPORT_FACTOR: Record<Urgency, number> = {
  emergency: 12,
  utility: 3,
  urgent: 2,
  ordinary: 1,
  complex: 0.8,
};

export const CATEGORIES = [
  { id: 'environment', zh: '市容环境', en: 'City appearance and environment' },
  { id: 'facilities', zh: '设施管养', en: 'Facilities and maintenance' },
  { id: 'livelihood', zh: '民生服务', en: 'Livelihood services' },
  { id: 'safety', zh: '安全隐患', en: 'Safety hazards' },
  { id: 'market', zh: '市场秩序', en: 'Market and business order' },
  { id: 'disputes', zh: '矛盾纠纷', en: 'Disputes and social order' },
] as const;
export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const DEPARTMENTS = [
  { id: 'urbanManagement', zh: '城管', en: 'Urban management' },
  { id: 'market', zh: '市场监管', en: 'Market supervision' },
  { id: 'emergency', zh: '应急管理', en: 'Emergency and work safety' },
  { id: 'police', zh: '公安', en: 'Police' },
  { id: 'civilAffairs', zh: '民政', en: 'Civil affairs' },
  { id: 'housing', zh: '住建房管', en: 'Housing and construction' },
  { id: 'water', zh: '水务', en: 'Water' },
  { id: 'ecology', zh: '生态环境', en: 'Ecology and environment' },
  { id: 'health', zh: '卫健', en: 'Health' },
  { id: 'hrss', zh: '人社', en: 'Human resources and social security' },
  { id: 'transport', zh: '交通', en: 'Transport' },
  { id: 'cultureTourism', zh: '文旅', en: 'Culture and tourism' },
  { id: 'education', zh: '教育', en: 'Education' },
  { id: 'fire', zh: '消防', en: 'Fire' },
  { id: 'landscaping', zh: '园林绿化', en: 'Landscaping' },
  { id: 'utilities', zh: '水电气', en: 'Utilities (gas, power, water supply)' },
] as const;
export type DepartmentId = (typeof DEPARTMENTS)[number]['id'];

/** Which residents a sub-item tends to affect (drives the alias tables that pick the resident). */
export type Affects = 'anyone' | 'elderly' | 'oldCompound';

export interface SubItem {
  id: string;
  category: CategoryId;
  zh: string;
  en: string;
  /** Base emergence rate per 1,000 residents a year (guess). */
  rate: number;
  /** Lowest level allowed to close it before (2019) and after (2021) the reform. */
  authorityBefore: Level;
  authorityAfter: Level;
  /** Responsible departments, first is the lead (empty: mediation, handled without a department). */
  departments: DepartmentId[];
  urgency: Urgency;
  /** Mean work hours (log-normal, sigma 0.6). */
  hours: number;
  /** Repair material cost in yuan (0: none). */
  cost: number;
  /** Enforcement sub-item: the integrated street team can take it when powers are devolved. */
  enforcement: boolean;
  affects: Affects;
  /** Grid modifiers on the rate. */
  tourist: number;
  commerce: number;
  /** Only emerges in tourist grids / only in old compounds. */
  touristOnly?: boolean;
  oldCompoundOnly?: boolean;
  /** Extra factor where old compounds dominate (gas hazards x1.5). */
  oldCompound: number;
  /** Extra factor where there is no property service (property disputes x1.5). */
  noPropertyService: number;
  /** The issue affects one household (livelihood, disputes) rather than a public space. */
  personal: boolean;
  /** How readily a patrolling grid worker notices it (1 = average; guess). */
  visibility: number;
  /** How readily a resident tells the grid worker rather than calling 12345 (1 = average; guess). */
  direct: number;
}

const S = (
  id: string, category: CategoryId, zh: string, en: string, rate: number,
  authorityBefore: Level, authorityAfter: Level, departments: DepartmentId[], urgency: Urgency,
  hours: number, cost: number, extra: Partial<SubItem> = {},
): SubItem => ({
  id, category, zh, en, rate, authorityBefore, authorityAfter, departments, urgency, hours, cost,
  enforcement: false, affects: 'anyone', tourist: 1, commerce: 1, oldCompound: 1, noPropertyService: 1,
  personal: false, visibility: 1, direct: 1, ...extra,
});

/** The 22 sub-items (data/parameters.md; all guesses). Order is part of the engine's identity. */
export const SUB_ITEMS: readonly SubItem[] = [
  S('garbage', 'environment', '垃圾与环境卫生', 'Garbage and sanitation', 50, 'grid', 'grid', ['urbanManagement'], 'ordinary', 1.5, 0, { visibility: 12, direct: 1.5 }),
  S('stalls', 'environment', '占道经营与流动摊贩', 'Illegal stalls, road occupation', 35, 'department', 'street', ['urbanManagement'], 'ordinary', 2, 0, { tourist: 3, enforcement: true , visibility: 0.6, direct: 0.3 }),
  S('noise', 'environment', '噪声扰民', 'Noise', 40, 'department', 'street', ['police', 'ecology'], 'ordinary', 3, 0, { commerce: 1.5, enforcement: true , visibility: 0.3, direct: 0.5 }),
  S('illegalConstruction', 'environment', '违法建设', 'Illegal construction', 10, 'department', 'street', ['urbanManagement', 'housing'], 'complex', 24, 0, { enforcement: true , visibility: 0.5, direct: 0.3 }),
  S('greenery', 'environment', '绿化损毁', 'Greenery damage', 15, 'department', 'community', ['landscaping'], 'ordinary', 3, 500, { visibility: 6, direct: 1 }),
  S('roadsLights', 'facilities', '道路与路灯', 'Roads and street lights', 35, 'department', 'department', ['urbanManagement', 'utilities'], 'utility', 6, 2000, { visibility: 0.4, direct: 0.2 }),
  S('drains', 'facilities', '排水与供水管道', 'Drains and water pipes', 35, 'department', 'department', ['water'], 'utility', 8, 3000, { visibility: 0.25, direct: 0.3 }),
  S('oldCompoundFacilities', 'facilities', '老旧小区公共设施', 'Old-compound public facilities', 45, 'community', 'street', ['housing'], 'ordinary', 10, 5000, { oldCompoundOnly: true, affects: 'oldCompound' , visibility: 1.5, direct: 1.5 }),
  S('tourismFacilities', 'facilities', '旅游设施', 'Tourism facilities', 15, 'department', 'street', ['cultureTourism'], 'ordinary', 6, 2000, { touristOnly: true , visibility: 0.5, direct: 0.2 }),
  S('elderlyCare', 'livelihood', '养老与助残', 'Elderly care and disability', 40, 'community', 'grid', ['civilAffairs'], 'ordinary', 2, 0, { affects: 'elderly', personal: true , visibility: 3, direct: 3 }),
  S('socialAssistance', 'livelihood', '社会救助', 'Social assistance', 25, 'department', 'community', ['civilAffairs'], 'ordinary', 4, 0, { personal: true , visibility: 0.6, direct: 2 }),
  S('wageArrears', 'livelihood', '就业与欠薪', 'Employment and wage arrears', 25, 'department', 'department', ['hrss', 'market'], 'complex', 12, 0, { personal: true , visibility: 0.05, direct: 0.1 }),
  S('health', 'livelihood', '卫生健康与防疫', 'Health and epidemic', 20, 'department', 'community', ['health'], 'urgent', 3, 0, { affects: 'elderly', personal: true , visibility: 0.6, direct: 1.2 }),
  S('fireHazards', 'safety', '消防隐患与通道堵塞', 'Fire hazards, blocked exits', 25, 'department', 'street', ['fire', 'emergency'], 'urgent', 4, 0, { enforcement: true , visibility: 0.6, direct: 0.4 }),
  S('gasElectrical', 'safety', '燃气与用电隐患', 'Gas and electrical hazards', 20, 'department', 'department', ['utilities', 'emergency'], 'emergency', 4, 1000, { oldCompound: 1.5 , visibility: 0.3, direct: 0.3 }),
  S('constructionSafety', 'safety', '工地安全', 'Construction-site safety', 15, 'department', 'street', ['housing', 'emergency'], 'urgent', 8, 0, { enforcement: true , visibility: 0.3, direct: 0.2 }),
  S('unlicensed', 'market', '无证经营', 'Unlicensed business', 20, 'department', 'street', ['market'], 'ordinary', 4, 0, { enforcement: true , visibility: 0.4, direct: 0.2 }),
  S('foodSafety', 'market', '食品安全', 'Food safety', 15, 'department', 'department', ['market', 'health'], 'urgent', 6, 0, { tourist: 1.5 , visibility: 0.1, direct: 0.1 }),
  S('consumerDisputes', 'market', '消费纠纷', 'Consumer disputes', 25, 'department', 'community', ['market'], 'ordinary', 3, 0, { tourist: 2, personal: true , visibility: 0.1, direct: 0.3 }),
  S('neighbourDisputes', 'disputes', '邻里纠纷', 'Neighbour disputes', 30, 'community', 'grid', [], 'ordinary', 3, 0, { personal: true , visibility: 2, direct: 3 }),
  S('propertyDisputes', 'disputes', '物业纠纷', 'Property-management disputes', 25, 'street', 'community', ['housing'], 'ordinary', 6, 0, { noPropertyService: 1.5, affects: 'oldCompound', personal: true , visibility: 2, direct: 2.5 }),
  S('parkingTraffic', 'disputes', '停车与交通秩序', 'Parking and traffic order', 35, 'department', 'street', ['police', 'transport'], 'ordinary', 2, 0, { commerce: 1.5, enforcement: true , visibility: 0.6, direct: 0.3 }),
];

export const SUB_ITEM_COUNT = SUB_ITEMS.length;
export const DEPARTMENT_COUNT = DEPARTMENTS.length;

export function categoryIndex(id: CategoryId): number {
  return CATEGORIES.findIndex((c) => c.id === id);
}
export function departmentIndex(id: DepartmentId): number {
  return DEPARTMENTS.findIndex((d) => d.id === id);
}

export const HOUSING_TYPES = ['oldCompound', 'commodity', 'resettlement'] as const;
export type HousingType = (typeof HOUSING_TYPES)[number];
export const HOUSING_LABELS: Record<HousingType, { zh: string; en: string }> = {
  oldCompound: { zh: '老旧小区', en: 'old compound' },
  commodity: { zh: '商品房', en: 'commodity housing' },
  resettlement: { zh: '安置房', en: 'resettlement housing' },
};
