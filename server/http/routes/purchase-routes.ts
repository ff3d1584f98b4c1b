import type { ServerContext } from '../../context';
import { purchase } from '../../services/purchases';
import type { Handlers } from '../handler-types';

export function purchaseHandlers(ctx: ServerContext): Pick<Handlers, 'purchase'> {
  return {
    purchase: async ({ caller, body, reply }) => {
      const outcome = await purchase(ctx, caller, body);
      // 201 bought, 202 an order waiting for payment, 200 a replay of the same idempotency key.
      reply.code(outcome.status);
      return outcome.response;
    },
  };
}
