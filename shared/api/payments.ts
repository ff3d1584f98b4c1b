import * as z from 'zod';

/** Where Stripe delivers its events (signature-verified raw body, never a bearer token). */
export const STRIPE_WEBHOOK_PATH = '/v1/payments/stripe/webhook';

/** The part of a Stripe event the OpenAPI document describes; the full event is Stripe's. */
export const stripeEventSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

/** 200 for every verified event, including redeliveries and events about unknown orders. */
export const stripeWebhookAnswerSchema = z.object({
  received: z.literal(true),
  /**
   * What the event did: `done`, `duplicate`, `unknown_order`, `not_applicable`, `ignored`, or
   * `refund_owed` (a payment for an order that cannot be fulfilled: it is given back).
   */
  outcome: z.enum([
    'done',
    'duplicate',
    'unknown_order',
    'not_applicable',
    'refund_owed',
    'ignored',
  ]),
});
export type StripeWebhookAnswer = z.infer<typeof stripeWebhookAnswerSchema>;
