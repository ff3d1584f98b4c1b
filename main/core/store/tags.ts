import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { SavedSearch, TagCount } from '../../../shared/ipc/tags';

/**
 * The user's tags and saved searches (migration 10). `item_tags` is the truth; its triggers keep
 * each content's sorted `tags` array, which the library rows carry (docs/design.md §12.2).
 */
export function tagQueries(db: Database) {
  const add = db.prepare(
    `INSERT OR IGNORE INTO item_tags (content_id, tag)
       SELECT content_id, @tag FROM contents WHERE content_id = @contentId`,
  );
  const remove = db.prepare('DELETE FROM item_tags WHERE content_id = @contentId AND tag = @tag');
  const counts = db.prepare<[], TagCount>(
    `SELECT t.tag AS tag, count(*) AS items FROM item_tags t
       JOIN licenses l ON l.content_id = t.content_id AND l.state <> 'confirmed'
      GROUP BY t.tag ORDER BY t.tag`,
  );
  const searches = db.prepare<[], SavedSearch>(
    'SELECT id, name, query, created_at AS createdAt FROM saved_searches ORDER BY name',
  );
  const saveSearch = db.prepare<[string, string, string], SavedSearch>(
    `INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET query = excluded.query
     RETURNING id, name, query, created_at AS createdAt`,
  );
  const deleteSearch = db.prepare('DELETE FROM saved_searches WHERE id = ?');

  return {
    /** Adds and removes tags on the items; returns how many tag rows changed. */
    apply(contentIds: readonly string[], added: readonly string[], removed: readonly string[]) {
      let changed = 0;
      for (const contentId of contentIds) {
        for (const tag of added) changed += add.run({ contentId, tag }).changes;
        for (const tag of removed) changed += remove.run({ contentId, tag }).changes;
      }
      return changed;
    },
    /** Every tag on an item still in the library, with how many items carry it. */
    counts(): TagCount[] {
      return counts.all();
    },
    searches(): SavedSearch[] {
      return searches.all();
    },
    /** Saves a search under its name; the same name again replaces its query. */
    saveSearch(name: string, query: string, at: string): SavedSearch {
      return saveSearch.get(name, query, at) as SavedSearch;
    },
    deleteSearch(id: number): boolean {
      return deleteSearch.run(id).changes > 0;
    },
  };
}
