// The workshop's one message schema (TypeBox), shared by the server (api/workshop/plugin.ts)
// and both browser clients (viz/workshop/): what a participant or the facilitator may send over
// the WebSocket (or POST, the fallback), and what the server pushes (over the WebSocket or
// server-sent events). Every inbound message is checked against ClientMessage before it is read.
import { Type, type Static, type TSchema, type TSchemaOptions, type TUnsafe } from 'typebox';

/**
 * A string-keyed record: the schema `Type.Record(Type.String(), value)` writes (patternProperties
 * `^.*$`), built directly because TypeBox 1.x's Record goes through its type-level engine, which
 * would add ~60 KB to the workshop pages' bundle.
 */
function StringRecord<V extends TSchema>(value: V, options: TSchemaOptions = {}): TUnsafe<Record<string, Static<V>>> {
  return Type.Unsafe<Record<string, Static<V>>>({ type: 'object', patternProperties: { '^.*$': value }, ...options });
}

export const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
export type Lang = Static<typeof Lang>;

const LeverValue = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 40 })]);

export const EVENT_KINDS = ['demandShock', 'budgetCut', 'heatWave'] as const;
export const EventKind = Type.Union([Type.Literal('demandShock'), Type.Literal('budgetCut'), Type.Literal('heatWave')]);
export type EventKind = Static<typeof EventKind>;

/** A participant's decision for the open round: values for its own role's levers only. */
export const DecideMessage = Type.Object({
  type: Type.Literal('decide'),
  levers: StringRecord(LeverValue, { maxProperties: 32 }),
  /** true: "I have decided" (shown to the facilitator); false: a draft. */
  final: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/**
 * The first message on a WebSocket: the seat or admin token (browsers cannot set headers on a
 * WebSocket, and a token in the URL would end up in logs and history). Nothing else is read
 * before it.
 */
export const AuthMessage = Type.Object({ type: Type.Literal('auth'), token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type AuthMessage = Static<typeof AuthMessage>;

export const ClientMessage = Type.Union([
  DecideMessage,
  Type.Object({ type: Type.Literal('lang'), lang: Lang }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('ping'), id: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
  // facilitator only
  Type.Object({ type: Type.Literal('start'), seconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600 })) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('close') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('pause') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('resume') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('inject'), event: EventKind }, { additionalProperties: false }),
]);
export type ClientMessage = Static<typeof ClientMessage>;

export const Status = Type.Union([Type.Literal('lobby'), Type.Literal('open'), Type.Literal('paused'), Type.Literal('review'), Type.Literal('finished')]);
export type Status = Static<typeof Status>;

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

/** One group's outcomes after one round (metrics so far; null where undefined). */
export const RoundOutcome = Type.Object({
  round: Type.Integer(),
  day: Type.Integer(),
  digest: Type.String(),
  kpis: StringRecord(Type.Union([Type.Number(), Type.Null()])),
  /** Daily values of the charted series over this round. */
  series: StringRecord(Type.Array(Type.Union([Type.Number(), Type.Null()]))),
  /** The lever values in force for this round (decisions and events). */
  levers: StringRecord(LeverValue),
  /** Which role changed which lever this round (for the annotated debrief). */
  changes: Type.Array(Type.Object({ role: Type.String(), lever: Type.String(), from: LeverValue, to: LeverValue })),
  events: Type.Array(EventKind),
});
export type RoundOutcome = Static<typeof RoundOutcome>;

export const LeverView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  label: Bilingual,
  meaning: Bilingual,
  unit: Bilingual,
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  step: Type.Optional(Type.Number()),
  choices: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Bilingual }))),
  value: LeverValue,
});
export type LeverView = Static<typeof LeverView>;

const Common = {
  code: Type.String(),
  title: Type.String(),
  status: Status,
  /** Rounds finished so far; the round being decided is round + 1. */
  round: Type.Integer(),
  rounds: Type.Integer(),
  roundDays: Type.Integer(),
  /** Milliseconds left on the timer (open: counting down; paused: frozen), else null. */
  remainingMs: Type.Union([Type.Integer(), Type.Null()]),
  /** Events waiting for the next round, and those already in force. */
  pendingEvents: Type.Array(EventKind),
  seq: Type.Integer(),
};

export const ParticipantView = Type.Object({
  ...Common,
  kind: Type.Literal('participant'),
  seat: Type.Object({ id: Type.String(), name: Type.String(), group: Type.Integer(), role: Type.String(), lang: Lang }),
  role: Type.Object({ id: Type.String(), label: Bilingual, brief: Bilingual }),
  levers: Type.Array(LeverView),
  decided: Type.Boolean(),
  outcomes: Type.Array(RoundOutcome),
});
export type ParticipantView = Static<typeof ParticipantView>;

export const FacilitatorView = Type.Object({
  ...Common,
  kind: Type.Literal('facilitator'),
  seed: Type.Integer(),
  preset: Type.String(),
  groups: Type.Integer(),
  roles: Type.Array(Type.Object({ id: Type.String(), label: Bilingual })),
  seats: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), group: Type.Integer(), role: Type.String(), connected: Type.Boolean(), decided: Type.Boolean() })),
  /** outcomes[g] = the rounds of group g. */
  outcomes: Type.Array(Type.Array(RoundOutcome)),
});
export type FacilitatorView = Static<typeof FacilitatorView>;

export const ServerMessage = Type.Union([
  Type.Object({ type: Type.Literal('state'), view: Type.Union([ParticipantView, FacilitatorView]) }),
  Type.Object({ type: Type.Literal('error'), code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
  Type.Object({ type: Type.Literal('ack'), of: Type.String() }),
  Type.Object({ type: Type.Literal('pong'), id: Type.Optional(Type.Integer()) }),
]);
export type ServerMessage = Static<typeof ServerMessage>;

/** The KPIs shown side by side (summary metric names) and the charted daily series. */
export const KPIS = ['rate.response', 'rate.resolution', 'rate.satisfaction', 'cases.open.end', 'money.spendTotal', 'trust.mean', 'worst.community.satisfaction'] as const;
export const CHART_SERIES = ['cases.open', 'rate.satisfaction', 'trust.mean'] as const;

export const KPI_LABELS: Record<string, { zh: string; en: string }> = {
  'rate.response': { zh: '响应率', en: 'Response rate' },
  'rate.resolution': { zh: '解决率', en: 'Resolution rate' },
  'rate.satisfaction': { zh: '满意率', en: 'Satisfaction' },
  'cases.open.end': { zh: '积压（在办）', en: 'Backlog (open)' },
  'money.spendTotal': { zh: '总支出（元）', en: 'Spending (yuan)' },
  'trust.mean': { zh: '平均信任', en: 'Mean trust' },
  'worst.community.satisfaction': { zh: '最差社区满意率', en: 'Worst-served community' },
  'cases.open': { zh: '在办事项', en: 'Open cases' },
};
