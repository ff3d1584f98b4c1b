import type { ServerContext } from '../../context';
import { getOrder, listOrders } from '../../services/orders';
import type { Handlers } from '../handler-types';

export function orderHandlers(ctx: ServerContext): Pick<Handlers, 'getOrder' | 'listOrders'> {
  return {
    getOrder: ({ caller, params }) => getOrder(ctx, caller, params.orderId),
    listOrders: async ({ caller, query }) => ({
      orders: await listOrders(ctx, caller, query.limit),
    }),
  };
}
