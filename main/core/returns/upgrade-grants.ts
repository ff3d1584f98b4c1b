import type { ReturnPolicy } from '../../../shared/api/catalog';
import type { TermsOf } from '../../../shared/returns/policy-terms';
import { termsOf } from '../../../shared/returns/policy-terms';
import type { ReturnKind } from '../../../shared/returns/return-kinds';
import { RETURN_KINDS } from '../../../shared/returns/return-kinds';

/**
 * Whether a return of each kind, under its terms, grants the newest version of the product (what
 * the Store tells the owner of an older version). A name added to RETURN_KINDS is a compile
 * error here.
 */
const GRANTS_UPGRADE: { [K in ReturnKind]: (terms: TermsOf<K>) => boolean } = {
  buyback: () => false,
  trade_in: (terms) => terms.type === 'upgrade',
};

/** The first kind whose return grants the newest version under `policy`, or null. */
export function upgradeKind(policy: ReturnPolicy): ReturnKind | null {
  return RETURN_KINDS.find((kind) => grants(kind, policy)) ?? null;
}

function grants<K extends ReturnKind>(kind: K, policy: ReturnPolicy): boolean {
  const terms = termsOf(policy, kind);
  const rule: (terms: TermsOf<K>) => boolean = GRANTS_UPGRADE[kind];
  return terms !== null && rule(terms);
}
