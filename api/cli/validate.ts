// `govsim validate <file>`: a check of a scenario or patch file (or a preset id) without running it.
import type { Command } from 'commander';
import { resolvedLevers, scenarioHash } from '../../sim/index.ts';
import type { CliCommand, CliContext } from './context.ts';
import { loadScenarioOrPatch } from './inputs.ts';
import { EXIT, type CliIo } from './io.ts';

export function validateCommand(file: string, io: CliIo): number {
  const l = loadScenarioOrPatch(file, io.cwd);
  if (l.kind === 'scenario') {
    const s = l.scenario;
    const pop = s.district.streets.reduce((a, x) => a + x.population, 0);
    const grids = s.district.streets.reduce((a, x) => a + x.grids, 0);
    io.out(`ok: scenario "${s.id}" — ${s.district.streets.length} streets, ${grids} grids, ${pop} residents, ` +
      `${Object.keys(s.levers).length} of ${Object.keys(resolvedLevers(s)).length} levers set\nscenarioHash ${scenarioHash(s)}\n`);
  } else {
    io.out(`ok: patch "${l.patch.id}" — sets ${Object.keys(l.patch.levers).join(', ') || 'no levers'}\n`);
  }
  return EXIT.ok;
}

export const validateCli: CliCommand = {
  name: 'validate',
  register(program: Command, ctx: CliContext) {
    program.command('validate').description('check a scenario or patch file (JSON or YAML) without running it')
      .argument('<file>', 'scenario or patch file, or a preset id')
      .action((file: string) => ctx.exit(validateCommand(file, ctx.io)));
  },
};
