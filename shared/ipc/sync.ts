import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from '../api/common';
import { returnKindSchema } from '../returns/return-kinds';
import { errorCodeSchema } from '../errors';

export const queuedReturnSchema = z.object({
  returnId: idSchema,
  contentId: idSchema,
  licenseId: idSchema,
  title: z.string(),
  kind: returnKindSchema,
  /** `queued`: may still be cancelled; `sending`: in flight, no longer cancellable. */
  status: z.enum(['queued', 'sending']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: isoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTimeSchema,
});
export type QueuedReturn = z.infer<typeof queuedReturnSchema>;

export const syncStatusSchema = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  lastSyncAt: isoDateTimeSchema.nullable(),
  queuedReturns: z.number().int().nonnegative(),
  lastError: z
    .object({ code: errorCodeSchema, message: z.string(), at: isoDateTimeSchema })
    .nullable(),
  nextRetryAt: isoDateTimeSchema.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;
