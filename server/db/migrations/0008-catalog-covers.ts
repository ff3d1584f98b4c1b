import type { Kysely } from 'kysely';

/**
 * Catalog covers (docs/design.md §12.4): an item's cover image, kept in the content store by its
 * sha256 like the files, named here per content. A table of its own rather than columns on
 * `contents`, so the catalog's rows and every query over them stay as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('content_covers')
    .addColumn('content_id', 'text', (c) => c.primaryKey().references('contents.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .execute();
}
