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
}
