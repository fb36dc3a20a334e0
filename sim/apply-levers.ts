// Change lever values in a running world (a reform branch continued from a snapshot, or a
// lever moved while the sandbox plays): swap the parameters and rebuild everything derived
// from them — emergence policy factors, money plans and task funds, grid case share, the
// number of grid-worker posts. The district and the random streams stay as they are, so the
// branch keeps common random numbers with its trunk.
import { refreshEmergence } from './emergence.ts';
import { createMoney } from './money.ts';
import { gridCovered, refreshCoverage } from './property-centre.ts';
import { grown } from './typed.ts';
import { resolveParams } from './params.ts';
import { resolvedLevers, scenarioHash, type Scenario } from './scenario.ts';
import { createWorkforce, POST_VACANT } from './workforce.ts';
import { currentTrust, decayTable } from './residents.ts';
import {
  CLASSES, F_ACCEPTED_HERE, KIND_ENFORCEMENT, STAGE_VERIFY, decayFactor, dequeueHead, enqueue, type World,
} from './world.ts';

export function applyScenario(w: World, scenario: Scenario): void {
  if (JSON.stringify(scenario.district) !== JSON.stringify(w.district.spec)) {
    throw new Error('a branch must keep the district of its trunk (scenario.district differs)');
  }
  const p = resolveParams(resolvedLevers(scenario));
  if (p.startDay !== w.params.startDay) throw new Error('a branch must keep the start date of its trunk (calendar.startDate differs)');
  const volunteerRateBefore = w.params.volunteerRate;
  const trustStartBefore = w.params.trustStart;
  // Trust: bring every resident up to date under the old half-life before switching to the new one.
  if (p.trustHalfLifeDays !== w.params.trustHalfLifeDays || p.trustStart !== w.params.trustStart) {
    const t = Math.max(w.day, w.trustSumDay);
    for (let i = 0; i < w.district.nResidents; i++) {
      const now = currentTrust(w, i, t);
      w.trustDev[i] = now - p.trustStart;
      w.trustDay[i] = t;
    }
    w.trustSum.fill(0);
    for (let i = 0; i < w.district.nResidents; i++) w.trustSum[w.district.residentHousing[i]] += w.trustDev[i];
    w.trustSumDay = t;
    w.trustDecayPerDay = decayFactor(p.trustHalfLifeDays);
    w.trustDecayPow = decayTable(w.trustDecayPerDay, w.calendar.length + 1);
  }
  w.params = p;
  w.scenarioId = scenario.id;
  w.scenarioHash = scenarioHash(scenario);
  // Emergence rates (model.emergenceScale), rebuilt from the new parameters; red-property
  // factors follow the coverage below (refreshCoverage).
  const d = w.district;
  refreshEmergence(w);
  // Volunteers (when their rate changes): high-trust residents under the new rate, as trust stands today.
  if (p.volunteerRate !== volunteerRateBefore || p.trustStart !== trustStartBefore) {
    w.volunteers.fill(0);
    for (let i = 0; i < d.nResidents; i++) {
      if (currentTrust(w, i, w.day) > p.trustStart && d.residentVolunteerKey[i] < p.volunteerRate * 2) w.volunteers[d.residentGrid[i]]++;
    }
  }
  // Money: new plans, task funds and covered households; balances, ledger and waits stay.
  const fresh = createMoney(d, p);
  const m = w.money;
  m.plannedInflow = fresh.plannedInflow;
  m.plannedPool = fresh.plannedPool;
  m.plannedDistrict = fresh.plannedDistrict;
  m.taskFundsStreet = fresh.taskFundsStreet;
  m.taskFundsCommunity = fresh.taskFundsCommunity;
  m.plannedDepartments = fresh.plannedDepartments;
  m.staff = fresh.staff;
  // Red-property coverage (as far as each centre still serves it) acts on emergence per grid.
  refreshCoverage(w);
  if (fresh.pendingSlots !== m.pendingSlots) {
    // A different disbursement lag: money already scheduled arrives at the next month start.
    const pending = new Float64Array(fresh.pendingSlots * m.nAccounts);
    const next = m.month % fresh.pendingSlots;
    for (let k = 0; k < m.pendingSlots; k++) for (let a = 0; a < m.nAccounts; a++) pending[next * m.nAccounts + a] += m.pending[k * m.nAccounts + a];
    m.pending = pending;
    const S = d.nStreets;
    const subsidy = new Float64Array(fresh.pendingSlots * S);
    for (let k = 0; k < m.pendingSlots; k++) for (let s = 0; s < S; s++) subsidy[next * S + s] += m.subsidyPending[k * S + s];
    m.subsidyPending = subsidy;
    m.pendingSlots = fresh.pendingSlots;
  }
  // Workforce: case share and surge capacity; posts added (vacant, to be hired) or removed
  // (vacant posts first, then the newest hires) grid by grid to match the new allocation.
  const wf = w.workforce;
  const target = createWorkforce(d, p);
  wf.caseShare = target.caseShare;
  if (target.surgeGrid.length > wf.surgeGrid.length) {
    const n = target.surgeGrid.length;
    wf.surgeGrid = grown(wf.surgeGrid, n);
    wf.surgeUntil = grown(wf.surgeUntil, n);
    wf.surgeArrive = grown(wf.surgeArrive, n);
  }
  if (target.nPosts !== wf.nPosts || target.gridFirstPost.some((v, i) => v !== wf.gridFirstPost[i])) rebuildPosts(w, target.gridFirstPost);
  // Cases queued at a street's enforcement team or property centre that may no longer take them
  // (enforcement switched off or powers withdrawn; grid no longer covered) go back to the street.
  const u = w.units;
  const c = w.cases;
  for (let k = u.firstEnforcement; k < u.firstDepartment; k++) {
    const street = u.firstStreet + u.owner[k];
    for (let cl = 0; cl < CLASSES; cl++) {
      const keep: number[] = [];
      const back: number[] = [];
      for (let id = u.head[k * CLASSES + cl]; id !== -1; id = c.next[id]) {
        const allowed = u.kind[k] === KIND_ENFORCEMENT ? p.enforcementCovers[c.sub[id]] === 1 : gridCovered(w, c.grid[id]);
        (allowed || c.stage[id] === STAGE_VERIFY ? keep : back).push(id);
      }
      if (!back.length) continue;
      const ids = [...keep, ...back];
      for (let i = 0; i < ids.length; i++) dequeueHead(w, k, cl);
      for (const id of keep) enqueue(w, k, id, cl, c.arrived[id]);
      for (const id of back) {
        c.flags[id] &= ~F_ACCEPTED_HERE;
        c.remaining[id] = c.hours[id];
        enqueue(w, street, id, cl, Math.max(c.arrived[id], w.day));
      }
    }
  }
}

function rebuildPosts(w: World, first: Int32Array): void {
  const wf = w.workforce;
  const G = w.district.nGrids;
  const n = first[G];
  const postGrid = new Int32Array(n);
  const status = new Uint8Array(n);
  const morale = new Float64Array(n);
  const skills = new Int32Array(n);
  const hired = new Int32Array(n);
  const until = new Int32Array(n);
  const newcomer = new Uint8Array(n);
  const t = w.day;
  for (let g = 0; g < G; g++) {
    // Old posts of this grid, filled ones first (oldest hires first), then vacancies.
    const old: number[] = [];
    for (let i = wf.gridFirstPost[g]; i < wf.gridFirstPost[g + 1]; i++) old.push(i);
    old.sort((a, b) => (wf.status[a] === POST_VACANT ? 1 : 0) - (wf.status[b] === POST_VACANT ? 1 : 0) || wf.hired[a] - wf.hired[b] || a - b);
    for (let k = 0; k < first[g + 1] - first[g]; k++) {
      const j = first[g] + k;
      postGrid[j] = g;
      if (k < old.length) {
        const i = old[k];
        status[j] = wf.status[i]; morale[j] = wf.morale[i]; skills[j] = wf.skills[i];
        hired[j] = wf.hired[i]; until[j] = wf.until[i]; newcomer[j] = wf.newcomer[i];
      } else {
        status[j] = POST_VACANT; morale[j] = 0.75; hired[j] = -1000; until[j] = t + w.params.hiringLagDays;
      }
    }
  }
  wf.nPosts = n;
  wf.postGrid = postGrid; wf.status = status; wf.morale = morale; wf.skills = skills;
  wf.hired = hired; wf.until = until; wf.newcomer = newcomer; wf.gridFirstPost = first;
}
