import * as z from 'zod';
import { isoDateTimeSchema, pointsSchema } from './common';
import { licenseViewSchema } from './licenses';
import { orderSchema } from './orders';
import { receiptSchema } from './returns';

export const syncQuerySchema = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type SyncQuery = z.input<typeof syncQuerySchema>;

const eventBase = { seq: z.number().int().positive(), createdAt: isoDateTimeSchema };

export const syncEventSchema = z.discriminatedUnion('type', [
  z.object({ ...eventBase, type: z.literal('license.issued'), license: licenseViewSchema }),
  z.object({ ...eventBase, type: z.literal('license.returned'), receipt: receiptSchema }),
  z.object({ ...eventBase, type: z.literal('wallet.changed'), balance: pointsSchema }),
  // An order placed, paid (its license.issued comes in the same commit), expired, cancelled or
  // refunded. Its state is any word here: the app keeps nothing from this event, so a state a
  // later server adds must not stop this app's sync at it (as the refund states stopped older
  // apps', docs/design.md §4.8).
  z.object({
    ...eventBase,
    type: z.literal('order.changed'),
    order: orderSchema.extend({ state: z.string().min(1).max(40) }),
  }),
]);
export type SyncEvent = z.infer<typeof syncEventSchema>;

export const syncResponseSchema = z.object({
  events: z.array(syncEventSchema),
  /** The sequence to pass as `after` next time. */
  lastSeq: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type SyncResponse = z.infer<typeof syncResponseSchema>;
