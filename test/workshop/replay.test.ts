// `govsim workshop replay FILE`: an export replays to the same digests (exit 0); a changed
// decision or a broken file is reported (exit 3 / 2) with the field named.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../api/cli.ts';
import { GroupChain, type SessionExport } from '../../api/workshop/chain.ts';
import { getScenario } from '../../scenarios/index.ts';
import { ENGINE_VERSION, type LeverValues } from '../../sim/index.ts';
import { memoryIo } from '../cli/helpers.ts';
import { tempDir } from './helpers.ts';

function playedExport(): SessionExport {
  const scenario = getScenario('training')!;
  const cfg = { scenario, seed: 3, roundDays: 10, rounds: 2 };
  const decisions: LeverValues[][] = [[{}, { 'grid.discretion': 0.3 }], [{ 'money.budgetPerCapitaYuan': 300 }, { 'money.budgetPerCapitaYuan': 300, 'shock.budgetCut.startDay': 10, 'shock.budgetCut.share': 0.2 }]];
  const groups = decisions.map((rounds) => {
    const chain = new GroupChain(cfg);
    return { rounds: rounds.map((levers) => chain.advance({ levers, events: [], changes: [] })) };
  });
  return { format: 'govsim-workshop/1', engineVersion: ENGINE_VERSION, code: 'TEST42', title: 't', preset: 'training', scenario, seed: 3, roundDays: 10, rounds: 2, roles: ['district', 'grid'], groups };
}

describe('govsim workshop replay', () => {
  test('same digests → exit 0; a changed decision → exit 3; a broken file → exit 2 naming the field', async () => {
    const dir = tempDir();
    const x = playedExport();
    // chains with different decisions differ, with the same decisions agree
    expect(x.groups[0].rounds[1].digest).not.toBe(x.groups[1].rounds[1].digest);
    const file = join(dir, 'session.json');
    writeFileSync(file, JSON.stringify(x));
    const io = memoryIo(dir);
    expect(await main(['workshop', 'replay', 'session.json'], io)).toBe(0);
    expect(io.outText()).toMatch(/all digests match the session/);
    expect(io.outText().match(/ same$/gm)).toHaveLength(4);

    const changed = structuredClone(x);
    changed.groups[0].rounds[1].levers['staffing.gridWorkersPerGrid'] = 0.5;
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    const io2 = memoryIo(dir);
    expect(await main(['workshop', 'replay', 'changed.json', '--json'], io2)).toBe(3);
    const rep = JSON.parse(io2.outText()) as { allSame: boolean; groups: { rounds: { same: boolean }[] }[] };
    expect(rep.allSame).toBe(false);
    expect(rep.groups.map((g) => g.rounds.map((r) => r.same))).toEqual([[true, false], [true, true]]);

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...x, format: 'other' }));
    const io3 = memoryIo(dir);
    expect(await main(['workshop', 'replay', 'bad.json'], io3)).toBe(2);
    expect(io3.errText()).toMatch(/"format" must be "govsim-workshop\/1"/);
  });
});
