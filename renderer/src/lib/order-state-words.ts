import type { OrderState } from '../../../shared/api/orders';

/** One name per order state, as the wallet's orders list shows it and the dialog titles it. */
export const ORDER_STATE_WORDS: Record<OrderState, string> = {
  awaiting_payment: 'Waiting for payment',
  paid: 'Paid',
  expired: 'Expired: not paid in time',
  cancelled: 'Cancelled: not paid',
  refund_pending: 'Refund under way',
  refunded: 'Refunded',
};
