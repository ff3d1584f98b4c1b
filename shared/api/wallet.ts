import * as z from 'zod';
import { cursorSchema, idSchema, isoDateTimeSchema, pageLimitSchema, pointsSchema } from './common';
import { RETURN_KINDS } from '../returns/return-kinds';

/**
 * A ledger entry's reason: the return kind that credited it, a purchase, a grant, or a refund
 * (points an order held, given back when it expired or was cancelled unpaid).
 */
export const LEDGER_REASONS = [...RETURN_KINDS, 'purchase', 'grant', 'refund'] as const;
export const ledgerReasonSchema = z.enum(LEDGER_REASONS);
export type LedgerReason = z.infer<typeof ledgerReasonSchema>;

export const ledgerItemSchema = z.object({
  contentId: idSchema,
  title: z.string(),
  version: z.number().int().min(1),
});
export type LedgerItem = z.infer<typeof ledgerItemSchema>;

export const ledgerEntrySchema = z.object({
  id: idSchema,
  delta: z.number().int(),
  reason: ledgerReasonSchema,
  /** The purchase, order or return id this entry belongs to; null for grants. */
  reference: idSchema.nullable(),
  /** The item bought or returned; null for grants. */
  item: ledgerItemSchema.nullable(),
  balanceAfter: pointsSchema,
  createdAt: isoDateTimeSchema,
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const walletQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema.optional(),
});
export type WalletQuery = z.infer<typeof walletQuerySchema>;

export const walletSchema = z.object({
  balance: pointsSchema,
  /** Newest first. */
  entries: z.array(ledgerEntrySchema),
  nextCursor: cursorSchema.nullable(),
});
export type Wallet = z.infer<typeof walletSchema>;
