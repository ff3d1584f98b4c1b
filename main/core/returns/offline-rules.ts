import type { TermsOf } from '../../../shared/returns/policy-terms';
import type { ReturnKind } from '../../../shared/returns/return-kinds';

/** What the device knows, offline, that an offer depends on besides the terms. */
export interface OfflineFacts {
  /** A newer version of the product exists (as of the last sync). */
  newerVersion: boolean;
}

/**
 * Whether a return of each kind may be queued offline, without a quote, under the cached
 * policy's terms for it: only where the server would offer it (docs/design.md §2.2), so the app
 * never queues a return it already knows will be refused. A name added to RETURN_KINDS is a
 * compile error here.
 */
export const OFFLINE_RULES: {
  [K in ReturnKind]: (terms: TermsOf<K>, facts: OfflineFacts) => boolean;
} = {
  /** Always points at the policy's rate. */
  buyback: () => true,
  /**
   * Points at the policy's rate, or the newest version; an upgrade policy with nothing newer
   * grants its fallback points, and nothing at all (not offered) when that rate is 0.
   */
  trade_in: (terms, { newerVersion }) =>
    terms.type === 'points' || newerVersion || terms.fallbackPointsRatePct > 0,
};

export function offlineAllowed<K extends ReturnKind>(
  kind: K,
  terms: TermsOf<K>,
  facts: OfflineFacts,
): boolean {
  const rule: (terms: TermsOf<K>, facts: OfflineFacts) => boolean = OFFLINE_RULES[kind];
  return rule(terms, facts);
}
