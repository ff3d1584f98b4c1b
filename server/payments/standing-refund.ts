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

/**
 * Nothing is left of the payment and none of its refunds is this order's: it was given back in
 * full elsewhere (refunds made in the dashboard). Answered as one refund of their sum, succeeded
 * once every one of them has (else pending, followed by the one still pending), so the order
 * says what the buyer got back; null while none stands.
 */
export function givenBackElsewhere(refunds: readonly RefundAnswer[]): RefundAnswer | null {
  const standing = refunds.filter((refund) => refund.state !== 'failed');
  const last = standing.at(-1);
  if (!last) return null;
  const pending = standing.find((refund) => refund.state === 'pending');
  return {
    ...(pending ?? last),
    amountCents: standing.reduce((sum, refund) => sum + refund.amountCents, 0),
  };
}
