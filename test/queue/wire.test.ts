// What travels through Redis: job outputs encoded and decoded bit for bit (NaN included), job
// ids that are content hashes, and Redis URLs parsed and shown with the password hidden.
import { describe, expect, it } from 'vitest';
import { resultDigest } from '../../sim/result.ts';
import { asRunResult } from '../../sim/experiments/index.ts';
import { parseRedisUrl, redactRedisUrl } from '../../api/queue/redis-client.ts';
import { decodeOutputs, encodeOutputs, jobIdOf, readResultMessage, resultMessage } from '../../api/queue/wire.ts';
import { executeJob, type RunJob } from '../../sim/experiments/index.ts';
import { getScenario } from '../../scenarios/index.ts';

describe('encodeOutputs / decodeOutputs', () => {
  const scenario = getScenario('training')!;
  const job: RunJob = { scenario, seed: 3, days: 40 };

  it('round-trips outputs exactly, through JSON as Redis stores them', () => {
    const outs = executeJob(job);
    outs[0].series.values[outs[0].series.names[0]][5] = NaN;
    outs[0].summary['test.nan'] = NaN;
    // Altered outputs carry the digest of what they now hold (the producer recomputes it).
    outs[0].manifest.digest = resultDigest(asRunResult(outs[0])!);
    const message = JSON.parse(JSON.stringify(resultMessage(outs, 12, 'host:1')));
    const back = readResultMessage(message);
    expect(back.digests).toEqual([outs[0].manifest.digest]);
    expect(back.worker).toBe('host:1');
    const [o] = back.outputs;
    expect(o.manifest).toEqual(outs[0].manifest);
    expect(o.series.names).toEqual(outs[0].series.names);
    for (const n of o.series.names) expect(Buffer.from(o.series.values[n].buffer)).toEqual(Buffer.from(outs[0].series.values[n].buffer));
    expect(Number.isNaN(o.summary['test.nan'])).toBe(true);
    expect(o.summary).toEqual(outs[0].summary);
  });

  it('keeps fork metadata and an empty series selection', () => {
    const outs = executeJob({ ...job, series: 'none', fork: { day: 20, branches: [{ ...scenario, id: 'b', levers: { ...scenario.levers, 'grid.discretion': 0.9 } }] } });
    const back = decodeOutputs(JSON.parse(JSON.stringify(encodeOutputs(outs))));
    expect(back).toHaveLength(2);
    expect(back[1].fork).toEqual(outs[1].fork);
    expect(back[1].series.names).toEqual([]);
    expect(back.map((x) => x.manifest.digest)).toEqual(outs.map((x) => x.manifest.digest));
  });

  it('rejects a result whose listed digests do not match its outputs', () => {
    const m = JSON.parse(JSON.stringify(resultMessage(executeJob(job), 1, 'w')));
    m.digests = ['0'.repeat(64)];
    expect(() => readResultMessage(m)).toThrow(/lists digests 0{64} but its outputs carry/);
    expect(() => readResultMessage({ hello: 1 })).toThrow(/not a govsim result/);
  });
});

describe('jobIdOf(job)', () => {
  const scenario = getScenario('training')!;
  it('is a content hash: equal jobs share an id, any difference (seed, series, key order aside) gives another', () => {
    const a: RunJob = { scenario, seed: 1, days: 30 };
    const reordered = JSON.parse(JSON.stringify({ days: 30, seed: 1, scenario })) as RunJob;
    expect(jobIdOf(a)).toMatch(/^run-[0-9a-f]{40}$/);
    expect(jobIdOf(reordered)).toBe(jobIdOf(a));
    expect(jobIdOf({ ...a, seed: 2 })).not.toBe(jobIdOf(a));
    expect(jobIdOf({ ...a, series: 'none' })).not.toBe(jobIdOf(a));
    expect(jobIdOf(a, 'another-engine')).not.toBe(jobIdOf(a));
  });
});

describe('parseRedisUrl / redactRedisUrl', () => {
  it('reads host, port, database, user and password; shows the URL without the password', () => {
    expect(parseRedisUrl('redis://:p%40ss@10.0.0.5:6380/2')).toEqual({ host: '10.0.0.5', port: 6380, db: 2, username: undefined, password: 'p@ss', tls: false });
    expect(parseRedisUrl('rediss://govsim:pw@redis.example')).toMatchObject({ host: 'redis.example', port: 6379, db: 0, username: 'govsim', password: 'pw', tls: true });
    expect(redactRedisUrl('redis://:secret@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactRedisUrl('redis://user:secret@host')).toBe('redis://user:***@host');
    expect(redactRedisUrl('redis://host:6379')).toBe('redis://host:6379');
    // Passwords with '/' or '@', a missing scheme, surrounding spaces: never shown.
    for (const u of ['redis://:pa/ss@host:6379', 'u:secret@host:6379', 'redis://u:p@ss@host', ' redis://:pw@h']) {
      expect(redactRedisUrl(u), u).not.toMatch(/pa\/ss|secret|p@ss|pw@/);
    }
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/expected redis:\/\/ or rediss:\/\/, got http:\/\//);
    expect(() => parseRedisUrl('127.0.0.1 6379')).toThrow(/invalid Redis URL "127.0.0.1 6379": expected redis:\/\/\[:password@\]host/);
    expect(() => parseRedisUrl('redis://:secret@host/x')).toThrow(/invalid Redis URL "redis:\/\/:\*\*\*@host\/x": the database/);
  });
});

describe('finding 8: the producer recomputes digests (failed before: a worker\'s digest was trusted)', () => {
  it('a result whose contents were altered but whose digest was kept is refused', async () => {
    const { executeJob } = await import('../../sim/experiments/index.ts');
    const { getScenario } = await import('../../scenarios/index.ts');
    const outs = executeJob({ scenario: getScenario('training')!, seed: 3, days: 3, series: 'all' });
    expect(() => readResultMessage(resultMessage(outs, 1, 'w'))).not.toThrow();
    const name = outs[0].series.names[0];
    outs[0].series.values[name][0] += 1;
    expect(() => readResultMessage(resultMessage(outs, 1, 'w'))).toThrow(/contents give/);
  });
});
