import * as z from 'zod';
import { centsSchema, idSchema, isoDateTimeSchema, pageLimitSchema, pointsSchema } from './common';

export const paymentProviderSchema = z.enum(['stripe', 'test']);
export type PaymentProviderName = z.infer<typeof paymentProviderSchema>;

/**
 * awaiting_payment → paid (the license is issued) | expired (not paid in time) | cancelled (the
 * provider reported the payment failed or the checkout was abandoned). Held points come back
 * on expired and cancelled. A payment that arrives for an order that cannot be fulfilled (no
 * longer waiting, the item already held or gone from the catalog) makes the order
 * refund_pending, and refunded once the provider has given the money back (docs/design.md §4.8).
 */
export const orderStateSchema = z.enum([
  'awaiting_payment',
  'paid',
  'expired',
  'cancelled',
  'refund_pending',
  'refunded',
]);
export type OrderState = z.infer<typeof orderStateSchema>;

/** Whether an order in `state` has its payment owed back: its `refund` is set. */
export function orderHasRefund(state: OrderState): boolean {
  switch (state) {
    case 'refund_pending':
    case 'refunded':
      return true;
    case 'awaiting_payment':
    case 'paid':
    case 'expired':
    case 'cancelled':
      return false;
    default:
      return state satisfies never;
  }
}

/** A payment taken for an order that could not be fulfilled, and given back by the provider. */
export const orderRefundSchema = z.object({
  /** What is (being) given back: the whole payment, as the provider reports it once refunded. */
  amountCents: centsSchema,
  currency: z.string().min(3).max(3),
});
export type OrderRefund = z.infer<typeof orderRefundSchema>;

export const orderSchema = z.object({
  id: idSchema,
  contentId: idSchema,
  state: orderStateSchema,
  priceCents: centsSchema,
  /** Points taken from the balance when the order was placed; given back if it is not paid. */
  pointsHeld: pointsSchema,
  moneyDueCents: centsSchema,
  currency: z.string().min(3).max(3),
  provider: paymentProviderSchema,
  /** True for the `test` provider: no money moved. Every screen showing the order says so. */
  testPayment: z.boolean(),
  /** Where the buyer pays (the provider's checkout page); null once the order is settled. */
  checkoutUrl: z.url().nullable(),
  /** Set when paid: the purchase and the license it issued. */
  purchaseId: idSchema.nullable(),
  licenseId: idSchema.nullable(),
  /**
   * Set when refund_pending or refunded: the payment being (or already) given back. Absent in
   * the `order.changed` events stored before refunds existed (the sync feed serves them as
   * stored): read as none.
   */
  refund: orderRefundSchema.nullable().default(null),
  /**
   * The checkout was completed with a payment that settles later (a bank debit, days): while
   * `awaiting_payment` the order waits for it, not for the buyer; once closed, the payment may
   * still go through (and is then refunded). Absent in events stored before it existed: false.
   */
  paymentSettling: z.boolean().default(false),
  createdAt: isoDateTimeSchema,
  expiresAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type Order = z.infer<typeof orderSchema>;

export const orderParamsSchema = z.object({ orderId: idSchema });

/** POST /purchases answered 202: the order waits for its payment (pay at `order.checkoutUrl`). */
export const orderPlacedSchema = z.object({
  order: orderSchema,
  /** The balance after the held points were taken. */
  balance: pointsSchema,
});
export type OrderPlaced = z.infer<typeof orderPlacedSchema>;

/** An order as the buyer's history lists it: the order and the title of what it buys. */
export const orderHistoryItemSchema = orderSchema.extend({ title: z.string() });
export type OrderHistoryItem = z.infer<typeof orderHistoryItemSchema>;

export const ordersQuerySchema = z.object({ limit: pageLimitSchema.optional() });
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;

export const ordersResponseSchema = z.object({
  /** The newest orders first, up to the limit (50 unless asked). */
  orders: z.array(orderHistoryItemSchema),
});
export type OrdersResponse = z.infer<typeof ordersResponseSchema>;
