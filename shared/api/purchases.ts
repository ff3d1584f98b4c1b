import { z } from 'zod';
import { centsSchema, idSchema, isoDateTimeSchema, pointsSchema } from './common';
import { licenseViewSchema } from './licenses';

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
  moneyPaidCents: centsSchema,
  createdAt: isoDateTimeSchema,
});
export type Purchase = z.infer<typeof purchaseSchema>;

export const purchaseResponseSchema = z.object({
  purchase: purchaseSchema,
  license: licenseViewSchema,
  balance: pointsSchema,
});
export type PurchaseResponse = z.infer<typeof purchaseResponseSchema>;
