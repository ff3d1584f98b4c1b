import type { ReactNode } from 'react';
import type { Receipt, ReturnKind } from '../../../shared/api/returns';
import type { GrantOf, OfferOf, PrivilegeType } from '../../../shared/returns/privileges';
import { formatMoney, formatPoints } from './format';
import { KIND_WORDING } from './return-kind-wording';

/** A link the outcome of a return leads to. */
export interface OutcomeLink {
  href: string;
  label: string;
}

/** How the screens show one privilege type: offered, granted, confirmed, listed. */
interface PrivilegeView<T extends PrivilegeType> {
  /** "700 points", "version 3". */
  offerText(offer: OfferOf<T>): string;
  /** What choosing an option with this offer means, in one sentence. */
  explain(offer: OfferOf<T>, kind: ReturnKind, version: number): string;
  /** What the user got, in words: the heart of the confirmation. */
  headline(grant: GrantOf<T>): string;
  /** The receipts table's privilege cell. */
  short(grant: GrantOf<T>): string;
  /** The confirmation's line under the headline. */
  confirmationDetail(grant: GrantOf<T>, balance: number): ReactNode;
  /** The confirmation's main action. */
  confirmationAction(grant: GrantOf<T>): OutcomeLink;
  /** The later notice: the sentence after the headline, and its action if any. */
  noticeDetail(grant: GrantOf<T>, balance: number): string;
  noticeAction(grant: GrantOf<T>): OutcomeLink | null;
  /** Its line in the wallet's Upgrades section; null = not listed there. */
  upgradeItem(grant: GrantOf<T>, receipt: Receipt): ReactNode | null;
}

const balanceNow = (balance: number) => `Your balance is now ${formatPoints(balance)}.`;
const download = (grant: GrantOf<'upgrade'>): OutcomeLink => ({
  href: `#/item/${grant.license.content.contentId}`,
  label: `Download version ${grant.license.content.version}`,
});

/** One entry per privilege type: a name added to PRIVILEGE_TYPES is a compile error here. */
const PRIVILEGE_VIEWS: { [T in PrivilegeType]: PrivilegeView<T> } = {
  points: {
    offerText: (offer) => formatPoints(offer.points),
    explain: (offer, kind) =>
      KIND_WORDING[kind].pointsExplain(
        offer.points,
        `worth ${formatMoney(offer.points)} in the store`,
      ),
    headline: (grant) => `You received ${formatPoints(grant.points)}.`,
    short: (grant) => `+${formatPoints(grant.points)}`,
    confirmationDetail: (_grant, balance) => (
      <p className="confirmation-balance">
        Your balance is now <strong>{formatPoints(balance)}</strong>.
      </p>
    ),
    confirmationAction: () => ({ href: '#/wallet', label: 'See wallet' }),
    noticeDetail: (_grant, balance) => balanceNow(balance),
    noticeAction: () => null,
    upgradeItem: () => null,
  },
  upgrade: {
    offerText: (offer) => `version ${offer.version}`,
    explain: (offer, _kind, version) =>
      `Your license for version ${version} ends, and you get version ${offer.version} free, ready to download.`,
    headline: (grant) =>
      `You now have version ${grant.license.content.version} of “${grant.license.content.title}”.`,
    short: (grant) => `Upgraded to version ${grant.license.content.version}`,
    confirmationDetail: () => <p>It is in your library and ready to download.</p>,
    confirmationAction: download,
    noticeDetail: () => 'It is ready to download.',
    noticeAction: download,
    upgradeItem: (grant, receipt) => (
      <>
        “{receipt.title}”: version {receipt.version} traded in for{' '}
        <a href={`#/item/${grant.license.content.contentId}`}>
          version {grant.license.content.version}
        </a>
      </>
    ),
  },
};

/** Each entry is checked against its own type above; only the dispatch link is cast. */
export function privilegeView(type: PrivilegeType): PrivilegeView<PrivilegeType> {
  return PRIVILEGE_VIEWS[type] as PrivilegeView<PrivilegeType>;
}
