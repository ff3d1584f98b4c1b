import type { Migration } from '../migrations';

/**
 * Two changes that each rebuild a table, done together so licenses is rebuilt once:
 * - return kinds are enforced by triggers over the `return_kinds` table instead of CHECKs, so a
 *   new kind needs no rebuild (return-kinds.ts fills the table at open);
 * - library_rows and its triggers are regenerated from the column declaration
 *   (library-columns-sql.ts → library-rows-sql.ts), so a column change is one declaration and a
 *   migration made by `libraryRowsRebuild()`. The rows and their behaviour are as before; the
 *   added_at sort's index is renamed library_rows_added_at, by the generator's rule.
 * Frozen: the generator's output of the day, not a call to it.
 */
export const libraryColumns: Migration = {
  version: 5,
  name: 'return-kinds-and-library-columns',
  sql: `
      -- The CHECKs on return kinds go: each kind added would have needed this rebuild again.
      -- Nothing refers to licenses or outbox, so each is copied to a new table that takes its name;
      -- dropping licenses drops its triggers, which the library rows part below recreates.
      CREATE TABLE licenses_next (
        license_id TEXT PRIMARY KEY,
        content_id TEXT NOT NULL UNIQUE REFERENCES contents (content_id),
        purchase_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        return_deadline TEXT,
        upgraded_from_return_id TEXT,
        signed TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'return_pending', 'confirmed')),
        pending_return_kind TEXT,
        last_error_code TEXT,
        last_error_message TEXT,
        last_quote TEXT
      ) STRICT;
      INSERT INTO licenses_next (license_id, content_id, purchase_id, issued_at, return_deadline,
          upgraded_from_return_id, signed, state, pending_return_kind, last_error_code,
          last_error_message, last_quote)
        SELECT license_id, content_id, purchase_id, issued_at, return_deadline,
               upgraded_from_return_id, signed, state, pending_return_kind, last_error_code,
               last_error_message, last_quote
          FROM licenses;
      DROP TABLE licenses;
      ALTER TABLE licenses_next RENAME TO licenses;
      CREATE INDEX licenses_state ON licenses (state);

      CREATE TABLE outbox_next (
        id INTEGER PRIMARY KEY,
        return_id TEXT NOT NULL UNIQUE,
        license_id TEXT NOT NULL UNIQUE,
        content_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        quote_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO outbox_next (id, return_id, license_id, content_id, kind, quote_id, status,
          attempts, next_attempt_at, last_error, created_at)
        SELECT id, return_id, license_id, content_id, kind, quote_id, status,
               attempts, next_attempt_at, last_error, created_at
          FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_next RENAME TO outbox;

      -- Filled from the contract's list at every open (return-kinds.ts); these are the kinds of today.
      CREATE TABLE return_kinds (
        name TEXT PRIMARY KEY
      ) STRICT, WITHOUT ROWID;
      INSERT INTO return_kinds (name) VALUES ('collection'), ('buyback');
      CREATE TRIGGER licenses_return_kind_insert BEFORE INSERT ON licenses
        WHEN new.pending_return_kind IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM return_kinds WHERE name = new.pending_return_kind) BEGIN
        SELECT RAISE(ABORT, 'unknown return kind');
      END;
      CREATE TRIGGER licenses_return_kind_update BEFORE UPDATE OF pending_return_kind ON licenses
        WHEN new.pending_return_kind IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM return_kinds WHERE name = new.pending_return_kind) BEGIN
        SELECT RAISE(ABORT, 'unknown return kind');
      END;
      CREATE TRIGGER outbox_return_kind_insert BEFORE INSERT ON outbox
        WHEN NOT EXISTS (SELECT 1 FROM return_kinds WHERE name = new.kind) BEGIN
        SELECT RAISE(ABORT, 'unknown return kind');
      END;
      CREATE TRIGGER outbox_return_kind_update BEFORE UPDATE OF kind ON outbox
        WHEN NOT EXISTS (SELECT 1 FROM return_kinds WHERE name = new.kind) BEGIN
        SELECT RAISE(ABORT, 'unknown return kind');
      END;

      -- library_rows as generated from the column declaration (library-rows-sql.ts).
      DROP TRIGGER IF EXISTS library_rows_license_insert;
      DROP TRIGGER IF EXISTS library_rows_license_delete;
      DROP TRIGGER IF EXISTS library_rows_license_update;
      DROP TRIGGER IF EXISTS library_rows_content_update;
      DROP TRIGGER IF EXISTS library_rows_content_delete;
      DROP TABLE IF EXISTS library_rows;
      CREATE TABLE library_rows (
        title TEXT NOT NULL COLLATE NOCASE,
        kind TEXT NOT NULL,
        downloaded INTEGER NOT NULL,
        id INTEGER NOT NULL,
        content_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        license_id TEXT NOT NULL,
        creator TEXT NOT NULL,
        added_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        latest_version INTEGER NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        state TEXT NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        PRIMARY KEY (title, kind, downloaded, id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO library_rows (title, kind, downloaded, id, content_id, product_id, license_id, creator, added_at,
            version, latest_version, mime, size, state, last_error_code, last_error_message)
        SELECT c.title, c.kind, c.downloaded, c.id, c.content_id, c.product_id, l.license_id, c.creator,
            c.added_at, c.version, c.latest_version, c.mime, c.size, l.state, l.last_error_code,
            l.last_error_message
          FROM contents c JOIN licenses l ON l.content_id = c.content_id
         WHERE l.state <> 'confirmed';
      CREATE INDEX library_rows_title ON library_rows (title, kind, downloaded, id);
      CREATE INDEX library_rows_creator ON library_rows (creator COLLATE NOCASE, kind, downloaded, id);
      CREATE INDEX library_rows_added_at ON library_rows (added_at, kind, downloaded, id);
      CREATE INDEX library_rows_kind ON library_rows (kind, title, downloaded, id);
      CREATE INDEX library_rows_id ON library_rows (id, creator COLLATE NOCASE, added_at);
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
        INSERT INTO library_rows (title, kind, downloaded, id, content_id, product_id, license_id, creator, added_at,
            version, latest_version, mime, size, state, last_error_code, last_error_message)
          SELECT c.title, c.kind, c.downloaded, c.id, c.content_id, c.product_id, new.license_id, c.creator,
            c.added_at, c.version, c.latest_version, c.mime, c.size, new.state, new.last_error_code,
            new.last_error_message
            FROM contents c WHERE c.content_id = new.content_id;
      END;
      CREATE TRIGGER library_rows_license_delete AFTER DELETE ON licenses BEGIN
        DELETE FROM library_rows
         WHERE id = (SELECT id FROM contents WHERE content_id = old.content_id);
      END;
      CREATE TRIGGER library_rows_license_update AFTER UPDATE OF content_id, license_id, state, last_error_code, last_error_message ON licenses BEGIN
        DELETE FROM library_rows
         WHERE (new.state = 'confirmed' OR new.content_id <> old.content_id)
           AND id = (SELECT id FROM contents WHERE content_id = old.content_id);
        UPDATE library_rows
           SET license_id = new.license_id, state = new.state, last_error_code = new.last_error_code,
               last_error_message = new.last_error_message
         WHERE new.state <> 'confirmed' AND new.content_id = old.content_id
           AND id = (SELECT id FROM contents WHERE content_id = new.content_id);
        INSERT INTO library_rows (title, kind, downloaded, id, content_id, product_id, license_id, creator, added_at,
            version, latest_version, mime, size, state, last_error_code, last_error_message)
          SELECT c.title, c.kind, c.downloaded, c.id, c.content_id, c.product_id, new.license_id, c.creator,
            c.added_at, c.version, c.latest_version, c.mime, c.size, new.state, new.last_error_code,
            new.last_error_message
            FROM contents c
           WHERE c.content_id = new.content_id AND new.state <> 'confirmed'
             AND (old.state = 'confirmed' OR new.content_id <> old.content_id);
      END;
      CREATE TRIGGER library_rows_content_update AFTER UPDATE ON contents
        WHEN old.title IS NOT new.title
          OR old.kind IS NOT new.kind
          OR old.downloaded IS NOT new.downloaded
          OR old.content_id IS NOT new.content_id
          OR old.product_id IS NOT new.product_id
          OR old.creator IS NOT new.creator
          OR old.added_at IS NOT new.added_at
          OR old.version IS NOT new.version
          OR old.latest_version IS NOT new.latest_version
          OR old.mime IS NOT new.mime
          OR old.size IS NOT new.size BEGIN
        UPDATE library_rows
           SET title = new.title, kind = new.kind, downloaded = new.downloaded,
               content_id = new.content_id, product_id = new.product_id, creator = new.creator,
               added_at = new.added_at, version = new.version, latest_version = new.latest_version,
               mime = new.mime, size = new.size
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
