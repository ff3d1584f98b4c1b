import type { Order } from '../../../shared/api/orders';

/**
 * Whether an order waits for a payment already made that settles later (a bank debit), rather
 * than for the buyer to pay (docs/design.md §4.7): the server says so; a test payment never
 * waits.
 */
export function paymentSettling(order: Pick<Order, 'state' | 'paymentSettling'>): boolean {
  return order.state === 'awaiting_payment' && order.paymentSettling;
}
