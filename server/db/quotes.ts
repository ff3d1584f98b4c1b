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
interface OpenQuoteLookup {
  userId: string;
  licenseId: string;
  optionsJson: string;
  validUntil: string;
}

// Every quote runs this too: compiled once, and named columns so it can be kept prepared.
const selectOpenQuote = precompiled((db, a: OpenQuoteLookup) =>
  db
    .selectFrom('quotes')
    .select(['id', 'user_id', 'license_id', 'options_json', 'created_at', 'expires_at'])
    .where('user_id', '=', a.userId)
    .where('license_id', '=', a.licenseId)
    .where('options_json', '=', a.optionsJson)
    .where('expires_at', '>=', a.validUntil)
    .orderBy('expires_at', 'desc')
    .limit(1),
);

export async function findOpenQuote(
  db: Db,
  userId: string,
  licenseId: string,
  optionsJson: string,
  validUntil: string,
): Promise<QuoteRow | undefined> {
  return (await selectOpenQuote(db, { userId, licenseId, optionsJson, validUntil })).rows[0];
}

/** Quotes are only useful while price-locked; old ones are swept by the housekeeping timer. */
export async function deleteQuotesExpiredBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('quotes').where('expires_at', '<', before).execute();
}
