import type { Order } from '../../../shared/api/orders';
import { orderHasRefund } from '../../../shared/api/orders';
import { formatMoneyIn } from './format';

/**
 * The plain sentence for an order whose payment could not be used (docs/design.md §4.8), or null
 * for any other order. The amount is the refund's as the server records it: what was paid, and
 * once refunded, what the provider reports it gave back (less than was paid if part of it was
 * given back before, e.g. by an operator), so it is named as the refund, not as the payment.
 */
export function refundSentence(order: Pick<Order, 'state' | 'refund'>): string | null {
  if (!orderHasRefund(order.state) || !order.refund) return null;
  const amount = formatMoneyIn(order.refund.amountCents, order.refund.currency);
  return order.state === 'refunded'
    ? `Your payment could not be used for this order: ${amount} was refunded.`
    : `Your payment could not be used for this order: ${amount} is being refunded.`;
}
