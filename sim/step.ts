// One day of the model, in the fixed order of MODEL.md section 3 (money moves on the first day
// of a month, before the day's work, so that payroll and transfers are in place; workforce
// moves at the end of each week). This is the whole step loop: each line is one process.
import { MONTH_START, WEEK_END } from './calendar.ts';
import { emerge, setSeason } from './emergence.ts';
import { handleAll, planUnitHours, resolved, retryWaiting } from './handling.ts';
import { arrive, callCentre, discover, lapse } from './intake.ts';
import { monthlyMoney, openAccounts } from './money.ts';
import { recordDay } from './recorder.ts';
import { weeklyTrust } from './residents.ts';
import { planGridHours, updateWorkforce } from './workforce.ts';
import { EV_ARRIVE, EV_DISCOVER, EV_LAPSE, EV_RESOLVE, heapPop, type World } from './world.ts';

/** Advance the world by one day. */
export function stepDay(w: World): void {
  const t = w.day;
  if (t >= w.calendar.length) throw new Error(`run too long: day ${t} is past the calendar (${w.calendar.length} days)`);
  // Accounts open with the run's first day, under the levers then in force (so a fork at day 0
  // opens them exactly as a fresh run with its levers would).
  if (t === 0) openAccounts(w);
  setSeason(w, t); //                      1. calendar and shocks
  if (w.calendar[t] & MONTH_START) monthlyMoney(w, t); // 9. money (monthly)
  planGridHours(w, t); //                  hours and patrol coverage for today
  planUnitHours(w, t);
  emerge(w, t); //                         2. emergence (+ discovery clocks, 3)
  runEvents(w, t + 1); //                  3. discovery, lapses, returns
  callCentre(w, t); //                     4. intake and routing
  retryWaiting(w, t); //                   5. handling: money first, then every unit's queue
  handleAll(w, t); //                      5–6. handling, feedback, verification, closure, rating (7)
  runEvents(w, t + 1);
  if (w.calendar[t] & WEEK_END) {
    weeklyTrust(w, t); //                  7. trust: overdue and unanswered orders (weekly)
    updateWorkforce(w, t); //              8. workforce (weekly)
  }
  recordDay(w, t); //                      10. observation
  w.day = t + 1;
}

/** Process every pending event before `until`, in time order (ties by insertion order). */
function runEvents(w: World, until: number): void {
  const h = w.heap;
  while (h.size > 0 && h.time[0] < until) {
    const time = h.time[0];
    const id = h.item[0];
    const kind = h.kind[0];
    heapPop(h);
    w.counters.events++;
    switch (kind) {
      case EV_DISCOVER: discover(w, id, time); break;
      case EV_LAPSE: lapse(w, id, time); break;
      case EV_ARRIVE: arrive(w, id, time); break;
      case EV_RESOLVE: resolved(w, id, time); break;
    }
  }
}
