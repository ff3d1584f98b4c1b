import type { Db } from './database';
import { precompiled } from './precompiled';
import type { QuotesTable } from './schema';

export type QuoteRow = QuotesTable;

// Every quote runs this, so it is compiled once (and kept prepared on PostgreSQL).
const insertQuoteRow = precompiled((db, row: QuoteRow) => db.insertInto('quotes').values(row));

export async function insertQuote(db: Db, row: QuoteRow): Promise<void> {
  await insertQuoteRow(db, row);
}

/**
 * An open quote of this user for this license with exactly these options that stays valid
 * until at least `validUntil`: answered again instead of a new row, so asking repeatedly for a
 * quote does not grow the table.
 */
export function findOpenQuote(
  db: Db,
  userId: string,
  licenseId: string,
  optionsJson: string,
  validUntil: string,
): Promise<QuoteRow | undefined> {
  return db
    .selectFrom('quotes')
    .selectAll()
    .where('user_id', '=', userId)
    .where('license_id', '=', licenseId)
    .where('options_json', '=', optionsJson)
    .where('expires_at', '>=', validUntil)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Quotes are only useful while price-locked; old ones are swept by the housekeeping timer. */
export async function deleteQuotesExpiredBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('quotes').where('expires_at', '<', before).execute();
}
