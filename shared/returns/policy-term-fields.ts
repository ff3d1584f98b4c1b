import type { PolicyTerms, TermsOf } from './policy-terms';
import type { ReturnKind } from './return-kind-list';

/**
 * The policy field that holds each kind's terms (policy-terms.ts pairs each with its schema).
 * Apart, without zod, so the renderer's first chunk can read a policy's terms without evaluating
 * zod (bench/findings.md, first paint).
 */
export const POLICY_TERM_FIELDS = {
  buyback: 'buybackRatePct',
  trade_in: 'tradeIn',
} as const satisfies Record<ReturnKind, string>;

/** The terms a policy sets for `kind`, or null when it does not offer that kind. */
export function termsOf<K extends ReturnKind>(policy: PolicyTerms, kind: K): TermsOf<K> | null {
  const field = POLICY_TERM_FIELDS[kind] as keyof PolicyTerms;
  return policy[field] as TermsOf<K> | null;
}
