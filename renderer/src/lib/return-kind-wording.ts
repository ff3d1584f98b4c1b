import type { TermsOf } from '../../../shared/returns/policy-terms';
import type { ReturnKind } from '../../../shared/returns/return-kinds';
import { formatPoints } from './format';

/** What a policy-terms line needs to know of the catalog item. */
export interface TermsContext {
  version: number;
  latestVersion: number;
  /** Points worth `pct`% of the price, in words. */
  worth: (pct: number) => string;
}

/** Everything the screens say about one return kind. */
interface KindWording<K extends ReturnKind> {
  /** As a noun: receipts, queued returns, confirmations. */
  name: string;
  /** As the option's verb: "Sell back for 700 points". */
  verb: string;
  /** Offline, without a quote, only the kind is known. */
  offlineLabel: string;
  offlineExplain: string;
  /** Choosing it when it grants points. */
  pointsExplain: (points: number, worth: string) => string;
  /** A ledger entry it credited. */
  ledgerReason: string;
  /** Its line in the return terms shown before buying. */
  policyTerms: (terms: TermsOf<K>, item: TermsContext) => string;
}

/** One entry per return kind: a name added to RETURN_KINDS is a compile error here. */
export const KIND_WORDING: { [K in ReturnKind]: KindWording<K> } = {
  buyback: {
    name: 'Buyback',
    verb: 'Sell back',
    offlineLabel: 'Sell back for points',
    offlineExplain: 'Points for the price you paid, at the rate of the content’s policy.',
    pointsExplain: (points, worth) =>
      `Your license ends and ${formatPoints(points)} (${worth}) go to your wallet.`,
    ledgerReason: 'Buyback of a return',
    policyTerms: (ratePct, { worth }) =>
      `Sell back for ${ratePct}% of the price as points (${worth(ratePct)}).`,
  },
  trade_in: {
    name: 'Trade-in',
    verb: 'Trade in',
    offlineLabel: 'Trade in',
    offlineExplain: 'The newest version of this content, or points where there is none.',
    pointsExplain: (points, worth) =>
      `Traded in: your license ends and ${formatPoints(points)} (${worth}) go to your wallet.`,
    ledgerReason: 'Trade-in of a return',
    policyTerms: (terms, { version, latestVersion, worth }) => {
      if (terms.type === 'points') {
        return `Or trade in for ${terms.ratePct}% as points (${worth(terms.ratePct)}).`;
      }
      return latestVersion > version
        ? `Or trade in for the newest version (version ${latestVersion}), free.`
        : `Or trade in for the next version when one is published (until then ${worth(terms.fallbackPointsRatePct)}).`;
    },
  },
};

export function policyTermsLine<K extends ReturnKind>(
  kind: K,
  terms: TermsOf<K>,
  item: TermsContext,
): string {
  const wording: KindWording<K> = KIND_WORDING[kind];
  return wording.policyTerms(terms, item);
}
