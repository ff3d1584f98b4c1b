import type { Migration } from '../migrations';

/**
 * Covers served by the catalog (docs/design.md §12.4), kept in the same columns as the covers taken
 * from a content, so the library rows' `has_cover` and the cover path stay as they are:
 * - `cover_from_catalog` says the kept cover is the catalog's, which the content's own replaces
 *   once it is downloaded (a catalog cover only fills an empty place, so it never comes back);
 * - `catalog_cover_asked` says the catalog was asked for this content's cover (kept, none, or
 *   refused), so a content is asked once, not at every sync. A content id's cover never changes.
 * The partial index lists exactly the contents still to ask.
 */
export const catalogCovers: Migration = {
  version: 11,
  name: 'catalog-covers',
  sql: `
      ALTER TABLE contents ADD COLUMN cover_from_catalog INTEGER NOT NULL DEFAULT 0
        CHECK (cover_from_catalog IN (0, 1));
      ALTER TABLE contents ADD COLUMN catalog_cover_asked INTEGER NOT NULL DEFAULT 0
        CHECK (catalog_cover_asked IN (0, 1));
      CREATE INDEX contents_catalog_cover_due ON contents (content_id)
        WHERE cover_file IS NULL AND catalog_cover_asked = 0;
    `,
};
