import { createSimulation, stepDays } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';
const sim = createSimulation(getScenario('qinhuai-2021')!, { seed: 1, days: 365 });
stepDays(sim, 365);
const u = sim.units;
for (let i = u.firstDepartment; i < u.n; i++) console.log(i - u.firstDepartment, 'util', (u.workedTotal[i]/u.availableTotal[i]).toFixed(2), 'queued', u.queued[i], 'qh', u.queuedHours[i].toFixed(0), 'h', u.hours[i].toFixed(1));
