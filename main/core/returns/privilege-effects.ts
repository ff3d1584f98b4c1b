import type { QuoteOption, Receipt } from '../../../shared/api/returns';
import type { BulkQuote } from '../../../shared/ipc/bulk-return';
import type { GrantOf, OfferOf, PrivilegeType } from '../../../shared/returns/privileges';
import type { CoreContext } from '../core-context';
import { addLicense } from '../library/add-license';

/** The receipts CSV's privilege columns. */
export interface PrivilegeCsv {
  points: number | '';
  upgradeContentId: string;
}

type BulkTotals = BulkQuote['totals'];

/** What this device does with one privilege type: apply it locally, export it, add it up. */
interface CorePrivilege<T extends PrivilegeType> {
  /** Inside the receipt's transaction (return-receipt.ts). */
  apply(ctx: CoreContext, grant: GrantOf<T>): void;
  csv(grant: GrantOf<T>): PrivilegeCsv;
  /** What one offer adds to a bulk return's combined offer (bulk-return.ts). */
  tally(offer: OfferOf<T>, totals: BulkTotals): void;
}

/** A name added to PRIVILEGE_TYPES is a compile error here. */
export const CORE_PRIVILEGES: { [T in PrivilegeType]: CorePrivilege<T> } = {
  // The balance comes with every receipt and is cached by the caller, whatever the privilege.
  points: {
    apply: () => {},
    csv: (grant) => ({ points: grant.points, upgradeContentId: '' }),
    tally: (offer, totals) => {
      totals.points += offer.points;
    },
  },
  upgrade: {
    apply: (ctx, grant) => addLicense(ctx, grant.license),
    csv: (grant) => ({ points: '', upgradeContentId: grant.license.content.contentId }),
    tally: (_offer, totals) => {
      totals.upgrades += 1;
    },
  },
};

/** Each entry is checked against its own type above; only the dispatch link is cast. */
function moduleOf(type: PrivilegeType): CorePrivilege<PrivilegeType> {
  return CORE_PRIVILEGES[type] as CorePrivilege<PrivilegeType>;
}

export function applyPrivilege(ctx: CoreContext, receipt: Receipt): void {
  moduleOf(receipt.privilege.type).apply(ctx, receipt.privilege);
}

export function privilegeCsv(receipt: Receipt): PrivilegeCsv {
  return moduleOf(receipt.privilege.type).csv(receipt.privilege);
}

/** Adds the option's offer to a bulk return's combined offer. */
export function tallyOffer(option: QuoteOption, totals: BulkTotals): void {
  (
    moduleOf(option.privilege.type).tally as (
      offer: QuoteOption['privilege'],
      t: BulkTotals,
    ) => void
  )(option.privilege, totals);
}
