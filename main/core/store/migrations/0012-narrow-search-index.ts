import type { Migration } from '../migrations';

/**
 * `library_rows_id` narrowed to the row id (the clustered key's columns come with it). It held
 * every sort column so that a search could sort its matches without rows; searches are now put
 * in order by the sorts' kept ranks (main/core/store/library-queries.ts), and the wide index cost
 * every library-row write (a sync's returns delete thousands) a 3,500-page B-tree at 100,000
 * items (bench/findings.md). Frozen: the generator's output of the day, not a call to it.
 */
export const narrowSearchIndex: Migration = {
  version: 12,
  name: 'narrow-search-index',
  sql: `
      DROP INDEX library_rows_id;
      CREATE INDEX library_rows_id ON library_rows (id);
  `,
};
