import type { Migration } from '../migrations';

/**
 * The local store's first schema. Contents and licenses are one-to-one (a user holds at most one
 * license per content). `contents.id` is an explicit INTEGER PRIMARY KEY because the FTS index
 * refers to it by rowid, and VACUUM may renumber an implicit rowid.
 */
export const initial: Migration = {
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
};
