import type { PaymentProviderName } from '../../shared/api/orders';

/** What a provider needs to take the money part of one order. */
export interface CheckoutRequest {
  orderId: string;
  contentId: string;
  title: string;
  amountCents: number;
  currency: string;
  /** When the order expires (ms); the provider's checkout must not outlive it. */
  expiresAtMs: number;
}

export interface CheckoutStarted {
  /** The provider's id for this payment (Stripe: the Checkout Session id). */
  reference: string;
  /** Where the buyer pays; null when nothing is left for the buyer to do. */
  checkoutUrl: string | null;
}

/** Gives back the whole of one payment that could not be used (docs/design.md §4.8). */
export interface RefundRequest {
  orderId: string;
  /** The provider's id of the payment (Stripe: the PaymentIntent id). */
  paymentRef: string;
  /** What the payment was, as recorded when it arrived. */
  amountCents: number;
  currency: string;
  /**
   * The key of this attempt (`refund-<orderId>` first, then one per attempt made after the
   * provider showed no refund under way), stored before the call: a retry of the same attempt
   * after a crash or a timeout gets the refund already made, never a second one.
   */
  idempotencyKey: string;
}

/**
 * Where a refund stands at the provider: `succeeded` is the only one that gave the money back;
 * `pending` was accepted and is not finished (Stripe: `pending`, `requires_action`), so it is
 * followed; `failed` gave nothing back (Stripe: `failed`, `canceled`), so another is made.
 */
export type RefundState = 'succeeded' | 'pending' | 'failed';

export interface RefundAnswer {
  state: RefundState;
  /** The provider's id of the refund. */
  refundId: string;
  /** What the refund gives back. */
  amountCents: number;
  currency: string;
  /**
   * The order it was made for (Stripe: the refund's `metadata.orderId`, which this server always
   * sets); null for a refund made elsewhere, e.g. a partial one from the provider's dashboard.
   */
  orderId: string | null;
}

/**
 * One payment provider (`SHELF_PAYMENT_PROVIDER`). A provider starts a checkout; the payment is
 * captured either at once (`capturesAtOnce`, the test provider) or later, only when the
 * provider's signed webhook says so (Stripe).
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  readonly capturesAtOnce: boolean;
  readonly currency: string;
  startCheckout(request: CheckoutRequest): Promise<CheckoutStarted>;
  /**
   * Makes the refund of the whole payment with the request's key, or answers the refund already
   * made for it (the same key; or a full refund already under way, which the provider would
   * refuse to make twice). Throws when the answer does not tell where a refund stands (an error,
   * a timeout): the worker looks with `refundsOf` before it makes another.
   */
  refund(request: RefundRequest): Promise<RefundAnswer>;
  /** Where one refund the provider accepted stands now. */
  refundStatus(refundId: string): Promise<RefundAnswer>;
  /** Every refund the provider holds of one payment (`paymentRef`), in any state. */
  refundsOf(paymentRef: string): Promise<RefundAnswer[]>;
}
