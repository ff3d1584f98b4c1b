import type { LicenseView } from '../../../shared/api/licenses';
import type { Receipt } from '../../../shared/api/returns';
import type {
  GrantOf,
  OfferOf,
  PrivilegeOffer,
  PrivilegeType,
  WebhookPrivilegeOf,
} from '../../../shared/returns/privileges';
import type { ServerContext } from '../../context';
import type { CatalogRow } from '../../db/contents';
import type { LicenseForReturn, LicenseRow } from '../../db/licenses';
import type { EventBody } from '../events';

/** What a return transaction knows when it grants the privilege. */
export interface GrantInputs {
  ctx: ServerContext;
  userId: string;
  license: LicenseForReturn;
  /** The upgrade target found with the options (null when none or not looked up). */
  target: CatalogRow | null;
  returnId: string;
  at: string;
}

/** The privilege granted, with what the return transaction writes for it. */
export interface Granted<T extends PrivilegeType> {
  privilege: GrantOf<T>;
  /** Points credited (a ledger row when > 0). */
  points: number;
  /** A license the privilege issues. */
  newLicense: { row: LicenseRow; view: LicenseView } | null;
}

/** What the server does for one privilege type inside the return transaction. */
export interface ServerPrivilege<T extends PrivilegeType> {
  /**
   * Price lock: the offer honoured when a still-valid quote offered `quoted` and the policy now
   * offers `current`.
   */
  honour(current: OfferOf<T>, quoted: PrivilegeOffer | undefined): OfferOf<T>;
  /** The points granting `offer` would credit: what the quote weighs against the balance cap. */
  credits(offer: OfferOf<T>): number;
  grant(offer: OfferOf<T>, inputs: GrantInputs): Granted<T>;
  /** Sync events after `license.returned`, for the user's other devices. */
  events(granted: Granted<T>, balance: number): EventBody[];
  /** The privilege in the `license.returned` webhook. */
  webhook(grant: GrantOf<T>, receipt: Receipt): WebhookPrivilegeOf<T>;
}
