import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Accounts confirmed through an emailed link, and password resets by link (docs/design.md §7.11):
 * - `users.email_confirmed_at`: null until the address is confirmed; sign-in refuses such an
 *   account. Accounts made before this migration signed in already, so they count as confirmed
 *   from their creation.
 * - `account_tokens`: the secrets of mailed links, stored as sha256 only, each for one purpose,
 *   expiring, and used at most once (`used_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_confirmed_at', 'text').execute();
  await sql`update users set email_confirmed_at = created_at`.execute(db);
  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('confirm', 'reset')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('account_tokens_user')
    .on('account_tokens')
    .columns(['user_id', 'purpose'])
    .execute();
  await db.schema
    .createIndex('account_tokens_expiry')
    .on('account_tokens')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_tokens').execute();
  await db.schema.alterTable('users').dropColumn('email_confirmed_at').execute();
}
