import type { Order } from '../../../shared/api/orders';

/** The state's words for an order waiting for a payment that settles later. */
export const SETTLING_WORDS = 'Payment processing';

/**
 * Whether an order waits for a payment already made that settles later (a bank debit), rather
 * than for the buyer to pay (docs/design.md §4.7): the server says so.
 */
export function waitsForSettling(order: Pick<Order, 'state' | 'paymentSettling'>): boolean {
  return order.state === 'awaiting_payment' && order.paymentSettling;
}
