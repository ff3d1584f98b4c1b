import * as z from 'zod';
import { idSchema, pointsSchema } from '../api/common';
import {
  MAX_BATCH_RETURNS,
  quoteOptionSchema,
  returnKindSchema,
  returnQuoteSchema,
  receiptSchema,
} from '../api/returns';
import { errorCodeSchema } from '../errors';

/*
 * The library's multi-select return (docs/design.md §5.6): one combined offer for many
 * contents, then one confirmation that queues them all and sends them as one batch.
 */

const itemErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });

export const bulkQuoteInputSchema = z.object({
  contentIds: z.array(idSchema).min(1).max(MAX_BATCH_RETURNS),
  /** The kind wanted for every item; unset = each item's first option. */
  kind: returnKindSchema.optional(),
});
export type BulkQuoteInput = z.infer<typeof bulkQuoteInputSchema>;

export const bulkQuoteItemSchema = z.object({
  contentId: idSchema,
  title: z.string(),
  /** The server's price-locked quote; null offline or when the item cannot be returned. */
  quote: returnQuoteSchema.nullable(),
  /** The option the totals count for this item; null when it cannot be returned (see error). */
  choice: quoteOptionSchema.nullable(),
  /** Offline, without a quote: the kinds a confirmation may still queue (as `returns.options`). */
  offlineKinds: z.array(returnKindSchema),
  /** Why this item cannot be returned (not held, already being returned, window closed, …). */
  error: itemErrorSchema.nullable(),
});
export type BulkQuoteItem = z.infer<typeof bulkQuoteItemSchema>;

export const bulkQuoteSchema = z.object({
  /** One per requested content, in the request's order. */
  items: z.array(bulkQuoteItemSchema),
  totals: z.object({
    /** Items with a choice. */
    returnable: z.number().int().nonnegative(),
    /** Items that cannot be returned now. */
    refused: z.number().int().nonnegative(),
    /** Points the chosen options grant together (quoted, so price-locked). */
    points: pointsSchema,
    /** Chosen options that grant an upgrade. */
    upgrades: z.number().int().nonnegative(),
  }),
  /** True when the server could not be asked: no quotes, only offline kinds. */
  offline: z.boolean(),
});
export type BulkQuote = z.infer<typeof bulkQuoteSchema>;

export const bulkConfirmInputSchema = z.object({
  items: z
    .array(z.object({ contentId: idSchema, kind: returnKindSchema, quoteId: idSchema.optional() }))
    .min(1)
    .max(MAX_BATCH_RETURNS),
});
export type BulkConfirmInput = z.infer<typeof bulkConfirmInputSchema>;

export const bulkConfirmItemSchema = z.object({
  contentId: idSchema,
  /** Null when the item was refused before anything was queued. */
  returnId: idSchema.nullable(),
  /**
   * `confirmed`: the receipt is in (the content is deleted); `queued`: waiting for the server,
   * sent by the sync engine; `refused`: nothing changed for this item (see error).
   */
  status: z.enum(['confirmed', 'queued', 'refused']),
  receipt: receiptSchema.nullable(),
  error: itemErrorSchema.nullable(),
});
export type BulkConfirmItem = z.infer<typeof bulkConfirmItemSchema>;

export const bulkConfirmSchema = z.object({
  /** One per item, in the request's order. */
  items: z.array(bulkConfirmItemSchema),
});
export type BulkConfirm = z.infer<typeof bulkConfirmSchema>;
