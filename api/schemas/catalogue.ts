// What the server knows before anything runs: health and version, the scenario presets, the
// lever catalogue (ids, kinds, ranges, defaults, meanings in Chinese and English) and the
// engine's outputs (daily series and summary metrics).
import { Type } from 'typebox';
import { Bilingual, LiteralUnion, Nullable } from './common.ts';
import { LeverValue } from './scenario.ts';

export const Health = Type.Object({
  status: Type.Literal('ok'),
  engineVersion: Type.String(),
  uptimeSeconds: Type.Number(),
  queue: Type.Object({ queued: Type.Integer(), running: Type.Integer(), executorSlots: Type.Integer() }),
}, { title: 'Health' });

export const Version = Type.Object({
  engineVersion: Type.String({ description: 'Part of every manifest; results differ only across engine versions.' }),
  apiVersion: Type.String(),
  node: Type.String(),
  executor: Type.String({ description: 'How runs execute: in-process or a worker pool.' }),
  limits: Type.Object({
    bodyBytes: Type.Integer(), residents: Type.Integer(), days: Type.Integer(), replications: Type.Integer(),
    runsPerJob: Type.Integer(), jobsPerClient: Type.Integer(), requestsPerMinute: Type.Integer(),
    costPerJob: Type.Number(), costPerClient: Type.Number(), costTotal: Type.Number(), queuedJobs: Type.Integer(),
    sseStreamsPerClient: Type.Integer(), sseStreamsTotal: Type.Integer(), maxConnections: Type.Integer(),
    headersTimeoutMs: Type.Integer(), requestTimeoutMs: Type.Integer(), connectionTimeoutMs: Type.Integer(), keepAliveTimeoutMs: Type.Integer(),
    maxEventLoopDelayMs: Type.Integer(), retentionDays: Type.Integer(), maxStoreMB: Type.Integer(),
  }, { description: 'The server\'s caps (docs/api.md lists each with its environment variable).' }),
  auth: Type.Object({ required: Type.Boolean(), scheme: Type.Literal('bearer') }),
}, { title: 'Version' });

export const PresetInfo = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('scenario'), Type.Literal('patch')]),
  name: Bilingual,
  description: Type.Optional(Bilingual),
}, { title: 'PresetInfo' });

export const PresetList = Type.Object({ items: Type.Array(PresetInfo) });

export const PresetParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 80 }),
}, { additionalProperties: false });

export const Lever = Type.Object({
  id: Type.String(),
  group: Type.String(),
  kind: LiteralUnion(['number', 'integer', 'boolean', 'choice', 'date']),
  label: Bilingual,
  meaning: Bilingual,
  unit: Bilingual,
  default: LeverValue,
  min: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  max: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  step: Type.Optional(Type.Number()),
  choices: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Bilingual }))),
  advanced: Type.Optional(Type.Boolean()),
  source: Type.String(),
  expected: Type.String({ description: 'What the lever accepts, in words.' }),
}, { title: 'Lever' });

export const LeverCatalogue = Type.Object({
  groups: Type.Array(Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String() })),
  items: Type.Array(Lever),
}, { title: 'LeverCatalogue' });

export const LeverQuery = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });

const OutputInfo = Type.Object({ name: Type.String(), unit: Type.String(), zh: Type.String(), en: Type.String() });
export const OutputCatalogue = Type.Object({
  series: Type.Array(OutputInfo, { description: 'Daily series (CSV columns / metric values).' }),
  metrics: Type.Array(OutputInfo, { description: 'Summary metrics of a run (what experiments analyse).' }),
}, { title: 'OutputCatalogue' });

export { Nullable };
