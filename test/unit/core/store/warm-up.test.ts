import { randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { libraryListInputSchema, type LibraryListInput } from '../../../../shared/ipc/library';
import { openStore, type Store } from '../../../../main/core/store/store';
import { WARM_UP_WALKS, warmUpLibrary } from '../../../../main/core/store/warm-up';
import { licenseSigner, tempDir, throwawayKey } from '../../../fixtures/core-fixtures';
import { addLibraryItems } from '../../../fixtures/library-items';

const WORDS = ['amber', 'birch', 'cobalt', 'dune', 'ember', 'fjord', 'garnet', 'harbor'];
const signer = licenseSigner();
const userId = randomUUID();
const dirs: { remove: () => void }[] = [];
const stores: Store[] = [];
afterEach(() => {
  stores.splice(0).forEach((store) => store.db.open && store.close());
  dirs.splice(0).forEach((dir) => dir.remove());
});

/** One turn of the event loop: the warm-up reads at most one slice in it. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const addItems = (store: Store, from: number, count: number): string[] =>
  addLibraryItems(store, { signer, userId, words: WORDS, from, count });

/** One library of 200 items, seeded once; each test opens its own copy (seeding is the slow part). */
const template = tempDir();
const templateKey = throwawayKey();
beforeAll(async () => {
  const store = await openStore(template.path, templateKey.provider);
  addItems(store, 0, 200);
  store.close();
});
afterAll(() => template.remove());

async function storeCopy(): Promise<{ store: Store; path: string }> {
  const dir = tempDir();
  dirs.push(dir);
  cpSync(template.path, dir.path, { recursive: true });
  const store = await openStore(dir.path, templateKey.provider);
  stores.push(store);
  return { store, path: dir.path };
}

/** Entries the walks read: every row, its title and id index entries, every FTS block and index entry. */
function entries(store: Store): number {
  const count = (sql: string) => store.db.prepare(sql).pluck().get() as number;
  return (
    3 * count('SELECT count(*) FROM library_rows') +
    count('SELECT count(*) FROM contents_fts_data') +
    count('SELECT count(*) FROM contents_fts_idx')
  );
}

const SEARCHES: LibraryListInput[] = [
  { query: 'amb', sort: 'title', limit: 50 },
  { query: 'birch co', sort: 'addedAt', direction: 'desc', limit: 20 },
  { query: 'fj', kind: 'audio', sort: 'creator', limit: 100 },
  { sort: 'title', offset: 100, limit: 100 },
];
const answers = (store: Store) =>
  SEARCHES.map((input) => store.library.list(libraryListInputSchema.parse(input)));

describe('library warm-up', () => {
  it("walks each B-tree it means to warm, in that B-tree's order (no covering index instead)", async () => {
    const { store } = await storeCopy();
    const plans = WARM_UP_WALKS.flatMap((walk) =>
      [walk.first, walk.next].map((sql) => {
        const statement = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const keys = Object.fromEntries(
          Array.from({ length: 4 }, (_, i) => [`k${i}`, null] as const),
        );
        const detail = (statement.all({ chunk: 1, ...keys }) as { detail: string }[])
          .map((row) => row.detail)
          .join('; ');
        return { btree: walk.btree, detail };
      }),
    );
    for (const { btree, detail } of plans) {
      // A table's own B-tree shows as its PRIMARY KEY (WITHOUT ROWID) or INTEGER PRIMARY KEY.
      const own =
        btree === 'library_rows' || btree.startsWith('contents_fts')
          ? new RegExp(`(SCAN|SEARCH) ${btree}( USING (INTEGER )?PRIMARY KEY|$)`)
          : new RegExp(`(SCAN|SEARCH) library_rows USING (COVERING )?INDEX ${btree}\\b`);
      expect(detail).toMatch(own);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    }
    expect(WARM_UP_WALKS.map((walk) => walk.btree)).toEqual([
      'library_rows',
      'library_rows_title',
      'library_rows_id',
      'contents_fts_data',
      'contents_fts_idx',
    ]);
  });

  it('reads every row, id index entry and FTS block, in slices that yield between them', async () => {
    const { store } = await storeCopy();
    await store.warmUp.done;
    const warm = warmUpLibrary(store.db, { chunk: 5, sliceMs: 0 });
    let finished = false;
    void warm.done.then(() => (finished = true));
    await turn();
    await turn();
    // 600 rows and index entries at 5 per turn: far from done after two turns.
    expect(finished).toBe(false);
    expect(await warm.done).toEqual({ read: entries(store), stopped: false });
  });

  it("opens a store that warms itself up, and the library's answers are the same before and after", async () => {
    const { store, path } = await storeCopy();
    store.close();
    const reopened = await openStore(path, templateKey.provider);
    stores.push(reopened);
    // Synchronously after open, before the first slice: the cold answers.
    const cold = answers(reopened);
    const result = await reopened.warmUp.done;
    expect(result).toEqual({ read: entries(reopened), stopped: false });
    expect(answers(reopened)).toEqual(cold);
    expect(cold[0]?.total).toBeGreaterThan(0);
  });

  it('stops when the store closes, and when the connection is closed under it', async () => {
    const { store, path } = await storeCopy();
    await store.warmUp.done;
    const warm = warmUpLibrary(store.db, { chunk: 5, sliceMs: 0 });
    await turn();
    store.close();
    const stopped = await warm.done;
    expect(stopped.stopped).toBe(true);
    expect(stopped.read).toBeGreaterThan(0);
    expect(stopped.read).toBeLessThan(400);

    const again = await openStore(path, templateKey.provider);
    stores.push(again);
    again.close();
    expect((await again.warmUp.done).stopped).toBe(true);
  });

  it('lets writes and an index rebuild run between its slices, and reads what is there at the end', async () => {
    const { store } = await storeCopy();
    await store.warmUp.done;
    const warm = warmUpLibrary(store.db, { chunk: 5, sliceMs: 0 });
    let finished = false;
    void warm.done.then(() => (finished = true));
    let added = 200;
    const removed: string[] = [];
    for (let round = 0; round < 20 && !finished; round++) {
      await turn();
      const ids = addItems(store, added, 10);
      added += 10;
      if (round === 5) {
        // What store migration 12 did: a schema change under the walk's prepared statements.
        store.db.exec(
          `DROP INDEX library_rows_id; CREATE INDEX library_rows_id ON library_rows (id)`,
        );
      }
      store.transaction(() => {
        const id = ids[0] as string;
        store.db.prepare('DELETE FROM licenses WHERE content_id = ?').run(id);
        store.db.prepare('DELETE FROM contents WHERE content_id = ?').run(id);
        removed.push(id);
      });
    }
    const result = await warm.done;
    expect(result.stopped).toBe(false);
    expect(result.read).toBeGreaterThan(400);
    expect(store.library.list(libraryListInputSchema.parse({ limit: 1 })).total).toBe(
      added - removed.length,
    );
  });
});
