import type { Kysely } from 'kysely';

/**
 * GET /v1/returns pages by (returned_at, id) per user: with the id in the index, each page is one
 * index range read in order, ties in the same millisecond included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('returns_user_time_id')
    .on('returns')
    .columns(['user_id', 'returned_at', 'id'])
    .execute();
  await db.schema.dropIndex('returns_user_time').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('returns_user_time')
    .on('returns')
    .columns(['user_id', 'returned_at'])
    .execute();
  await db.schema.dropIndex('returns_user_time_id').execute();
}
