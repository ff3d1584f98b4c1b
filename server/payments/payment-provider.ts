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
   * The same for every attempt at one order's refund (`refund-<orderId>`): the provider answers
   * a repeat with the refund it already made, so a retry after a crash or timeout never gives the
   * money back twice.
   */
  idempotencyKey: string;
}

export interface RefundMade {
  /** The provider's id of the refund; null when the provider reports the payment refunded already. */
  refundId: string | null;
  /** What the provider gave back. */
  amountCents: number;
  currency: string;
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
  /** Throws when the provider did not confirm the refund (the worker tries again later). */
  refund(request: RefundRequest): Promise<RefundMade>;
}
