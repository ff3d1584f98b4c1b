import type { FastifyInstance } from 'fastify';
import type { StripeWebhookAnswer } from '../../shared/api/payments';
import { STRIPE_WEBHOOK_PATH } from '../../shared/api/payments';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { StripePaymentProvider } from '../payments/stripe-provider';
import type { StripePaymentEvent } from '../payments/stripe-provider';
import { awaitSettlingPayment, captureOrder, settleUnpaid } from '../services/order-settle';
import { wakeRefundOf } from '../services/refunds';

/** Stripe's events are a few kB; a larger body is not from Stripe. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

async function act(ctx: ServerContext, event: StripePaymentEvent): Promise<StripeWebhookAnswer> {
  switch (event.kind) {
    case 'ignored':
      return { received: true, outcome: 'ignored' };
    case 'refund': {
      // Only a wake-up: the worker reads the refund's status from the provider itself.
      const owed = await wakeRefundOf(ctx, 'stripe', event.paymentIntentId);
      return { received: true, outcome: owed ? 'done' : 'not_applicable' };
    }
    case 'paid':
      return {
        received: true,
        outcome: await captureOrder(ctx, {
          orderId: event.orderId,
          provider: 'stripe',
          reference: event.sessionId,
          paymentRef: event.paymentIntentId,
          amountCents: event.amountCents,
          currency: event.currency,
          eventId: event.eventId,
        }),
      };
    case 'settling':
      return {
        received: true,
        outcome: await awaitSettlingPayment(ctx, event.orderId, {
          provider: 'stripe',
          eventId: event.eventId,
          reference: event.sessionId,
        }),
      };
    case 'unpaid':
      return {
        received: true,
        outcome: await settleUnpaid(ctx, event.orderId, 'cancelled', {
          provider: 'stripe',
          eventId: event.eventId,
          reference: event.sessionId,
        }),
      };
    default:
      return event satisfies never;
  }
}

/**
 * POST /v1/payments/stripe/webhook: the only way a Stripe payment is captured. In its own
 * encapsulated scope so its JSON body stays raw bytes: the signature covers them exactly, and
 * re-serialised JSON would not verify. A bad signature answers 400 and changes nothing; every
 * verified event answers 200 (Stripe retries anything else), including a redelivery or an
 * event about an order this server does not know.
 */
export function registerStripeWebhook(app: FastifyInstance, ctx: ServerContext): void {
  void app.register((scope, _options, done) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, parsed) => parsed(null, body),
    );
    scope.post(STRIPE_WEBHOOK_PATH, async (request) => {
      const provider = ctx.payments;
      if (!(provider instanceof StripePaymentProvider)) {
        throw new AppError('NOT_FOUND', 'Stripe is not this server’s payment provider');
      }
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) {
        throw new AppError('VALIDATION_FAILED', 'A signed Stripe event is required');
      }
      let event: StripePaymentEvent;
      try {
        event = provider.parseWebhook(request.body, signature, ctx.clock());
      } catch {
        request.log.warn('Stripe webhook with a bad or stale signature: refused');
        throw new AppError('VALIDATION_FAILED', 'The Stripe signature does not verify');
      }
      return act(ctx, event);
    });
    done();
  });
}
