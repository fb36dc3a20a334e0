// Entry of the planning thread (api/store/planning.ts): registers tsx's loader in this thread,
// as api/pool/worker.mjs does, then loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./planner-worker.ts');
