import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTimeSchema, pageLimitSchema, pointsSchema } from './common';
import { privilegeGrantSchema, privilegeOfferSchema } from '../returns/privileges';
import { returnKindSchema } from '../returns/return-kinds';
import { problemSchema } from '../errors';

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

/**
 * The most returns (or quotes) one batch request may carry: a full outbox goes out in several
 * requests, and one request never holds a database connection for long (docs/design.md §3.5).
 */
export const MAX_BATCH_RETURNS = 500;

export const batchReturnRequestSchema = z.object({
  /** Each item is a whole return of its own: own return id, own transaction. */
  returns: z.array(returnRequestSchema).min(1).max(MAX_BATCH_RETURNS),
});
export type BatchReturnRequest = z.infer<typeof batchReturnRequestSchema>;

/** One item's outcome: the status the single return route would have answered, and its body. */
export const batchReturnResultSchema = z.discriminatedUnion('outcome', [
  z.object({
    returnId: idSchema,
    outcome: z.literal('returned'),
    /** 201 for a new return, 200 for a replay of the same return id. */
    status: z.union([z.literal(200), z.literal(201)]),
    receipt: receiptSchema,
  }),
  z.object({
    returnId: idSchema,
    outcome: z.literal('refused'),
    status: z.number().int().min(400).max(599),
    problem: problemSchema,
  }),
]);
export type BatchReturnResult = z.infer<typeof batchReturnResultSchema>;

export const batchReturnResponseSchema = z.object({
  /** One per request item, in the request's order. */
  results: z.array(batchReturnResultSchema),
});
export type BatchReturnResponse = z.infer<typeof batchReturnResponseSchema>;

export const batchQuoteRequestSchema = z.object({
  licenseIds: z.array(idSchema).min(1).max(MAX_BATCH_RETURNS),
});
export type BatchQuoteRequest = z.infer<typeof batchQuoteRequestSchema>;

export const batchQuoteResultSchema = z.discriminatedUnion('outcome', [
  z.object({ licenseId: idSchema, outcome: z.literal('quoted'), quote: returnQuoteSchema }),
  z.object({
    licenseId: idSchema,
    outcome: z.literal('refused'),
    status: z.number().int().min(400).max(599),
    problem: problemSchema,
  }),
]);
export type BatchQuoteResult = z.infer<typeof batchQuoteResultSchema>;

export const batchQuoteResponseSchema = z.object({
  /** One per requested license, in the request's order. */
  quotes: z.array(batchQuoteResultSchema),
});
export type BatchQuoteResponse = z.infer<typeof batchQuoteResponseSchema>;
