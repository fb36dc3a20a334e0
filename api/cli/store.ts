// `govsim store stats|prune [--data-dir DIR] [--retention-days N] [--max-store-mb N] [--json]`:
// what the API's store holds (jobs by state, bytes of results and on disk, per tenant), and
// pruning it by the same rules the server applies hourly (cancelled and failed jobs after an
// hour, finished jobs older than the retention, then the oldest finished jobs beyond the size
// cap). The server holds a lock on its data directory: prune while it runs is refused.
// api/cli/commands.ts picks this file up by its `command` export.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../app.ts';
import { DEFAULT_LIMITS } from '../store/plan.ts';
import { StoreLockedError, openStore } from '../store/store.ts';
import type { CliCommand, CliContext } from './context.ts';
import { EXIT, UserError } from './io.ts';

interface StoreOptionsText {
  dataDir?: string;
  retentionDays?: string;
  maxStoreMb?: string;
  json?: boolean;
}

function whole(text: string | undefined, envValue: string | undefined, name: string, fallback: number): number {
  const raw = text ?? envValue;
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UserError(`${name} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`, { field: name, value: raw, expected: 'a whole number ≥ 0' });
  return Number(raw);
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

function open(o: StoreOptionsText, ctx: CliContext, lock: boolean) {
  const dir = resolve(ctx.io.cwd, o.dataDir ?? ctx.io.env.GOVSIM_DATA_DIR ?? resolve(PROJECT_ROOT, '.data'));
  try {
    return openStore(dir, { lock });
  } catch (e) {
    if (e instanceof StoreLockedError) throw new UserError(`${e.message}; stop the server first (it prunes by itself every hour)`);
    throw e;
  }
}

export async function storeCommand(action: 'stats' | 'prune', o: StoreOptionsText, ctx: CliContext): Promise<number> {
  const retentionDays = whole(o.retentionDays, ctx.io.env.GOVSIM_RETENTION_DAYS, '--retention-days', DEFAULT_LIMITS.retentionDays);
  const maxStoreMB = whole(o.maxStoreMb, ctx.io.env.GOVSIM_MAX_STORE_MB, '--max-store-mb', DEFAULT_LIMITS.maxStoreMB);
  const store = open(o, ctx, action === 'prune');
  try {
    if (action === 'stats') {
      const s = store.stats();
      if (o.json) ctx.io.out(`${JSON.stringify({ dataDir: store.dir, ...s }, null, 2)}\n`);
      else {
        ctx.io.out(`store ${store.dir}\n`);
        ctx.io.out(`jobs: ${Object.entries(s.jobs).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
        ctx.io.out(`results: ${mb(s.resultBytes)}; on disk: ${mb(s.fileBytes)}\n`);
        for (const t of s.tenants) ctx.io.out(`  ${t.tenant}: ${t.jobs} jobs, ${mb(t.resultBytes)}\n`);
      }
      return EXIT.ok;
    }
    const before = store.fileBytes();
    const r = store.prune({ retentionDays, maxBytes: maxStoreMB * 1024 * 1024 });
    store.vacuum();
    const after = store.fileBytes();
    if (o.json) ctx.io.out(`${JSON.stringify({ deleted: r.deleted, freedResultBytes: r.freedBytes, fileBytesBefore: before, fileBytesAfter: after })}\n`);
    else ctx.io.out(`pruned ${r.deleted.length} jobs (${mb(r.freedBytes)} of results); file ${mb(before)} → ${mb(after)}\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}

export const command: CliCommand = {
  name: 'store',
  register(program: Command, ctx: CliContext) {
    const store = program.command('store').description('the API\'s run store: what it holds, and pruning it');
    const common = (c: Command) => c
      .option('--data-dir <dir>', 'the store (env GOVSIM_DATA_DIR; default <project>/.data)')
      .option('--json', 'print JSON');
    common(store.command('stats').description('jobs by state, bytes of results and on disk, per tenant'))
      .action(async (o: StoreOptionsText) => ctx.exit(await storeCommand('stats', o, ctx)));
    common(store.command('prune').description('delete cancelled/failed jobs, expired jobs and the oldest beyond the size cap; give the space back'))
      .option('--retention-days <n>', `finished jobs older than this are deleted (env GOVSIM_RETENTION_DAYS; default ${DEFAULT_LIMITS.retentionDays}; 0 keeps them)`)
      .option('--max-store-mb <n>', `results beyond this are deleted, oldest first (env GOVSIM_MAX_STORE_MB; default ${DEFAULT_LIMITS.maxStoreMB}; 0 = no cap)`)
      .action(async (o: StoreOptionsText) => ctx.exit(await storeCommand('prune', o, ctx)));
  },
};

export default command;
