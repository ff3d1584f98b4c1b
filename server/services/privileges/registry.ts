import type { Receipt } from '../../../shared/api/returns';
import type {
  PrivilegeOffer,
  PrivilegeType,
  WebhookPrivilege,
} from '../../../shared/returns/privileges';
import type { EventBody } from '../events';
import { points } from './points';
import type { GrantInputs, Granted, ServerPrivilege } from './server-privilege';
import { upgrade } from './upgrade';

/** One module per privilege type: a name added to PRIVILEGE_TYPES is a compile error here. */
export const SERVER_PRIVILEGES: { [T in PrivilegeType]: ServerPrivilege<T> } = { points, upgrade };

/**
 * The module of `type`, seen through the union: each entry is checked against its own type
 * above, so only the link between a value's `type` and its module is taken on trust here.
 */
function moduleOf(type: PrivilegeType): ServerPrivilege<PrivilegeType> {
  return SERVER_PRIVILEGES[type] as ServerPrivilege<PrivilegeType>;
}

/** The offer honoured (price lock), what granting it writes, and its sync events. */
export function grantOffer(
  current: PrivilegeOffer,
  quoted: PrivilegeOffer | undefined,
  inputs: GrantInputs,
): { granted: Granted<PrivilegeType>; events: (balance: number) => EventBody[] } {
  const module = moduleOf(current.type);
  const granted = module.grant(module.honour(current, quoted), inputs);
  return { granted, events: (balance) => module.events(granted, balance) };
}

/** The points granting `offer` would credit to the wallet. */
export function creditsOf(offer: PrivilegeOffer): number {
  return moduleOf(offer.type).credits(offer);
}

export function webhookPrivilege(receipt: Receipt): WebhookPrivilege {
  return moduleOf(receipt.privilege.type).webhook(receipt.privilege, receipt);
}
