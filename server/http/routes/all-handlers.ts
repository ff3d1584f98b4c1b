import type { ServerContext } from '../../context';
import type { Handlers } from '../handler-types';
import { accountHandlers } from './account-routes';
import { catalogHandlers } from './catalog-routes';
import { licenseHandlers } from './license-routes';
import { orderHandlers } from './order-routes';
import { placesHandlers } from './places-routes';
import { purchaseHandlers } from './purchase-routes';
import { returnHandlers } from './return-routes';
import { syncHandlers } from './sync-routes';
import { systemHandlers } from './system-routes';
import { walletHandlers } from './wallet-routes';
import { webhookTargetHandlers } from './webhook-target-routes';

/** Every route's handler, one file per domain; `Handlers` makes a missing one a type error. */
export function allHandlers(ctx: ServerContext): Handlers {
  return {
    ...accountHandlers(ctx),
    ...catalogHandlers(ctx),
    ...webhookTargetHandlers(ctx),
    ...purchaseHandlers(ctx),
    ...orderHandlers(ctx),
    ...licenseHandlers(ctx),
    ...returnHandlers(ctx),
    ...walletHandlers(ctx),
    ...syncHandlers(ctx),
    ...placesHandlers(ctx),
    ...systemHandlers(ctx),
  };
}
