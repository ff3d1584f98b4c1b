import type { Migration } from '../migrations';

/** External-content FTS5: the text lives once, in contents; triggers keep the index in step. */
export const librarySearch: Migration = {
  version: 2,
  name: 'library-search',
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
};
