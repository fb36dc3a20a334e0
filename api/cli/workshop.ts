// `govsim workshop replay FILE [--json]`: replay a workshop session's export (GET
// /workshop/api/export, or the facilitator page's "Export") through the engine — each group's
// chain from the same scenario, seed and lever values per round — and compare every round's
// digest with the one the session recorded. Exit 0 when all match, 3 when any differs.
// api/cli/commands.ts picks this file up by its `command` export.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { validateScenario } from '../../sim/index.ts';
import { replaySession, type SessionExport } from '../workshop/chain.ts';
import type { CliCommand, CliContext } from './context.ts';
import { EXIT, UserError } from './io.ts';

export function readExport(file: string, cwd: string): SessionExport {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`, { field: 'FILE', value: file });
  }
  let x: SessionExport;
  try {
    x = JSON.parse(text) as SessionExport;
  } catch (e) {
    throw new UserError(`${file} is not JSON: ${(e as Error).message}`, { field: 'FILE', value: file, expected: 'a workshop export (JSON)' });
  }
  if (x?.format !== 'govsim-workshop/1') throw new UserError(`${file}: "format" must be "govsim-workshop/1", got ${JSON.stringify(x?.format)}`, { field: 'format', expected: 'govsim-workshop/1' });
  for (const k of ['seed', 'roundDays', 'rounds'] as const) {
    if (!Number.isInteger(x[k]) || x[k] < 0) throw new UserError(`${file}: "${k}" must be a whole number, got ${JSON.stringify(x[k])}`, { field: k });
  }
  if (!Array.isArray(x.groups) || x.groups.some((g) => !Array.isArray(g?.rounds))) throw new UserError(`${file}: "groups" must be a list of { rounds: [...] }`, { field: 'groups' });
  try {
    validateScenario(x.scenario);
  } catch (e) {
    throw new UserError(`${file}: "scenario" is not valid: ${(e as Error).message}`, { field: 'scenario' });
  }
  return x;
}

export async function workshopReplay(file: string, o: { json?: boolean }, ctx: CliContext): Promise<number> {
  const x = readExport(file, ctx.io.cwd);
  const report = replaySession(x);
  if (o.json) ctx.io.out(`${JSON.stringify(report, null, 2)}\n`);
  else {
    ctx.io.out(`session ${x.code}: ${x.groups.length} groups × ${x.rounds} rounds of ${x.roundDays} days, seed ${x.seed}, preset ${x.preset}\n`);
    if (!report.sameEngine) ctx.io.out(`note: exported by engine ${x.engineVersion}, replayed by ${report.engineVersion}\n`);
    for (const g of report.groups) {
      for (const r of g.rounds) ctx.io.out(`group ${g.group} round ${r.round}: ${r.digest.slice(0, 16)} ${r.same ? 'same' : `DIFFERS (session ${r.expected.slice(0, 16)})`}\n`);
    }
    ctx.io.out(report.allSame ? 'all digests match the session\n' : 'some digests differ from the session\n');
  }
  return report.allSame ? EXIT.ok : EXIT.partial;
}

export const command: CliCommand = {
  name: 'workshop',
  register(program: Command, ctx: CliContext) {
    const w = program.command('workshop').description('participatory workshop sessions (served by `govsim serve` at /workshop/)');
    w.command('replay <file>')
      .description('replay an exported session and check every round\'s digest against the session')
      .option('--json', 'print the report as JSON')
      .action(async (file: string, o: { json?: boolean }) => ctx.exit(await workshopReplay(file, o, ctx)));
  },
};

export default command;
