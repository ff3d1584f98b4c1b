import type { Migration } from '../migrations';

/**
 * The outbox's row count, kept by triggers in the same statement as each insert or delete (so in
 * the same transaction, undone with it): the header's queued count and the return limit read it
 * at every return request and every sync status, and count(*) walked the whole table, about
 * 0.15 ms at 10,000 queued returns (bench/findings.md). Triggers, not the app's code, keep it:
 * every insert and delete counts without knowing of it. Two writes would not: a REPLACE (the row
 * it removes fires no delete trigger while recursive_triggers is off) and a rebuild of the table
 * (its triggers go with it); test/unit/core/store/counted-tables.test.ts keeps both out.
 */
export const outboxSize: Migration = {
  version: 13,
  name: 'outbox-size',
  sql: `
      CREATE TABLE outbox_size (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        size INTEGER NOT NULL CHECK (size >= 0)
      ) STRICT;
      INSERT INTO outbox_size (id, size) VALUES (1, (SELECT count(*) FROM outbox));
      CREATE TRIGGER outbox_size_insert AFTER INSERT ON outbox BEGIN
        UPDATE outbox_size SET size = size + 1;
      END;
      CREATE TRIGGER outbox_size_delete AFTER DELETE ON outbox BEGIN
        UPDATE outbox_size SET size = size - 1;
      END;
  `,
};
