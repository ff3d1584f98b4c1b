import type { Order } from '../../../shared/api/orders';

/**
 * Whether an order waits for a payment already made that settles later (a bank debit), rather
 * than for the buyer to pay: the server then closes its checkout page (docs/design.md §4.7). A
 * test payment never waits.
 */
export function paymentSettling(
  order: Pick<Order, 'state' | 'checkoutUrl' | 'testPayment'>,
): boolean {
  return order.state === 'awaiting_payment' && order.checkoutUrl === null && !order.testPayment;
}
