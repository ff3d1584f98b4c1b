import type { ServerContext } from '../../context';
import { getOrder } from '../../services/orders';
import type { Handlers } from '../handler-types';

export function orderHandlers(ctx: ServerContext): Pick<Handlers, 'getOrder'> {
  return {
    getOrder: ({ caller, params }) => getOrder(ctx, caller, params.orderId),
  };
}
