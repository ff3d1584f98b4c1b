import type { QuoteOption } from '../../../shared/api/returns';
import type { TermsOf } from '../../../shared/returns/policy-terms';
import type { ReturnKind } from '../../../shared/returns/return-kinds';
import type { ReturnPoliciesTable } from '../../db/schema';

/** The newest version of the product, when the user could be upgraded to it. */
export interface UpgradeTarget {
  contentId: string;
  version: number;
  title: string;
}

export interface OfferInputs {
  /** What the purchase transaction recorded: money + points spent. */
  paidCents: number;
  /** Null when no newer version exists or the user already holds it. */
  upgrade: UpgradeTarget | null;
}

/** The `return_policies` columns that hold the kinds' terms. */
export type TermsColumns = Omit<
  ReturnPoliciesTable,
  'product_id' | 'window_days' | 'limit_per_30_days' | 'updated_at'
>;

/** An option's privilege with why it is that: the quote states both. */
export type KindOffer = Omit<QuoteOption, 'kind'>;

/** What the server knows of one return kind: its terms' columns and the offer they make. */
export interface ServerReturnKind<K extends ReturnKind> {
  /** The offer depends on the upgrade target, which costs queries to find. */
  usesUpgradeTarget: boolean;
  /** The privilege these terms offer and why, or null when it would grant nothing. */
  offer(terms: TermsOf<K>, inputs: OfferInputs): KindOffer | null;
  /** The terms stored in a policy row; null = this kind is not offered. */
  fromColumns(row: TermsColumns): TermsOf<K> | null;
  /** The columns that store `terms` (all null when not offered). */
  toColumns(terms: TermsOf<K> | null): Partial<TermsColumns>;
}

/** Points for `paidCents` at a whole-percent rate, rounded down (never more than was paid). */
export function pointsAtRate(paidCents: number, ratePct: number): number {
  return Math.floor((paidCents * ratePct) / 100);
}
