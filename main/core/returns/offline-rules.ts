import type { TermsOf } from '../../../shared/returns/policy-terms';
import type { ReturnKind } from '../../../shared/returns/return-kinds';

/**
 * Whether a return of each kind may be queued offline, without a quote, under the cached
 * policy's terms for it (the server decides the privilege once it is reached). A name added
 * to RETURN_KINDS is a compile error here.
 */
export const OFFLINE_RULES: { [K in ReturnKind]: (terms: TermsOf<K>) => boolean } = {
  /** Always points at the policy's rate. */
  buyback: () => true,
  /** The newest version, or points where there is none: either way something is granted. */
  trade_in: () => true,
};

export function offlineAllowed<K extends ReturnKind>(kind: K, terms: TermsOf<K>): boolean {
  const rule: (terms: TermsOf<K>) => boolean = OFFLINE_RULES[kind];
  return rule(terms);
}
