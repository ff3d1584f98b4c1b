import type {
  CheckoutRequest,
  CheckoutStarted,
  PaymentProvider,
  RefundAnswer,
  RefundRequest,
} from './payment-provider';

/**
 * The embedded default: no keys, no money. It "captures" at once through the same capture
 * transaction as a real payment, and every order and purchase it touches is marked as a test
 * payment. Production mode refuses it (payment-config.ts).
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test' as const;
  readonly capturesAtOnce = true;
  readonly currency: string;

  constructor(currency = 'usd') {
    this.currency = currency;
  }

  startCheckout(request: CheckoutRequest): Promise<CheckoutStarted> {
    return Promise.resolve({ reference: `test_${request.orderId}`, checkoutUrl: null });
  }

  /** Succeeds at once: no money moved, so none moves back. */
  refund(request: RefundRequest): Promise<RefundAnswer> {
    return Promise.resolve({
      state: 'succeeded',
      refundId: `test_${request.idempotencyKey}`,
      amountCents: request.amountCents,
      currency: request.currency,
      orderId: request.orderId,
    });
  }

  /** A test refund never stays pending, so the worker never asks about one (nothing is kept). */
  refundStatus(refundId: string): Promise<RefundAnswer> {
    return Promise.reject(new Error(`no test refund ${refundId} is followed`));
  }

  /** Keeps none: a second test refund after a lost answer gives back nothing twice. */
  refundsOf(): Promise<RefundAnswer[]> {
    return Promise.resolve([]);
  }
}
