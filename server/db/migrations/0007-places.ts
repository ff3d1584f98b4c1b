import type { Kysely } from 'kysely';

/**
 * Places synced across a user's devices (docs/design.md §11.4): the position in each held item
 * and the bookmarks (a deleted one stays as a tombstone). Every stored change takes the user's
 * next revision from `place_revs`, bumped under the user's row lock, so a device pulls
 * "changed after revision N" in commit order and misses nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('place_revs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('positions')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('content_id', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('positions_pk', ['user_id', 'content_id'])
    .execute();
  await db.schema
    .createIndex('positions_rev')
    .on('positions')
    .columns(['user_id', 'rev'])
    .execute();

  await db.schema
    .createTable('bookmarks')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('content_id', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmarks_pk', ['user_id', 'id'])
    .execute();
  await db.schema
    .createIndex('bookmarks_rev')
    .on('bookmarks')
    .columns(['user_id', 'rev'])
    .execute();
  await db.schema
    .createIndex('bookmarks_content')
    .on('bookmarks')
    .columns(['user_id', 'content_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bookmarks').execute();
  await db.schema.dropTable('positions').execute();
  await db.schema.dropTable('place_revs').execute();
}
