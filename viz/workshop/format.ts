// KPI numbers as text on the pages (the same rules as the handout).
export { fmtKpi as fmtKpiText } from '../../api/workshop/charts.ts';
