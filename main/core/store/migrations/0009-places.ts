import type { Migration } from '../migrations';

/**
 * Places (docs/design.md §11.4): the position in each item and its bookmarks, kept here instead
 * of the renderer's localStorage so they are encrypted, survive a new window and sync. `dirty`
 * marks a change not yet accepted by the server (sent at the next sync); a deleted bookmark
 * stays as a tombstone until the server has it, so other devices learn of the deletion. No
 * foreign key to `contents`: a place may arrive from another device before its license does.
 */
export const places: Migration = {
  version: 9,
  name: 'places',
  sql: `
      CREATE TABLE positions (
        content_id TEXT PRIMARY KEY,
        position TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        dirty INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1))
      ) STRICT;
      CREATE INDEX positions_dirty ON positions (dirty) WHERE dirty = 1;

      CREATE TABLE bookmarks (
        bookmark_id TEXT PRIMARY KEY,
        content_id TEXT NOT NULL,
        position TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        dirty INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1))
      ) STRICT;
      CREATE INDEX bookmarks_content ON bookmarks (content_id, created_at);
      CREATE INDEX bookmarks_dirty ON bookmarks (dirty) WHERE dirty = 1;
  `,
};
