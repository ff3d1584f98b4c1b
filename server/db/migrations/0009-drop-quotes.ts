import type { Kysely } from 'kysely';

/**
 * Quotes are signed tokens, not rows (docs/design.md §3.1, server/services/quote-tokens.ts):
 * nothing has written `quotes` since, and a return names its quote by the token alone, so the
 * table and its rows (expired or not) are dropped, indexes with it. The same DDL on SQLite and
 * PostgreSQL. Down makes the empty table of 0001 and 0004 again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('quotes').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quotes_expiry').on('quotes').column('expires_at').execute();
  await db.schema
    .createIndex('quotes_user_license')
    .on('quotes')
    .columns(['user_id', 'license_id'])
    .execute();
}
