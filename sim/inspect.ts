// Read-only views of a running simulation for maps and drill-downs (the sandbox's worker uses
// these instead of reaching into the world's arrays): per-grid and per-community figures and
// one grid's open cases. O(cases + residents); call them a few times a second, not per day.
import { currentTrust } from './residents.ts';
export { flowsSoFar } from './result.ts';
import { LEVELS, SUB_ITEMS } from './taxonomy.ts';
import { POST_VACANT } from './workforce.ts';
import {
  F_COMMUNITY_WHISTLE, F_WHISTLE, STAGE_CALL, STAGE_FREE, STAGE_FUNDS, STAGE_HIDDEN, STAGE_QUEUED, STAGE_TRANSIT, STAGE_VERIFY, type World,
} from './world.ts';

export interface GridStats {
  /** Cases raised in the grid that are still open (in a call, queued, being verified, in transit, waiting for money). */
  open: Int32Array;
  /** Issues in the grid nobody has found yet. */
  hidden: Int32Array;
  /** Cases in the grid unit's own queue. */
  queued: Int32Array;
  /** Queued hours over the grid unit's daily case hours. */
  load: Float64Array;
  workers: Int32Array;
  vacant: Int32Array;
  /** Mean current trust of the grid's residents. */
  trust: Float64Array;
}

export function gridStats(w: World): GridStats {
  const d = w.district;
  const G = d.nGrids;
  const c = w.cases;
  const open = new Int32Array(G);
  const hidden = new Int32Array(G);
  for (let i = 0; i < c.capacity; i++) {
    const st = c.stage[i];
    if (st === STAGE_FREE) continue;
    if (st === STAGE_HIDDEN) hidden[c.grid[i]]++;
    else open[c.grid[i]]++;
  }
  const queued = new Int32Array(G);
  const load = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    queued[g] = w.units.queued[g];
    load[g] = w.units.baseHours[g] > 0 ? w.units.queuedHours[g] / w.units.baseHours[g] : 0;
  }
  const wf = w.workforce;
  const workers = new Int32Array(G);
  const vacant = new Int32Array(G);
  for (let i = 0; i < wf.nPosts; i++) {
    if (wf.status[i] === POST_VACANT) vacant[wf.postGrid[i]]++;
    else workers[wf.postGrid[i]]++;
  }
  const trust = new Float64Array(G);
  const day = Math.max(0, w.day - 1);
  for (let g = 0; g < G; g++) {
    const first = d.gridFirstResident[g];
    const n = d.gridResidents[g];
    let s = 0;
    for (let r = first; r < first + n; r++) s += currentTrust(w, r, day);
    trust[g] = n > 0 ? s / n : 0;
  }
  return { open, hidden, queued, load, workers, vacant, trust };
}

export interface CommunityStats {
  closed: Float64Array;
  meanDays: Float64Array;
  satisfaction: Float64Array;
}

/** Per community over the observed days: cases closed, mean days to resolution, satisfied share (NaN when none). */
export function communityStats(w: World): CommunityStats {
  const C = w.district.nCommunities;
  const r = w.recorder.community;
  const closed = new Float64Array(C);
  const meanDays = new Float64Array(C);
  const satisfaction = new Float64Array(C);
  for (let k = 0; k < C; k++) {
    closed[k] = r[4 * k];
    meanDays[k] = r[4 * k] > 0 ? r[4 * k + 1] / r[4 * k] : NaN;
    satisfaction[k] = r[4 * k + 2] > 0 ? r[4 * k + 3] / r[4 * k + 2] : NaN;
  }
  return { closed, meanDays, satisfaction };
}

export type OpenStage = 'call' | 'queued' | 'verify' | 'transit' | 'funds';
export interface QueueEntry {
  subItem: string;
  stage: OpenStage;
  /** Level of the unit that holds it ('' while in a call or in transit to the command centre). */
  level: string;
  ageDays: number;
  /** Whistled by the street or the community. */
  whistle: boolean;
}

const STAGE_NAMES: Record<number, OpenStage> = {
  [STAGE_CALL]: 'call', [STAGE_QUEUED]: 'queued', [STAGE_VERIFY]: 'verify', [STAGE_TRANSIT]: 'transit', [STAGE_FUNDS]: 'funds',
};

/** Open cases raised in one grid, oldest first (ties by case id). */
export function gridQueue(w: World, grid: number, limit = 50): QueueEntry[] {
  if (!Number.isInteger(grid) || grid < 0 || grid >= w.district.nGrids) throw new RangeError(`grid must be an integer in [0, ${w.district.nGrids - 1}], got ${grid}`);
  const c = w.cases;
  const ids: number[] = [];
  for (let i = 0; i < c.capacity; i++) {
    const st = c.stage[i];
    if (st !== STAGE_FREE && st !== STAGE_HIDDEN && c.grid[i] === grid) ids.push(i);
  }
  ids.sort((a, b) => c.discovered[a] - c.discovered[b] || a - b);
  return ids.slice(0, Math.max(0, limit)).map((i) => ({
    subItem: SUB_ITEMS[c.sub[i]].id,
    stage: STAGE_NAMES[c.stage[i]],
    level: c.unit[i] >= 0 ? LEVELS[w.units.level[c.unit[i]]] : '',
    ageDays: w.day - c.discovered[i],
    whistle: (c.flags[i] & (F_WHISTLE | F_COMMUNITY_WHISTLE)) !== 0,
  }));
}

export interface DistrictLayout {
  population: number;
  /** Street of each community; community, residents, old-compound share and elderly share of each grid. */
  communityStreet: Int32Array;
  gridCommunity: Int32Array;
  gridResidents: Int32Array;
  gridOldShare: Float64Array;
  gridElderlyShare: Float64Array;
}

/** The district's shape (fixed for a run), as copies. */
export function districtLayout(w: World): DistrictLayout {
  const d = w.district;
  return {
    population: d.population,
    communityStreet: d.communityStreet.slice(),
    gridCommunity: d.gridCommunity.slice(),
    gridResidents: d.gridResidents.slice(),
    gridOldShare: d.gridOldShare.slice(),
    gridElderlyShare: d.gridElderlyShare.slice(),
  };
}
