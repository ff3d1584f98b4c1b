import type { Receipt } from '../../../shared/api/returns';
import type { GrantOf, PrivilegeType } from '../../../shared/returns/privileges';
import type { CoreContext } from '../core-context';
import { addLicense } from '../library/add-license';

/** The receipts CSV's privilege columns. */
export interface PrivilegeCsv {
  points: number | '';
  upgradeContentId: string;
}

/** What this device does with one privilege type: apply it locally, and export it. */
interface CorePrivilege<T extends PrivilegeType> {
  /** Inside the receipt's transaction (return-receipt.ts). */
  apply(ctx: CoreContext, grant: GrantOf<T>): void;
  csv(grant: GrantOf<T>): PrivilegeCsv;
}

/** A name added to PRIVILEGE_TYPES is a compile error here. */
export const CORE_PRIVILEGES: { [T in PrivilegeType]: CorePrivilege<T> } = {
  // The balance comes with every receipt and is cached by the caller, whatever the privilege.
  points: {
    apply: () => {},
    csv: (grant) => ({ points: grant.points, upgradeContentId: '' }),
  },
  upgrade: {
    apply: (ctx, grant) => addLicense(ctx, grant.license),
    csv: (grant) => ({ points: '', upgradeContentId: grant.license.content.contentId }),
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
