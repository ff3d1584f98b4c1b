import { RETURN_KINDS } from '../../../shared/returns/return-kinds';
import type { Migration } from './migrations';

/**
 * Triggers refusing a return kind not in RETURN_KINDS (NULL passes), generated from the list:
 * a new kind recreates them in a migration instead of rebuilding each table for a CHECK.
 */
function returnKindChecks(
  columns: ReadonlyArray<readonly [table: string, column: string]>,
): string {
  const kinds = RETURN_KINDS.map((kind) => `'${kind}'`).join(', ');
  return columns
    .flatMap(([table, column]) =>
      (['INSERT', `UPDATE OF ${column}`] as const).map(
        (event) => `
      CREATE TRIGGER ${table}_${column}_${event === 'INSERT' ? 'insert' : 'update'}_check
        BEFORE ${event} ON ${table} WHEN new.${column} NOT IN (${kinds}) BEGIN
        SELECT RAISE(ABORT, 'CHECK constraint failed: ${column} is not a return kind');
      END;`,
      ),
    )
    .join('\n');
}

/**
 * The local store's migrations. Never edit a shipped one: add the next number.
 * Contents and licenses are one-to-one (a user holds at most one license per content).
 * `contents.id` is an explicit INTEGER PRIMARY KEY because the FTS index refers to it by rowid,
 * and VACUUM may renumber an implicit rowid.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL,
        server_url TEXT,
        user_id TEXT,
        email TEXT,
        name TEXT,
        token TEXT,
        token_expires_at TEXT
      ) STRICT;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE contents (
        id INTEGER PRIMARY KEY,
        content_id TEXT NOT NULL UNIQUE,
        product_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        latest_version INTEGER NOT NULL,
        title TEXT NOT NULL,
        creator TEXT NOT NULL,
        kind TEXT NOT NULL,
        description TEXT NOT NULL,
        price_cents INTEGER NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        return_policy TEXT,
        added_at TEXT NOT NULL,
        vault_file TEXT UNIQUE,
        vault_key BLOB,
        downloaded_at TEXT,
        downloaded INTEGER GENERATED ALWAYS AS (vault_file IS NOT NULL) VIRTUAL
      ) STRICT;
      -- One covering index per library sort: the page query and the count never read a row,
      -- only these (sort key, filter columns, rowid) entries, which is what keeps a virtual
      -- list over 100,000 items fast on an encrypted file.
      CREATE INDEX contents_title ON contents (title COLLATE NOCASE, kind, downloaded);
      CREATE INDEX contents_creator ON contents (creator COLLATE NOCASE, kind, downloaded);
      CREATE INDEX contents_added ON contents (added_at, kind, downloaded);
      CREATE INDEX contents_kind ON contents (kind, title COLLATE NOCASE, downloaded);
      CREATE INDEX contents_product ON contents (product_id, version);

      CREATE TABLE licenses (
        license_id TEXT PRIMARY KEY,
        content_id TEXT NOT NULL UNIQUE REFERENCES contents (content_id),
        purchase_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        return_deadline TEXT,
        upgraded_from_return_id TEXT,
        signed TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'return_pending', 'confirmed')),
        pending_return_kind TEXT CHECK (pending_return_kind IN ('collection', 'buyback')),
        last_error_code TEXT,
        last_error_message TEXT,
        last_quote TEXT
      ) STRICT;
      CREATE INDEX licenses_state ON licenses (state);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        return_id TEXT NOT NULL UNIQUE,
        license_id TEXT NOT NULL UNIQUE,
        content_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('collection', 'buyback')),
        quote_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE receipts (
        return_id TEXT PRIMARY KEY,
        license_id TEXT NOT NULL,
        content_id TEXT NOT NULL,
        returned_at TEXT NOT NULL,
        receipt TEXT NOT NULL
      ) STRICT;
      CREATE INDEX receipts_returned ON receipts (returned_at);

      CREATE TABLE wallet (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        balance INTEGER NOT NULL,
        as_of TEXT
      ) STRICT;

      CREATE TABLE ledger (
        id TEXT PRIMARY KEY,
        delta INTEGER NOT NULL,
        reason TEXT NOT NULL,
        reference TEXT,
        balance_after INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ledger_created ON ledger (created_at);

      CREATE TABLE pending_purchases (
        content_id TEXT PRIMARY KEY,
        points_to_use INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'library-search',
    // External-content FTS5: the text lives once, in contents; triggers keep the index in step.
    sql: `
      CREATE VIRTUAL TABLE contents_fts USING fts5 (
        title, creator,
        content = 'contents', content_rowid = 'id',
        prefix = '2 3',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER contents_fts_insert AFTER INSERT ON contents BEGIN
        INSERT INTO contents_fts (rowid, title, creator) VALUES (new.id, new.title, new.creator);
      END;
      CREATE TRIGGER contents_fts_delete AFTER DELETE ON contents BEGIN
        INSERT INTO contents_fts (contents_fts, rowid, title, creator)
          VALUES ('delete', old.id, old.title, old.creator);
      END;
      CREATE TRIGGER contents_fts_update AFTER UPDATE OF title, creator ON contents BEGIN
        INSERT INTO contents_fts (contents_fts, rowid, title, creator)
          VALUES ('delete', old.id, old.title, old.creator);
        INSERT INTO contents_fts (rowid, title, creator) VALUES (new.id, new.title, new.creator);
      END;
      INSERT INTO contents_fts (contents_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 3,
    name: 'library-totals',
    // The library's unfiltered total, kept by triggers: on an encrypted file count(*) reads and
    // decrypts every page of a table, ≈ 10 ms at 100,000 items on the first page after start.
    // The covering index lets the library page read a license's state without its row, most of
    // which is the signed document (the licenses table is half the file at 100,000 items).
    sql: `
      CREATE TABLE library_totals (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        contents INTEGER NOT NULL,
        confirmed INTEGER NOT NULL
      ) STRICT;
      INSERT INTO library_totals (id, contents, confirmed) VALUES (1,
        (SELECT count(*) FROM contents),
        (SELECT count(*) FROM licenses WHERE state = 'confirmed'));
      CREATE TRIGGER library_totals_content_insert AFTER INSERT ON contents BEGIN
        UPDATE library_totals SET contents = contents + 1;
      END;
      CREATE TRIGGER library_totals_content_delete AFTER DELETE ON contents BEGIN
        UPDATE library_totals SET contents = contents - 1;
      END;
      CREATE TRIGGER library_totals_license_insert AFTER INSERT ON licenses
        WHEN new.state = 'confirmed' BEGIN
        UPDATE library_totals SET confirmed = confirmed + 1;
      END;
      CREATE TRIGGER library_totals_license_delete AFTER DELETE ON licenses
        WHEN old.state = 'confirmed' BEGIN
        UPDATE library_totals SET confirmed = confirmed - 1;
      END;
      CREATE TRIGGER library_totals_license_state AFTER UPDATE OF state ON licenses
        WHEN (old.state = 'confirmed') <> (new.state = 'confirmed') BEGIN
        UPDATE library_totals
           SET confirmed = confirmed + (new.state = 'confirmed') - (old.state = 'confirmed');
      END;
      CREATE INDEX licenses_library ON licenses
        (content_id, license_id, state, last_error_code, last_error_message);
    `,
  },
  {
    version: 4,
    name: 'library-rows',
    // The library list reads one narrow table, kept by triggers from contents and licenses, that
    // holds exactly the listed items (a license not yet confirmed as returned) and only what a
    // list row shows. It is clustered by the default sort (title), so the first screen after a
    // start reads a handful of consecutive pages instead of ~200 scattered ones, each of which an
    // encrypted file must decrypt (bench/findings.md). `library_counts` keeps the per-kind totals,
    // so no total or count ever scans. The sort indexes move here from contents.
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
  },
  {
    version: 5,
    name: 'trade-in-kind',
    // The return kind the screens call "Trade in" was stored as `collection`: one name from the
    // database to the screen now. The kind columns lose their inline CHECK, which restated the
    // kind list and could only change by rebuilding the table, for triggers generated from
    // RETURN_KINDS (a new kind: recreate the triggers, no rebuild). The licenses table is rebuilt
    // with the same columns, and its index and library_rows triggers (migration 4) recreated.
    // Cached JSON is rewritten in place: JSON.stringify writes no spaces, and a quote inside a
    // string value is escaped, so the quoted patterns only match keys and kind values.
    sql: `
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
      INSERT INTO outbox_next
        SELECT id, return_id, license_id, content_id,
               CASE kind WHEN 'collection' THEN 'trade_in' ELSE kind END,
               quote_id, status, attempts, next_attempt_at, last_error, created_at
          FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_next RENAME TO outbox;

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
      INSERT INTO licenses_next
        SELECT license_id, content_id, purchase_id, issued_at, return_deadline,
               upgraded_from_return_id, signed, state,
               CASE pending_return_kind WHEN 'collection' THEN 'trade_in'
                 ELSE pending_return_kind END,
               last_error_code, last_error_message,
               replace(last_quote, '"kind":"collection"', '"kind":"trade_in"')
          FROM licenses;
      DROP TABLE licenses;
      ALTER TABLE licenses_next RENAME TO licenses;
      CREATE INDEX licenses_state ON licenses (state);
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

      ${returnKindChecks([
        ['outbox', 'kind'],
        ['licenses', 'pending_return_kind'],
      ])}

      UPDATE ledger SET reason = 'trade_in' WHERE reason = 'collection';
      UPDATE receipts SET receipt = replace(replace(receipt,
        '"kind":"collection"', '"kind":"trade_in"'), '"collection":', '"tradeIn":');
      UPDATE contents SET return_policy = replace(return_policy, '"collection":', '"tradeIn":')
       WHERE return_policy IS NOT NULL;
    `,
  },
];
