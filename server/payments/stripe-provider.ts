import Stripe from 'stripe';
import { AppError } from '../../shared/errors';
import type {
  CheckoutRequest,
  CheckoutStarted,
  PaymentProvider,
  RefundAnswer,
  RefundRequest,
  RefundState,
} from './payment-provider';
import { givenBackElsewhere, standingRefundOf } from './standing-refund';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** Where Stripe sends the buyer back; `{ORDER_ID}` is replaced by the order id. */
  successUrl: string;
  cancelUrl: string;
  currency?: string;
  /**
   * Where the SDK sends its API calls (`host`, `port`, `protocol`): Stripe by default; the tests
   * point it at a local stand-in of the Checkout Session endpoints.
   */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
}

/** The events the webhook acts on, reduced to what capture and cancellation need. */
export type StripePaymentEvent =
  | {
      kind: 'paid';
      eventId: string;
      orderId: string;
      sessionId: string;
      /** The PaymentIntent that took the money: what a refund gives back. */
      paymentIntentId: string | null;
      amountCents: number;
      currency: string;
    }
  | { kind: 'unpaid'; eventId: string; orderId: string; sessionId: string }
  /** The buyer finished the checkout with a payment method that settles later (a bank debit). */
  | { kind: 'settling'; eventId: string; orderId: string; sessionId: string }
  /**
   * A refund of a PaymentIntent changed (`refund.updated`, `refund.failed`,
   * `charge.refund.updated`): it only wakes the refund worker, whose own retrieve decides.
   */
  | { kind: 'refund'; eventId: string; paymentIntentId: string }
  | { kind: 'ignored'; eventId: string };

/**
 * Stripe Checkout through the official SDK. The server creates a Checkout Session per order;
 * the payment counts only when `POST /v1/payments/stripe/webhook` brings a signature-verified
 * `checkout.session.completed` (paid) event, never because a client says so.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly capturesAtOnce = false;
  readonly currency: string;
  private readonly stripe: Stripe;
  private readonly settings: StripeSettings;

  constructor(settings: StripeSettings) {
    this.settings = settings;
    this.currency = settings.currency ?? 'usd';
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 1,
      timeout: 20_000,
      telemetry: false,
      ...(settings.api ?? {}),
    });
  }

  async startCheckout(request: CheckoutRequest): Promise<CheckoutStarted> {
    const url = (template: string) => template.replaceAll('{ORDER_ID}', request.orderId);
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: request.orderId,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency,
              unit_amount: request.amountCents,
              product_data: { name: request.title },
            },
          },
        ],
        metadata: { orderId: request.orderId, contentId: request.contentId },
        success_url: url(this.settings.successUrl),
        cancel_url: url(this.settings.cancelUrl),
        // Stripe closes the session no later than the order expires (its minimum is 30 min).
        expires_at: Math.floor(request.expiresAtMs / 1000),
      },
      // A retried create (network error) must not open a second session for the same order.
      { idempotencyKey: `order-${request.orderId}` },
    );
    if (!session.url) throw new AppError('PAYMENT_PROVIDER_FAILED', 'Stripe gave no checkout URL');
    return { reference: session.id, checkoutUrl: session.url };
  }

  /**
   * Refunds the whole PaymentIntent (no `amount`: all of a payment that could not be used is given
   * back) with the attempt's idempotency key; the SDK's own retry sends the same key. A refund
   * Stripe accepted counts only once `succeeded`. Stripe refuses a second full refund of one
   * payment (`charge_already_refunded`, e.g. a key older than Stripe's 24 hours, or a refund made
   * under an earlier key): the refund already there is looked up and answered, never assumed.
   */
  async refund(request: RefundRequest): Promise<RefundAnswer> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.paymentRef, metadata: { orderId: request.orderId } },
        { idempotencyKey: request.idempotencyKey },
      );
      return answerOf(refund);
    } catch (error) {
      if (
        !(error instanceof Stripe.errors.StripeError) ||
        error.code !== 'charge_already_refunded'
      ) {
        throw error;
      }
      const all = await this.refundsOf(request.paymentRef);
      const standing = standingRefundOf(all, request.orderId) ?? givenBackElsewhere(all);
      if (!standing) {
        throw new Error(
          `Stripe says ${request.paymentRef} is refunded already but lists no refund under way`,
          { cause: error },
        );
      }
      return standing;
    }
  }

  async refundStatus(refundId: string): Promise<RefundAnswer> {
    return answerOf(await this.stripe.refunds.retrieve(refundId));
  }

  async refundsOf(paymentRef: string): Promise<RefundAnswer[]> {
    // One payment has a handful of refunds at most (each a full refund, all but one failed).
    const list = await this.stripe.refunds.list({ payment_intent: paymentRef, limit: 100 });
    return list.data.map(answerOf);
  }

  /**
   * Verifies the `Stripe-Signature` header over the raw body (the SDK's check: HMAC with the
   * webhook secret, timestamp within 5 minutes of `nowMs`) and reduces the event. Throws on a
   * forged, altered or stale event.
   */
  parseWebhook(rawBody: Buffer, signature: string, nowMs: number): StripePaymentEvent {
    const event = this.stripe.webhooks.constructEvent(
      rawBody,
      signature,
      this.settings.webhookSecret,
      undefined,
      undefined,
      // Milliseconds: the SDK divides by 1000 itself.
      nowMs,
    );
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        const orderId = session.client_reference_id;
        if (!orderId) return { kind: 'ignored', eventId: event.id };
        // "completed" with payment_status unpaid is a delayed method still settling: its
        // async_payment_succeeded or async_payment_failed event decides, days later.
        if (event.type === 'checkout.session.completed' && session.payment_status === 'unpaid') {
          return { kind: 'settling', eventId: event.id, orderId, sessionId: session.id };
        }
        if (session.payment_status !== 'paid') return { kind: 'ignored', eventId: event.id };
        return {
          kind: 'paid',
          eventId: event.id,
          orderId,
          sessionId: session.id,
          paymentIntentId:
            typeof session.payment_intent === 'string'
              ? session.payment_intent
              : (session.payment_intent?.id ?? null),
          amountCents: session.amount_total ?? -1,
          currency: session.currency ?? '',
        };
      }
      case 'checkout.session.expired':
      case 'checkout.session.async_payment_failed': {
        const session = event.data.object;
        const orderId = session.client_reference_id;
        if (!orderId) return { kind: 'ignored', eventId: event.id };
        return { kind: 'unpaid', eventId: event.id, orderId, sessionId: session.id };
      }
      case 'refund.updated':
      case 'refund.failed':
      case 'charge.refund.updated': {
        const refund = event.data.object;
        const paymentIntent =
          typeof refund.payment_intent === 'string'
            ? refund.payment_intent
            : (refund.payment_intent?.id ?? null);
        if (!paymentIntent) return { kind: 'ignored', eventId: event.id };
        return { kind: 'refund', eventId: event.id, paymentIntentId: paymentIntent };
      }
      default:
        return { kind: 'ignored', eventId: event.id };
    }
  }
}

/**
 * Stripe's refund statuses reduced to the provider-neutral three. An unknown or missing status
 * is followed as pending: it is neither counted refunded nor replaced by another refund.
 */
function stateOf(status: string | null): RefundState {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return 'pending';
  }
}

function answerOf(refund: Stripe.Refund): RefundAnswer {
  return {
    state: stateOf(refund.status),
    refundId: refund.id,
    amountCents: refund.amount,
    currency: refund.currency,
    orderId: refund.metadata?.orderId || null,
  };
}
