// Shapes shared by every route: the error body (one for all failures, never a stack trace),
// the id path parameter and the small building blocks of other schemas.
import { Type, type Static, type TLiteral, type TSchema, type TSchemaOptions, type TUnion } from 'typebox';

export const ErrorProblem = Type.Object({
  field: Type.String({ description: 'Where the problem is, as a dotted path into the request (for example `set.grid.discretion`).' }),
  message: Type.String(),
  expected: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable machine-readable code, e.g. `invalid_request`, `not_found`, `rate_limited`.' }),
    message: Type.String({ description: 'What went wrong, in words.' }),
    field: Type.Optional(Type.String({ description: 'The offending field of the request, when there is one.' })),
    expected: Type.Optional(Type.String({ description: 'What the field accepts.' })),
    problems: Type.Optional(Type.Array(ErrorProblem, { description: 'Every problem found, when there are several.' })),
  }, { additionalProperties: false }),
}, { title: 'Error', additionalProperties: false });
export type ErrorBody = Static<typeof ErrorBody>;

export const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Job id as returned on submission.' }),
}, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

export const Bilingual = Type.Object({
  zh: Type.String({ maxLength: 400 }),
  en: Type.String({ maxLength: 400 }),
}, { additionalProperties: false });

/**
 * A union of string literals from a list (`anyOf` of `const`s, as TypeBox writes one), typed as
 * the list's members: TypeBox 1.x infers a union only from a tuple, not from a mapped array.
 */
export function LiteralUnion<const T extends readonly string[]>(values: T, options?: TSchemaOptions): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v)), options) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A number that is null where the engine has NaN (a rate over an empty window). */
export const NumberOrNull = Nullable(Type.Number());

/** Responses shared by routes that take an id. */
export const errorResponses = (...codes: number[]): Record<number, typeof ErrorBody> =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody]));
