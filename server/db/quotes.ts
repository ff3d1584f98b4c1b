import type { Db } from './database';
import { precompiled } from './precompiled';
import type { QuotesTable } from './schema';

export type QuoteRow = QuotesTable;

// Every quote runs this, so it is compiled once (and kept prepared on PostgreSQL).
const insertQuoteRow = precompiled((db, row: QuoteRow) => db.insertInto('quotes').values(row));

export async function insertQuote(db: Db, row: QuoteRow): Promise<void> {
  await insertQuoteRow(db, row);
}

/** Quotes are only useful while price-locked; old ones are swept by the housekeeping timer. */
export async function deleteQuotesExpiredBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('quotes').where('expires_at', '<', before).execute();
}
