import type { Db } from './database';

/**
 * Quotes are signed, not stored (docs/design.md §3.1, server/services/quote-tokens.ts); rows
 * written before that are swept by the housekeeping timer once expired, until a migration drops
 * the table.
 */
export async function deleteQuotesExpiredBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('quotes').where('expires_at', '<', before).execute();
}
