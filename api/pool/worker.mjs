// Entry of a pool worker thread. tsx's loader registered on the main thread does not reliably
// reach worker threads, so each worker registers it itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
