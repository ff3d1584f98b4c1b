import { sql } from 'kysely';
import type { Db } from './database';
import { isPostgres, precompiled } from './precompiled';
import type { QuotesTable } from './schema';

export type QuoteRow = QuotesTable;

// Every quote runs this, so it is compiled once (and kept prepared on PostgreSQL).
const insertQuoteRow = precompiled((db, row: QuoteRow) => db.insertInto('quotes').values(row));

async function insertQuote(db: Db, row: QuoteRow): Promise<void> {
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

/** The quote a caller is answered: an open one reused, or the new row. */
export interface QuoteRef {
  id: string;
  expires_at: string;
}

// PostgreSQL: the lookup and the insert in one statement, one round trip fewer per quote
// (bench/findings.md). The insert happens only when no open quote matches, as before; the two
// were never in one transaction, so a racing twin may still add a second row, which is harmless.
const openOrInsertQuote = precompiled(
  (db, a: OpenQuoteLookup & { id: string; createdAt: string; expiresAt: string }) => ({
    compile: () =>
      sql<QuoteRef>`with open as (
          select id, expires_at from quotes
          where user_id = ${a.userId} and license_id = ${a.licenseId}
            and options_json = ${a.optionsJson} and expires_at >= ${a.validUntil}
          order by expires_at desc limit 1),
        ins as (
          insert into quotes (id, user_id, license_id, options_json, created_at, expires_at)
          select ${a.id}, ${a.userId}, ${a.licenseId}, ${a.optionsJson}, ${a.createdAt}, ${a.expiresAt}
          where not exists (select 1 from open)
          returning id, expires_at)
        select id, expires_at from open union all select id, expires_at from ins`.compile(db),
  }),
);

/**
 * An open quote of the user for the license with exactly `row`'s options, valid until at least
 * `validUntil` (findOpenQuote), or else `row` stored: the quote to answer. SQLite runs the two
 * statements one after the other (in-process, microseconds each).
 */
export async function openOrStoreQuote(
  db: Db,
  row: QuoteRow,
  validUntil: string,
): Promise<QuoteRef> {
  const lookup = {
    userId: row.user_id,
    licenseId: row.license_id,
    optionsJson: row.options_json,
    validUntil,
  };
  if (isPostgres(db)) {
    const found = (
      await openOrInsertQuote(db, {
        ...lookup,
        id: row.id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      })
    ).rows[0];
    if (!found) throw new Error('The quote statement answered no row');
    return found;
  }
  const open = (await selectOpenQuote(db, lookup)).rows[0];
  if (open) return open;
  await insertQuote(db, row);
  return { id: row.id, expires_at: row.expires_at };
}

/** Quotes are only useful while price-locked; old ones are swept by the housekeeping timer. */
export async function deleteQuotesExpiredBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('quotes').where('expires_at', '<', before).execute();
}
