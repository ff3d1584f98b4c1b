import * as z from 'zod';
import { POLICY_TERM_FIELDS } from './policy-term-fields';
import type { ReturnKind } from './return-kind-list';

export { POLICY_TERM_FIELDS, termsOf } from './policy-term-fields';

const ratePct = z.number().int().min(1).max(100);

/**
 * Each return kind's terms in a product's return policy: the policy field that holds them and
 * its schema (`null` in the policy = the kind is not offered). Rates are whole percentages of
 * what the purchase transaction paid.
 */
export const POLICY_TERMS = {
  /** Buyback as points: floor(paid × rate / 100). */
  buyback: { field: POLICY_TERM_FIELDS.buyback, schema: ratePct },
  /**
   * Trade-in: `upgrade` grants the newest version of the product, falling back to points at
   * `fallbackPointsRatePct` where no newer version exists; `points` always grants points.
   */
  trade_in: {
    field: POLICY_TERM_FIELDS.trade_in,
    schema: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('upgrade'),
        fallbackPointsRatePct: z.number().int().min(0).max(100),
      }),
      z.object({ type: z.literal('points'), ratePct }),
    ]),
  },
} as const satisfies Record<ReturnKind, { field: string; schema: z.ZodType }>;

type Terms = typeof POLICY_TERMS;
/** The terms of one kind, as the policy holds them when the kind is offered. */
export type TermsOf<K extends ReturnKind> = K extends keyof Terms
  ? z.infer<Terms[K]['schema']>
  : never;

/** The policy fields of every kind: `{ buybackRatePct: … | null, tradeIn: … | null }`. */
export type TermsShape = {
  [K in keyof Terms as Terms[K]['field']]: z.ZodNullable<Terms[K]['schema']>;
};

export function termsShape(): TermsShape {
  return Object.fromEntries(
    Object.values(POLICY_TERMS).map((t) => [t.field, t.schema.nullable()]),
  ) as unknown as TermsShape;
}

/** A policy's terms fields, as parsed. */
export type PolicyTerms = z.infer<z.ZodObject<TermsShape>>;

/** The policy fields of every kind, each read through `terms` (one call per kind). */
export function policyTerms(
  terms: <K extends ReturnKind>(kind: K) => TermsOf<K> | null,
): PolicyTerms {
  const entries = (Object.keys(POLICY_TERMS) as ReturnKind[]).map((kind) => [
    POLICY_TERMS[kind].field,
    terms(kind),
  ]);
  return Object.fromEntries(entries) as PolicyTerms;
}
