import type { Migration } from './migrations';

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
];
