import type { TermsOf } from '../../../shared/returns/policy-terms';
import type { ReturnKind } from '../../../shared/returns/return-kinds';
import { buyback } from './buyback';
import type { KindOffer, OfferInputs, ServerReturnKind, TermsColumns } from './return-kind';
import { tradeIn } from './trade-in';

/** One module per return kind: a name added to RETURN_KINDS is a compile error here. */
export const SERVER_RETURN_KINDS: { [K in ReturnKind]: ServerReturnKind<K> } = {
  buyback,
  trade_in: tradeIn,
};

export function offerOf<K extends ReturnKind>(
  kind: K,
  terms: TermsOf<K>,
  inputs: OfferInputs,
): KindOffer | null {
  const module: ServerReturnKind<K> = SERVER_RETURN_KINDS[kind];
  return module.offer(terms, inputs);
}

export function termsFromColumns<K extends ReturnKind>(
  kind: K,
  row: TermsColumns,
): TermsOf<K> | null {
  const module: ServerReturnKind<K> = SERVER_RETURN_KINDS[kind];
  return module.fromColumns(row);
}

export function termsToColumns<K extends ReturnKind>(
  kind: K,
  terms: TermsOf<K> | null,
): Partial<TermsColumns> {
  const module: ServerReturnKind<K> = SERVER_RETURN_KINDS[kind];
  return module.toColumns(terms);
}
