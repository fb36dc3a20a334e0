// Expected issue rates (MODEL.md section 3, step 2): the base rate per day of each sub-item in
// each grid, before season, shocks and policy, exactly as emergence draws its issues, and the
// yearly mean of the seasons' multipliers that recur every year (the lantern fair in tourist
// grids, the plum-rain season). Emergence samples from the base rates; money budgets the
// departments' tasks (and the funds that follow devolved tasks, 费随事转) from the same rates,
// so a task's budget follows its caseload where it arises: three times the stalls in a tourist
// grid, half as much again noise and parking where commerce is dense, the lantern fair's
// tourism-facility repairs. Shocks (heat wave, epidemic, demand shock) are not budgeted.
import type { District } from './district.ts';
import type { Params } from './params.ts';
import { SUB_ITEMS } from './taxonomy.ts';

const SUB = (id: string) => SUB_ITEMS.findIndex((s) => s.id === id);
const I_ELDERLY = SUB('elderlyCare');

/** Days a year of the lantern fair (spring festival −10 … +15, calendar.ts) and of the plum rain (15 June – 15 July). */
export const LANTERN_DAYS = 26;
export const PLUM_DAYS = 31;
/** The lantern fair's multipliers in tourist grids and the plum rain's (emergence.ts setSeason). */
const LANTERN_MULT = new Float64Array(SUB_ITEMS.length).fill(1);
const PLUM_MULT = new Float64Array(SUB_ITEMS.length).fill(1);
LANTERN_MULT[SUB('tourismFacilities')] = 3;
LANTERN_MULT[SUB('stalls')] = 2;
LANTERN_MULT[SUB('consumerDisputes')] = 2;
LANTERN_MULT[SUB('foodSafety')] = 2;
PLUM_MULT[SUB('drains')] = 2.5;
PLUM_MULT[SUB('oldCompoundFacilities')] = 1.5;

/** Issues per day of sub-item `s` in grid `g`, before season, shocks and policy. */
export function gridBaseRate(d: District, p: Params, g: number, s: number): number {
  const it = SUB_ITEMS[s];
  const old = d.gridOldShare[g];
  let r = (it.rate / 1000 / 365) * d.gridResidents[g] * p.emergenceScale;
  if (it.touristOnly && !d.gridTourist[g]) r = 0;
  if (d.gridTourist[g]) r *= it.tourist;
  r *= 1 + (it.commerce - 1) * d.gridCommerce[g];
  if (it.oldCompoundOnly) r *= old;
  r *= 1 + (it.oldCompound - 1) * old;
  r *= 1 + (it.noPropertyService - 1) * old;
  if (it.affects === 'elderly' && s === I_ELDERLY) r *= d.gridElderlyShare[g] / 0.25;
  return r;
}

/** The yearly mean of the recurring seasons' multiplier for sub-item `s` (tourist grid or not). */
export function meanSeasonFactor(p: Params, s: number, tourist: boolean): number {
  let f = 1;
  if (p.plumRain) f += (PLUM_MULT[s] - 1) * (PLUM_DAYS / 365);
  if (tourist && p.springFestival) f += (LANTERN_MULT[s] - 1) * (LANTERN_DAYS / 365);
  return f;
}
