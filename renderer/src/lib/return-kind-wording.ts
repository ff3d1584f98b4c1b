import type { ReturnPolicy } from '../../../shared/api/catalog';
import type { TermsOf } from '../../../shared/returns/policy-terms';
import { termsOf } from '../../../shared/returns/policy-term-fields';
import { RETURN_KINDS } from '../../../shared/returns/return-kind-list';
import type { ReturnKind } from '../../../shared/returns/return-kinds';
import { formatPoints } from './format';

/** What a policy-terms line needs to know of the catalog item. */
export interface TermsContext {
  version: number;
  latestVersion: number;
  /** Points worth `pct`% of the price, in words. */
  worth: (pct: number) => string;
}

/** What the offline wording knows of the item besides the cached terms. */
export interface OfflineContext {
  version: number;
  latestVersion: number;
}

/** Everything the screens say about one return kind. */
interface KindWording<K extends ReturnKind> {
  /** As a noun: receipts, queued returns, confirmations. */
  name: string;
  /** As the option's verb: "Sell back for 700 points". */
  verb: string;
  /**
   * Offline, without a quote: the kind and the cached policy's terms are known, so the wording
   * promises only what those terms grant (never a version a points-only policy does not give).
   */
  offlineLabel: (terms: TermsOf<K>, item: OfflineContext) => string;
  offlineExplain: (terms: TermsOf<K>, item: OfflineContext) => string;
  /** Choosing it when it grants points. */
  pointsExplain: (points: number, worth: string) => string;
  /** A ledger entry it credited. */
  ledgerReason: string;
  /** Its line in the return terms shown before buying. */
  policyTerms: (terms: TermsOf<K>, item: TermsContext) => string;
  /** These terms may give a newer version (what "Upgrade available" promises). */
  givesVersion: (terms: TermsOf<K>) => boolean;
}

/** One entry per return kind: a name added to RETURN_KINDS is a compile error here. */
export const KIND_WORDING: { [K in ReturnKind]: KindWording<K> } = {
  buyback: {
    name: 'Buyback',
    verb: 'Sell back',
    offlineLabel: () => 'Sell back for points',
    offlineExplain: (ratePct) =>
      `Points: ${ratePct}% of what you paid, counted when the return reaches the server.`,
    pointsExplain: (points, worth) =>
      `Your license ends and ${formatPoints(points)} (${worth}) go to your wallet.`,
    ledgerReason: 'Buyback of a return',
    policyTerms: (ratePct, { worth }) =>
      `Sell back for ${ratePct}% of the price as points (${worth(ratePct)}).`,
    givesVersion: () => false,
  },
  trade_in: {
    name: 'Trade-in',
    verb: 'Trade in',
    offlineLabel: (terms, { version, latestVersion }) =>
      terms.type === 'upgrade' && latestVersion > version
        ? `Trade in for version ${latestVersion}`
        : 'Trade in for points',
    offlineExplain: (terms, { version, latestVersion }) => {
      if (terms.type === 'points') {
        return `Points: ${terms.ratePct}% of what you paid. This item’s policy grants points only, not a newer version.`;
      }
      return latestVersion > version
        ? `Version ${latestVersion}, free, unless you already have it when the return reaches the server (then ${terms.fallbackPointsRatePct}% of what you paid as points).`
        : `Points: ${terms.fallbackPointsRatePct}% of what you paid, as there is no newer version.`;
    },
    pointsExplain: (points, worth) =>
      `Traded in: your license ends and ${formatPoints(points)} (${worth}) go to your wallet.`,
    ledgerReason: 'Trade-in of a return',
    policyTerms: (terms, { version, latestVersion, worth }) => {
      if (terms.type === 'points') {
        return `Or trade in for ${terms.ratePct}% as points (${worth(terms.ratePct)}); never a newer version.`;
      }
      return latestVersion > version
        ? `Or trade in for the newest version (version ${latestVersion}), free.`
        : `Or trade in for the next version when one is published (until then ${worth(terms.fallbackPointsRatePct)}).`;
    },
    givesVersion: (terms) => terms.type !== 'points',
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

export function offlineLabel<K extends ReturnKind>(
  kind: K,
  terms: TermsOf<K>,
  item: OfflineContext,
): string {
  const wording: KindWording<K> = KIND_WORDING[kind];
  return wording.offlineLabel(terms, item);
}

export function offlineExplain<K extends ReturnKind>(
  kind: K,
  terms: TermsOf<K>,
  item: OfflineContext,
): string {
  const wording: KindWording<K> = KIND_WORDING[kind];
  return wording.offlineExplain(terms, item);
}

/** Whether a policy's terms may give a newer version of the item on a return. */
export function policyGivesVersion(policy: ReturnPolicy | null | undefined): boolean {
  if (!policy) return false;
  return RETURN_KINDS.some((kind) => {
    const terms = termsOf(policy, kind);
    const wording: KindWording<typeof kind> = KIND_WORDING[kind];
    return terms !== null && wording.givesVersion(terms);
  });
}
