// `govsim presets [--json]` and `govsim levers [--json] [--group g]`: what can be run and set.
// Light on purpose (the whole `govsim presets` process must stay under 0.3 s): it loads the
// presets, the lever catalogue and sim/scenario.ts, not the engine (sim/index.ts) nor the file
// readers; `govsim validate` is in validate.ts.
import type { Command } from 'commander';
import { LEVERS, LEVER_GROUPS, describeExpected, describePrior, type Lever } from '../../sim/levers.ts';
import { listPresets } from '../../scenarios/index.ts';
import type { CliCommand, CliContext } from './context.ts';
import { formatTable } from './format.ts';
import { EXIT, UserError, type CliIo } from './io.ts';

export function presetsCommand(o: { json?: boolean }, io: CliIo): number {
  const presets = listPresets();
  if (o.json) {
    io.out(`${JSON.stringify({ presets }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(formatTable(['id', 'kind', 'name', '名称'], presets.map((p) => [p.id, p.kind, p.name.en, p.name.zh])));
  return EXIT.ok;
}

function leverRange(l: Lever): string {
  switch (l.kind) {
    case 'number':
    case 'integer': return `${l.min} … ${l.max}`;
    case 'boolean': return 'true | false';
    case 'choice': return l.choices.map((c) => c.value).join(' | ');
    case 'date': return `${l.min} … ${l.max}`;
  }
}

export function leversCommand(o: { json?: boolean; group?: string }, io: CliIo): number {
  if (o.group && !LEVER_GROUPS.some((g) => g.id === o.group)) {
    throw new UserError(`--group must be one of ${LEVER_GROUPS.map((g) => g.id).join(', ')}, got ${JSON.stringify(o.group)}`,
      { field: '--group', value: o.group, expected: LEVER_GROUPS.map((g) => g.id).join(', ') });
  }
  const groups = LEVER_GROUPS.filter((g) => !o.group || g.id === o.group).map((g) => ({
    ...g, levers: LEVERS.filter((l) => l.group === g.id).map((l) => ({ ...l, expected: describeExpected(l) })),
  }));
  if (o.json) {
    io.out(`${JSON.stringify({ groups }, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const g of groups) {
    if (!g.levers.length) continue;
    io.out(`\n${g.en} · ${g.zh}\n`);
    io.out(formatTable(['id', 'default', 'range', 'source', 'prior', 'unit', 'label', '名称'], g.levers.map((l) => [
      `${l.id}${l.advanced ? ' *' : ''}`, String(l.default), leverRange(l), l.source, describePrior(l.prior), l.unit.en, l.label.en, l.label.zh,
    ])));
  }
  io.out('\n* model parameter (calibration), not a policy lever. Set any lever with `govsim run ... --set id=value`.\n' +
    'prior: the range `govsim calibrate` may try for a guess (sim/priors.ts); – for facts, policies, shocks and choices.\n');
  return EXIT.ok;
}

export const presetsCli: CliCommand = {
  name: 'presets',
  register(program: Command, ctx: CliContext) {
    program.command('presets').description('list scenario and patch presets')
      .option('--json', 'print JSON').action((o) => ctx.exit(presetsCommand(o, ctx.io)));
  },
};

export const leversCli: CliCommand = {
  name: 'levers',
  register(program: Command, ctx: CliContext) {
    program.command('levers').description('print the lever catalogue (both languages in JSON)')
      .option('--json', 'print JSON').option('--group <id>', `only one group (${LEVER_GROUPS.map((g) => g.id).join(', ')})`)
      .action((o) => ctx.exit(leversCommand(o, ctx.io)));
  },
};
