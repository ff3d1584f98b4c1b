import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTimeSchema, pageLimitSchema, pointsSchema } from './common';
import { privilegeGrantSchema, privilegeOfferSchema } from '../returns/privileges';
import { returnKindSchema } from '../returns/return-kinds';

export { returnKindSchema, type ReturnKind } from '../returns/return-kinds';
export {
  privilegeGrantSchema,
  privilegeOfferSchema,
  type PrivilegeGrant,
  type PrivilegeOffer,
} from '../returns/privileges';

export const quoteOptionSchema = z.object({
  kind: returnKindSchema,
  privilege: privilegeOfferSchema,
});
export type QuoteOption = z.infer<typeof quoteOptionSchema>;

export const returnQuoteSchema = z.object({
  quoteId: idSchema,
  licenseId: idSchema,
  /** The offer is price-locked until then. */
  expiresAt: isoDateTimeSchema,
  returnDeadline: isoDateTimeSchema.nullable(),
  options: z.array(quoteOptionSchema).min(1),
});
export type ReturnQuote = z.infer<typeof returnQuoteSchema>;

export const returnRequestSchema = z.object({
  /** Client-chosen: the idempotency key of the return. */
  returnId: idSchema,
  licenseId: idSchema,
  kind: returnKindSchema,
  quoteId: idSchema.optional(),
  deviceId: idSchema,
});
export type ReturnRequest = z.infer<typeof returnRequestSchema>;

export const receiptSchema = z.object({
  returnId: idSchema,
  licenseId: idSchema,
  contentId: idSchema,
  productId: idSchema,
  version: z.number().int().min(1),
  title: z.string(),
  kind: returnKindSchema,
  privilege: privilegeGrantSchema,
  /** The user's points balance right after the return. */
  balance: pointsSchema,
  returnedAt: isoDateTimeSchema,
});
export type Receipt = z.infer<typeof receiptSchema>;

export const returnsQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema.optional(),
});
export type ReturnsQuery = z.infer<typeof returnsQuerySchema>;

export const returnsResponseSchema = z.object({
  /** Newest first. */
  returns: z.array(receiptSchema),
  /** The next (older) page, or null on the last one. */
  nextCursor: cursorSchema.nullable(),
});
export type ReturnsResponse = z.infer<typeof returnsResponseSchema>;
