// Entry of a workshop simulation thread when running from the TypeScript sources (tests, tsx):
// registers tsx's loader inside the thread first, as api/pool/worker.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./chain-worker.ts');
