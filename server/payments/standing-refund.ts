import type { RefundAnswer } from './payment-provider';

/**
 * Among a payment's refunds, the one this order's attempts made and that still stands
 * (succeeded first, else pending), or null. Only the order's own: a refund made elsewhere (an
 * operator's partial refund in the provider's dashboard) gives back only part of the payment, and
 * taking it for ours would leave the rest kept; a new refund without an amount gives back what is
 * left.
 */
export function standingRefundOf(
  refunds: readonly RefundAnswer[],
  orderId: string,
): RefundAnswer | null {
  const ours = refunds.filter((refund) => refund.orderId === orderId);
  return (
    ours.find((refund) => refund.state === 'succeeded') ??
    ours.find((refund) => refund.state === 'pending') ??
    null
  );
}
