import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTimeSchema, pageLimitSchema, pointsSchema } from './common';
import { licenseViewSchema } from './licenses';

export const returnKindSchema = z.enum(['collection', 'buyback']);
export type ReturnKind = z.infer<typeof returnKindSchema>;

/** What a quote offers: points, or the newest version of the product. */
export const privilegeOfferSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('points'), points: pointsSchema }),
  z.object({
    type: z.literal('upgrade'),
    contentId: idSchema,
    version: z.number().int().min(1),
    title: z.string(),
  }),
]);
export type PrivilegeOffer = z.infer<typeof privilegeOfferSchema>;

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

/** The privilege actually granted. An upgrade carries the new signed license. */
export const privilegeGrantSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('points'), points: pointsSchema }),
  z.object({ type: z.literal('upgrade'), license: licenseViewSchema }),
]);
export type PrivilegeGrant = z.infer<typeof privilegeGrantSchema>;

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
