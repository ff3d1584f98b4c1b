import type { Order } from '../../../shared/api/orders';
import { formatMoneyIn } from './format';

/**
 * The plain sentence for an order whose payment could not be used (docs/design.md §4.8), or null
 * for any other order. The amount is the refund's as the server records it: what was paid, and
 * once refunded, what the provider reports it gave back.
 */
export function refundSentence(
  order: Pick<Order, 'state' | 'refund' | 'moneyDueCents' | 'currency'>,
): string | null {
  if (order.state !== 'refund_pending' && order.state !== 'refunded') return null;
  const amount = order.refund
    ? formatMoneyIn(order.refund.amountCents, order.refund.currency)
    : formatMoneyIn(order.moneyDueCents, order.currency);
  return order.state === 'refunded'
    ? `Your payment of ${amount} could not be used for this order and was refunded.`
    : `Your payment of ${amount} could not be used for this order and is being refunded.`;
}
