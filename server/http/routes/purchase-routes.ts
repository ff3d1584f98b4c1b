import type { ServerContext } from '../../context';
import { purchase } from '../../services/purchases';
import type { Handlers } from '../handler-types';

export function purchaseHandlers(ctx: ServerContext): Pick<Handlers, 'purchase'> {
  return {
    purchase: async ({ caller, body, reply }) => {
      const outcome = await purchase(ctx, caller, body);
      // A replay of the same idempotency key answers the first purchase with 200, not 201.
      if (outcome.replay) reply.code(200);
      return outcome.response;
    },
  };
}
