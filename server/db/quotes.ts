import type { Db } from './database';
import type { QuotesTable } from './schema';

export type QuoteRow = QuotesTable;

export async function insertQuote(db: Db, row: QuoteRow): Promise<void> {
  await db.insertInto('quotes').values(row).execute();
}

/** Quotes are only useful while price-locked; old ones are swept by the housekeeping timer. */
export async function deleteQuotesExpiredBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('quotes').where('expires_at', '<', before).execute();
}
