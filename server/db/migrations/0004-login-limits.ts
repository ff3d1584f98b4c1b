import type { Kysely } from 'kysely';

/**
 * Login limits that an attacker cannot turn against the owner:
 * - `devices.secret_hash`: the sha256 of a secret issued to a device at sign-in; a login that
 *   presents it is from a known device and is limited on its own counter.
 * - `rate_limits.expires_at`: when the counter's window (grown after repeated overflow) ends.
 *   Counters are short-lived, so the old ones are dropped rather than converted.
 * - `quotes_user_license`: finds the caller's open quote for a license, which is reused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('secret_hash', 'text').execute();
  await db.deleteFrom('rate_limits' as never).execute();
  await db.schema
    .alterTable('rate_limits')
    .addColumn('expires_at', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('quotes_user_license')
    .on('quotes')
    .columns(['user_id', 'license_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('quotes_user_license').execute();
  await db.schema.alterTable('rate_limits').dropColumn('expires_at').execute();
  await db.schema.alterTable('devices').dropColumn('secret_hash').execute();
}
