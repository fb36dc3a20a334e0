// Snapshots for warm-start forks: the whole state as structured-clone-safe data (typed arrays
// and numbers; random streams as their exported states), and back. A branch continued from a
// snapshot equals the same run straight through when no lever changes.
import { applyScenario } from './apply-levers.ts';
import type { StreamState } from './rng.ts';
import type { Scenario } from './scenario.ts';
import { validateScenario } from './validate.ts';
import { STREAM_NAMES, attachStreams, type World } from './world.ts';

export interface Snapshot {
  world: Omit<World, 'streams'>;
  streams: Record<string, StreamState>;
}

export function snapshot(w: World): Snapshot {
  const { streams, ...rest } = w;
  const states: Record<string, StreamState> = {};
  for (const name of STREAM_NAMES) states[name] = streams[name].state();
  return structuredClone({ world: rest, streams: states });
}

/**
 * Continue from a snapshot, optionally under a changed scenario (a reform branch): the new
 * lever values take effect from the snapshot's day (everything derived from them is rebuilt);
 * the district and start date must be the trunk's.
 */
export function restore(s: Snapshot, scenario?: Scenario): World {
  const copy = structuredClone(s);
  const w = attachStreams(copy.world, copy.streams);
  if (scenario) applyScenario(w, validateScenario(scenario));
  return w;
}
