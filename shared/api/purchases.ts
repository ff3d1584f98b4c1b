import * as z from 'zod';
import { centsSchema, idSchema, isoDateTimeSchema, pointsSchema } from './common';
import { licenseViewSchema } from './licenses';
import { orderPlacedSchema, paymentProviderSchema } from './orders';

export const purchaseRequestSchema = z.object({
  contentId: idSchema,
  /** Points to spend (1 point = 1 cent); the rest is paid with money. */
  pointsToUse: pointsSchema.default(0),
  /** Client-chosen; a repeat with the same key answers the first purchase. */
  idempotencyKey: idSchema,
});
export type PurchaseRequest = z.input<typeof purchaseRequestSchema>;

export const purchaseSchema = z.object({
  id: idSchema,
  contentId: idSchema,
  priceCents: centsSchema,
  pointsUsed: pointsSchema,
  /** Money captured by the payment provider; 0 for a points-only purchase. */
  moneyPaidCents: centsSchema,
  /** The order the payment was captured for; null for a points-only purchase. */
  orderId: idSchema.nullable().default(null),
  /** Null for a points-only purchase; `test` means no money moved ("test payment"). */
  paymentProvider: paymentProviderSchema.nullable().default(null),
  createdAt: isoDateTimeSchema,
});
export type Purchase = z.infer<typeof purchaseSchema>;

export const purchaseResponseSchema = z.object({
  purchase: purchaseSchema,
  license: licenseViewSchema,
  balance: pointsSchema,
});
export type PurchaseResponse = z.infer<typeof purchaseResponseSchema>;

/** 201 (200 on a replay): bought, with the license; 202: an order waiting for payment. */
export const purchaseOutcomeSchema = z.union([purchaseResponseSchema, orderPlacedSchema]);
export type PurchaseOutcomeBody = z.infer<typeof purchaseOutcomeSchema>;

export function isBought(body: PurchaseOutcomeBody): body is PurchaseResponse {
  return 'license' in body;
}
