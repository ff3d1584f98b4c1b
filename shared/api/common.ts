import * as z from 'zod';
import { MAX_BALANCE } from './balance-cap';
import { CONTENT_KINDS } from './content-kinds';

export { MAX_BALANCE } from './balance-cap';

export { CONTENT_KINDS, type ContentKind } from './content-kinds';

/** Ids are UUIDs everywhere (the app chooses device and return ids, so they must be global). */
export const idSchema = z.uuid();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
/** Money in integer minor units (cents). */
export const centsSchema = z.number().int().nonnegative().max(100_000_000);
export const pointsSchema = z.number().int().nonnegative().max(MAX_BALANCE);
/** An opaque paging cursor produced by the server. */
export const cursorSchema = z.string().min(1).max(200);
export const pageLimitSchema = z.coerce.number().int().min(1).max(100);
export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');

export const contentKindSchema = z.enum(CONTENT_KINDS);

export const userSchema = z.object({
  id: idSchema,
  email: z.email(),
  name: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const okSchema = z.object({ ok: z.literal(true) });
