import type { Migration } from '../migrations';

/**
 * The library people manage (docs/design.md §12):
 * - natural, accent- and article-aware sort keys for titles and creators, generated from the
 *   text by `shelf_sort_key` (main/core/store/sort-key.ts, registered at every open);
 * - the user's tags (`item_tags`, the truth) with each content's tags as a sorted JSON array in
 *   `contents.tags`, kept by triggers so the library rows carry them;
 * - saved searches, by name;
 * - each content's cover (a vault file and its key), taken from the content at download;
 * - library_rows rebuilt for the table view's columns (purchased, price, return deadline, tags)
 *   and a sort index for each sortable one.
 * Frozen: the generator's output of the day, not a call to it.
 */
export const libraryTable: Migration = {
  version: 10,
  name: 'library-table',
  sql: `
      ALTER TABLE contents ADD COLUMN title_key TEXT NOT NULL
        GENERATED ALWAYS AS (shelf_sort_key(title, 1)) VIRTUAL;
      ALTER TABLE contents ADD COLUMN creator_key TEXT NOT NULL
        GENERATED ALWAYS AS (shelf_sort_key(creator, 0)) VIRTUAL;
      ALTER TABLE contents ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      -- The cover taken from the content at download, encrypted in the vault like the content.
      ALTER TABLE contents ADD COLUMN cover_file TEXT;
      ALTER TABLE contents ADD COLUMN cover_key BLOB;
      ALTER TABLE contents ADD COLUMN cover_mime TEXT;
      CREATE UNIQUE INDEX contents_cover_file ON contents (cover_file)
        WHERE cover_file IS NOT NULL;
      ALTER TABLE contents ADD COLUMN has_cover INTEGER NOT NULL
        GENERATED ALWAYS AS (cover_file IS NOT NULL) VIRTUAL;

      CREATE TABLE item_tags (
        content_id TEXT NOT NULL REFERENCES contents (content_id) ON DELETE CASCADE,
        tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
        PRIMARY KEY (content_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX item_tags_tag ON item_tags (tag, content_id);
      CREATE TRIGGER item_tags_insert AFTER INSERT ON item_tags BEGIN
        UPDATE contents SET tags = (SELECT json_group_array(tag) FROM
            (SELECT tag FROM item_tags WHERE content_id = new.content_id ORDER BY tag))
         WHERE content_id = new.content_id;
      END;
      CREATE TRIGGER item_tags_delete AFTER DELETE ON item_tags BEGIN
        UPDATE contents SET tags = (SELECT json_group_array(tag) FROM
            (SELECT tag FROM item_tags WHERE content_id = old.content_id ORDER BY tag))
         WHERE content_id = old.content_id;
      END;

      CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      DROP TRIGGER IF EXISTS library_rows_license_insert;
      DROP TRIGGER IF EXISTS library_rows_license_delete;
      DROP TRIGGER IF EXISTS library_rows_license_update;
      DROP TRIGGER IF EXISTS library_rows_content_update;
      DROP TRIGGER IF EXISTS library_rows_content_delete;
      DROP TABLE IF EXISTS library_rows;
      CREATE TABLE library_rows (
        title_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        downloaded INTEGER NOT NULL,
        id INTEGER NOT NULL,
        content_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        license_id TEXT NOT NULL,
        title TEXT NOT NULL COLLATE NOCASE,
        creator TEXT NOT NULL,
        creator_key TEXT NOT NULL,
        added_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        issued_at TEXT NOT NULL,
        price_cents INTEGER NOT NULL,
        return_deadline TEXT,
        latest_version INTEGER NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        state TEXT NOT NULL,
        has_cover INTEGER NOT NULL,
        tags TEXT NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        PRIMARY KEY (title_key, kind, downloaded, id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO library_rows (title_key, kind, downloaded, id, content_id, product_id, license_id, title, creator,
            creator_key, added_at, version, issued_at, price_cents, return_deadline, latest_version,
            mime, size, state, has_cover, tags, last_error_code, last_error_message)
        SELECT c.title_key, c.kind, c.downloaded, c.id, c.content_id, c.product_id, l.license_id, c.title,
            c.creator, c.creator_key, c.added_at, c.version, l.issued_at, c.price_cents,
            l.return_deadline, c.latest_version, c.mime, c.size, l.state, c.has_cover, c.tags,
            l.last_error_code, l.last_error_message
          FROM contents c JOIN licenses l ON l.content_id = c.content_id
         WHERE l.state <> 'confirmed';
      CREATE INDEX library_rows_title ON library_rows (title_key, kind, downloaded, id);
      CREATE INDEX library_rows_creator ON library_rows (creator_key, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_added_at ON library_rows (added_at, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_kind ON library_rows (kind, title_key, downloaded, id);
      CREATE INDEX library_rows_version ON library_rows (version, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_issued_at ON library_rows (issued_at, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_price_cents ON library_rows (price_cents, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_return_deadline ON library_rows (return_deadline, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_size ON library_rows (size, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_downloaded ON library_rows (downloaded, title_key, kind, id);
      CREATE INDEX library_rows_state ON library_rows (state, title_key, kind, downloaded, id);
      CREATE INDEX library_rows_id ON library_rows (id, creator_key, added_at, version, issued_at, price_cents, return_deadline, size, state);
      CREATE INDEX library_rows_pending ON library_rows (id) WHERE state = 'return_pending';
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
        INSERT INTO library_rows (title_key, kind, downloaded, id, content_id, product_id, license_id, title, creator,
            creator_key, added_at, version, issued_at, price_cents, return_deadline, latest_version,
            mime, size, state, has_cover, tags, last_error_code, last_error_message)
          SELECT c.title_key, c.kind, c.downloaded, c.id, c.content_id, c.product_id, new.license_id,
            c.title, c.creator, c.creator_key, c.added_at, c.version, new.issued_at, c.price_cents,
            new.return_deadline, c.latest_version, c.mime, c.size, new.state, c.has_cover, c.tags,
            new.last_error_code, new.last_error_message
            FROM contents c WHERE c.content_id = new.content_id;
      END;
      CREATE TRIGGER library_rows_license_delete AFTER DELETE ON licenses BEGIN
        DELETE FROM library_rows
         WHERE id = (SELECT id FROM contents WHERE content_id = old.content_id);
      END;
      CREATE TRIGGER library_rows_license_update AFTER UPDATE OF content_id, license_id, issued_at, return_deadline, state, last_error_code, last_error_message ON licenses BEGIN
        DELETE FROM library_rows
         WHERE (new.state = 'confirmed' OR new.content_id <> old.content_id)
           AND id = (SELECT id FROM contents WHERE content_id = old.content_id);
        UPDATE library_rows
           SET license_id = new.license_id, issued_at = new.issued_at,
               return_deadline = new.return_deadline, state = new.state,
               last_error_code = new.last_error_code, last_error_message = new.last_error_message
         WHERE new.state <> 'confirmed' AND new.content_id = old.content_id
           AND id = (SELECT id FROM contents WHERE content_id = new.content_id);
        INSERT INTO library_rows (title_key, kind, downloaded, id, content_id, product_id, license_id, title, creator,
            creator_key, added_at, version, issued_at, price_cents, return_deadline, latest_version,
            mime, size, state, has_cover, tags, last_error_code, last_error_message)
          SELECT c.title_key, c.kind, c.downloaded, c.id, c.content_id, c.product_id, new.license_id,
            c.title, c.creator, c.creator_key, c.added_at, c.version, new.issued_at, c.price_cents,
            new.return_deadline, c.latest_version, c.mime, c.size, new.state, c.has_cover, c.tags,
            new.last_error_code, new.last_error_message
            FROM contents c
           WHERE c.content_id = new.content_id AND new.state <> 'confirmed'
             AND (old.state = 'confirmed' OR new.content_id <> old.content_id);
      END;
      CREATE TRIGGER library_rows_content_update AFTER UPDATE ON contents
        WHEN old.title_key IS NOT new.title_key
          OR old.kind IS NOT new.kind
          OR old.downloaded IS NOT new.downloaded
          OR old.content_id IS NOT new.content_id
          OR old.product_id IS NOT new.product_id
          OR old.title IS NOT new.title
          OR old.creator IS NOT new.creator
          OR old.creator_key IS NOT new.creator_key
          OR old.added_at IS NOT new.added_at
          OR old.version IS NOT new.version
          OR old.price_cents IS NOT new.price_cents
          OR old.latest_version IS NOT new.latest_version
          OR old.mime IS NOT new.mime
          OR old.size IS NOT new.size
          OR old.has_cover IS NOT new.has_cover
          OR old.tags IS NOT new.tags BEGIN
        UPDATE library_rows
           SET title_key = new.title_key, kind = new.kind, downloaded = new.downloaded,
               content_id = new.content_id, product_id = new.product_id, title = new.title,
               creator = new.creator, creator_key = new.creator_key, added_at = new.added_at,
               version = new.version, price_cents = new.price_cents,
               latest_version = new.latest_version, mime = new.mime, size = new.size,
               has_cover = new.has_cover, tags = new.tags
         WHERE id = old.id;
      END;
      CREATE TRIGGER library_rows_content_delete AFTER DELETE ON contents BEGIN
        DELETE FROM library_rows WHERE id = old.id;
      END;
      DELETE FROM library_counts;
      INSERT INTO library_counts (kind, total, downloaded)
        SELECT kind, count(*), sum(downloaded) FROM library_rows GROUP BY kind;
  `,
};
