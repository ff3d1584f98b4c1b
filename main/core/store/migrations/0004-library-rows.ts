import type { Migration } from '../migrations';

/**
 * The library list reads one narrow table, kept by triggers from contents and licenses, that
 * holds exactly the listed items (a license not yet confirmed as returned) and only what a
 * list row shows. It is clustered by the default sort (title), so the first screen after a
 * start reads a handful of consecutive pages instead of ~200 scattered ones, each of which an
 * encrypted file must decrypt (bench/findings.md). `library_counts` keeps the per-kind totals,
 * so no total or count ever scans. The sort indexes move here from contents.
 */
export const libraryRows: Migration = {
  version: 4,
  name: 'library-rows',
  sql: `
      CREATE TABLE library_rows (
        title TEXT NOT NULL COLLATE NOCASE,
        kind TEXT NOT NULL,
        downloaded INTEGER NOT NULL,
        id INTEGER NOT NULL,
        content_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        license_id TEXT NOT NULL,
        creator TEXT NOT NULL,
        version INTEGER NOT NULL,
        latest_version INTEGER NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        state TEXT NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        PRIMARY KEY (title, kind, downloaded, id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO library_rows
        SELECT c.title, c.kind, c.downloaded, c.id, c.content_id, c.product_id, l.license_id,
               c.creator, c.version, c.latest_version, c.mime, c.size, c.added_at, l.state,
               l.last_error_code, l.last_error_message
          FROM contents c JOIN licenses l ON l.content_id = c.content_id
         WHERE l.state <> 'confirmed';
      -- One narrow index per sort, each ending in the row's id, so paging walks it alone
      -- (title's duplicates the key: the clustered rows are too wide to skip through).
      CREATE INDEX library_rows_title ON library_rows (title, kind, downloaded, id);
      CREATE INDEX library_rows_creator ON library_rows (creator COLLATE NOCASE, kind, downloaded, id);
      CREATE INDEX library_rows_added ON library_rows (added_at, kind, downloaded, id);
      CREATE INDEX library_rows_kind ON library_rows (kind, title, downloaded, id);
      -- By id, with every sort column (the key's are implied): a search sorts its matches here.
      CREATE INDEX library_rows_id ON library_rows (id, creator COLLATE NOCASE, added_at);
      CREATE INDEX library_rows_pending ON library_rows (id) WHERE state = 'return_pending';

      CREATE TABLE library_counts (
        kind TEXT PRIMARY KEY,
        total INTEGER NOT NULL,
        downloaded INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO library_counts
        SELECT kind, count(*), sum(downloaded) FROM library_rows GROUP BY kind;

      -- A kind's row is created on first use with INSERT … WHERE NOT EXISTS: INSERT OR IGNORE
      -- would not do, as the conflict clause of the statement firing a trigger (an upsert of
      -- contents, say) overrides the trigger's own.
      CREATE TRIGGER library_counts_insert AFTER INSERT ON library_rows BEGIN
        INSERT INTO library_counts (kind, total, downloaded)
          SELECT new.kind, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM library_counts WHERE kind = new.kind);
        UPDATE library_counts SET total = total + 1, downloaded = downloaded + new.downloaded
         WHERE kind = new.kind;
      END;
      CREATE TRIGGER library_counts_delete AFTER DELETE ON library_rows BEGIN
        UPDATE library_counts SET total = total - 1, downloaded = downloaded - old.downloaded
         WHERE kind = old.kind;
      END;
      CREATE TRIGGER library_counts_update AFTER UPDATE OF kind, downloaded ON library_rows BEGIN
        UPDATE library_counts SET total = total - 1, downloaded = downloaded - old.downloaded
         WHERE kind = old.kind;
        INSERT INTO library_counts (kind, total, downloaded)
          SELECT new.kind, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM library_counts WHERE kind = new.kind);
        UPDATE library_counts SET total = total + 1, downloaded = downloaded + new.downloaded
         WHERE kind = new.kind;
      END;

      CREATE TRIGGER library_rows_license_insert AFTER INSERT ON licenses
        WHEN new.state <> 'confirmed' BEGIN
        INSERT INTO library_rows
          SELECT c.title, c.kind, c.downloaded, c.id, c.content_id, c.product_id, new.license_id,
                 c.creator, c.version, c.latest_version, c.mime, c.size, c.added_at, new.state,
                 new.last_error_code, new.last_error_message
            FROM contents c WHERE c.content_id = new.content_id;
      END;
      CREATE TRIGGER library_rows_license_delete AFTER DELETE ON licenses BEGIN
        DELETE FROM library_rows
         WHERE id = (SELECT id FROM contents WHERE content_id = old.content_id);
      END;
      -- A state change is an update in place; confirming takes the row out (and, should a flow
      -- ever leave 'confirmed', the row comes back). Written as delete-then-insert when the
      -- license moves to another content, which no flow does.
      CREATE TRIGGER library_rows_license_update AFTER UPDATE OF
        license_id, content_id, state, last_error_code, last_error_message ON licenses BEGIN
        DELETE FROM library_rows
         WHERE (new.state = 'confirmed' OR new.content_id <> old.content_id)
           AND id = (SELECT id FROM contents WHERE content_id = old.content_id);
        UPDATE library_rows
           SET license_id = new.license_id, state = new.state,
               last_error_code = new.last_error_code, last_error_message = new.last_error_message
         WHERE new.state <> 'confirmed' AND new.content_id = old.content_id
           AND id = (SELECT id FROM contents WHERE content_id = new.content_id);
        INSERT INTO library_rows
          SELECT c.title, c.kind, c.downloaded, c.id, c.content_id, c.product_id, new.license_id,
                 c.creator, c.version, c.latest_version, c.mime, c.size, c.added_at, new.state,
                 new.last_error_code, new.last_error_message
            FROM contents c
           WHERE c.content_id = new.content_id AND new.state <> 'confirmed'
             AND (old.state = 'confirmed' OR new.content_id <> old.content_id);
      END;
      CREATE TRIGGER library_rows_content_update AFTER UPDATE ON contents
        WHEN old.title IS NOT new.title OR old.kind IS NOT new.kind
          OR old.downloaded IS NOT new.downloaded OR old.creator IS NOT new.creator
          OR old.version IS NOT new.version OR old.latest_version IS NOT new.latest_version
          OR old.mime IS NOT new.mime OR old.size IS NOT new.size
          OR old.added_at IS NOT new.added_at OR old.product_id IS NOT new.product_id
          OR old.content_id IS NOT new.content_id BEGIN
        UPDATE library_rows
           SET title = new.title, kind = new.kind, downloaded = new.downloaded,
               content_id = new.content_id, product_id = new.product_id, creator = new.creator,
               version = new.version, latest_version = new.latest_version, mime = new.mime,
               size = new.size, added_at = new.added_at
         WHERE id = old.id;
      END;
      CREATE TRIGGER library_rows_content_delete AFTER DELETE ON contents BEGIN
        DELETE FROM library_rows WHERE id = old.id;
      END;

      DROP INDEX contents_title;
      DROP INDEX contents_creator;
      DROP INDEX contents_added;
      DROP INDEX contents_kind;
      DROP INDEX licenses_library;
      DROP TRIGGER library_totals_content_insert;
      DROP TRIGGER library_totals_content_delete;
      DROP TRIGGER library_totals_license_insert;
      DROP TRIGGER library_totals_license_delete;
      DROP TRIGGER library_totals_license_state;
      DROP TABLE library_totals;
    `,
};
