import type { ServerContext } from '../context';
import type { Handlers } from '../http/route-table';
import { getOrder } from '../services/orders';

export function orderHandlers(ctx: ServerContext): Pick<Handlers, 'getOrder'> {
  return {
    getOrder: ({ caller, params }) => getOrder(ctx, caller, params.orderId),
  };
}
