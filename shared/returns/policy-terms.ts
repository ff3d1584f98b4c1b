import * as z from 'zod';
import type { ReturnKind } from './return-kinds';

const ratePct = z.number().int().min(1).max(100);

/**
 * Each return kind's terms in a product's return policy: the policy field that holds them and
 * its schema (`null` in the policy = the kind is not offered). Rates are whole percentages of
 * what the purchase transaction paid.
 */
export const POLICY_TERMS = {
  /** Buyback as points: floor(paid × rate / 100). */
  buyback: { field: 'buybackRatePct', schema: ratePct },
  /**
   * Trade-in: `upgrade` grants the newest version of the product, falling back to points at
   * `fallbackPointsRatePct` where no newer version exists; `points` always grants points.
   */
  trade_in: {
    field: 'tradeIn',
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

type PolicyTerms = z.infer<z.ZodObject<TermsShape>>;

/** The terms a policy sets for `kind`, or null when it does not offer that kind. */
export function termsOf<K extends ReturnKind>(policy: PolicyTerms, kind: K): TermsOf<K> | null {
  const field = POLICY_TERMS[kind].field as keyof PolicyTerms;
  return policy[field] as TermsOf<K> | null;
}

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
