import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryListInputSchema, type LibraryListInput } from '../../../shared/ipc/library';
import {
  inRankOrder,
  libraryQueries,
  sortRanks,
  toFtsQuery,
} from '../../../main/core/store/library-queries';
import { LIBRARY_SORT_KEYS } from '../../../shared/ipc/library-columns';
import { openStore, type Store } from '../../../main/core/store/store';
import { sampleCatalogItem } from '../../fixtures/contract-samples';
import {
  licenseSigner,
  signedLicenseView,
  tempDir,
  throwawayKey,
} from '../../fixtures/core-fixtures';
import { addLibraryItems } from '../../fixtures/library-items';

const WORDS = [
  'amber',
  'birch',
  'cobalt',
  'dune',
  'ember',
  'fjord',
  'garnet',
  'harbor',
  'indigo',
  'juniper',
];
const COUNT = 2_000;
const FILTERS: Partial<LibraryListInput>[] = [
  { kind: 'audio' },
  { state: 'downloaded' },
  { state: 'return_pending' },
  { creator: 'zola' },
  { kind: 'ebook', state: 'not_downloaded' },
];

let store: Store;
const dir = tempDir();
const signer = licenseSigner();
const userId = randomUUID();

const list = (input: LibraryListInput) => store.library.list(libraryListInputSchema.parse(input));

beforeAll(async () => {
  store = await openStore(dir.path, throwawayKey().provider);
  addLibraryItems(store, {
    signer,
    userId,
    words: WORDS,
    count: COUNT,
    creator: (i) => (i % 3 === 0 ? 'Émile Zola' : `Author ${i % 7}`),
    each: (view, i) => {
      if (i % 4 === 0)
        store.contents.setVault(
          view.content.contentId,
          `${view.content.contentId}.vault`,
          Buffer.alloc(32),
          new Date().toISOString(),
        );
      if (i % 50 === 0) store.licenses.markReturnPending(view.licenseId, 'buyback');
    },
  });
});
afterAll(() => {
  store.close();
  dir.remove();
});

describe('library queries', () => {
  it('pages through the whole library in a stable order', () => {
    const seen = new Set<string>();
    let previous = '';
    for (let offset = 0; offset < COUNT; offset += 300) {
      const page = list({ sort: 'title', offset, limit: 300 });
      expect(page.total).toBe(COUNT);
      for (const item of page.items) {
        expect(item.title.toLowerCase() >= previous).toBe(true);
        previous = item.title.toLowerCase();
        seen.add(item.contentId);
      }
    }
    expect(seen.size).toBe(COUNT);
  });

  it('sorts by each column in both directions', () => {
    const asc = list({ sort: 'addedAt', direction: 'asc', limit: 5 }).items.map((i) => i.addedAt);
    const desc = list({ sort: 'addedAt', direction: 'desc', limit: 5 }).items.map((i) => i.addedAt);
    expect(asc).toEqual([...asc].sort());
    expect(desc).toEqual([...desc].sort().reverse());
    expect(list({ sort: 'kind', limit: 1 }).items[0]?.kind).toBe('audio');
    expect(list({ sort: 'creator', direction: 'desc', limit: 1 }).items[0]?.creator).toBe(
      'Émile Zola',
    );
  });

  it('filters by kind and state and counts', () => {
    expect(list({ kind: 'audio', limit: 1 }).total).toBe(COUNT / 5);
    expect(list({ state: 'downloaded', limit: 1 }).total).toBe(COUNT / 4);
    expect(list({ state: 'not_downloaded', limit: 1 }).total).toBe((COUNT * 3) / 4);
    expect(list({ state: 'return_pending', limit: 1 }).total).toBe(COUNT / 50);
    const counts = store.library.counts();
    expect(counts).toEqual({
      total: COUNT,
      downloaded: COUNT / 4,
      returnPending: COUNT / 50,
      byKind: { ebook: 400, audio: 400, software: 400, image: 400, video: 400 },
    });
  });

  it('searches title and creator by word prefix, diacritics-insensitive', () => {
    // cobalt first (i % 10 = 2) or second (⌊i/10⌋ % 10 = 2): 200 + 200 - 20 both.
    expect(list({ query: 'cob', limit: 1 }).total).toBe(380);
    expect(
      list({ query: 'amber birch', limit: 500 }).items.every(
        (i) => /amber/.test(i.title) && /birch/.test(i.title),
      ),
    ).toBe(true);
    expect(list({ query: 'emile', limit: 1 }).total).toBe(Math.ceil(COUNT / 3));
    expect(list({ query: 'zo', kind: 'ebook', limit: 1 }).total).toBeGreaterThan(0);
    expect(list({ query: '"; DROP TABLE contents; --', limit: 1 }).total).toBe(0);
    expect(list({ query: '***', limit: 1 })).toEqual({ items: [], total: 0 });
  });

  it('builds FTS queries that cannot inject syntax', () => {
    expect(toFtsQuery('Quiet sh')).toBe('"Quiet"* "sh"*');
    expect(toFtsQuery('a"b OR c')).toBe('"a"* "b"* "OR"* "c"*');
    expect(toFtsQuery(' - ')).toBeNull();
  });

  it('keeps the FTS index in step with deletes', () => {
    const victim = list({ query: '01999', limit: 1 }).items[0];
    expect(victim).toBeDefined();
    store.transaction(() => {
      store.licenses.delete(victim!.licenseId);
      store.contents.delete(victim!.contentId);
    });
    expect(list({ query: '01999', limit: 1 }).total).toBe(0);
  });

  it('keeps the unfiltered total in step through confirmations, cancels and deletes', () => {
    const counted = () =>
      store.db
        .prepare(
          `SELECT count(*) FROM contents c JOIN licenses l ON l.content_id = c.content_id
            WHERE l.state <> 'confirmed'`,
        )
        .pluck()
        .get();
    const before = list({ limit: 1 }).total;
    expect(before).toBe(counted());
    const [a, b] = list({ state: 'return_pending', limit: 2 }).items;
    store.licenses.markConfirmed(a!.licenseId);
    expect(list({ limit: 1 }).total).toBe(before - 1);
    // No flow leaves `confirmed` for another state, but the trigger counts it back if one did.
    const setState = store.db.prepare('UPDATE licenses SET state = ? WHERE license_id = ?');
    setState.run('active', a!.licenseId);
    expect(list({ limit: 1 }).total).toBe(before);
    setState.run('confirmed', a!.licenseId);
    expect(list({ limit: 1 }).total).toBe(before - 1);
    store.licenses.backToActive(b!.licenseId, null);
    expect(list({ limit: 1 }).total).toBe(before - 1);
    store.transaction(() => {
      store.licenses.delete(a!.licenseId);
      store.contents.delete(a!.contentId);
    });
    expect(list({ limit: 1 }).total).toBe(before - 1);
    const extra = sampleCatalogItem({ title: 'A late arrival' });
    store.contents.upsert(extra, new Date().toISOString());
    store.licenses.insert(signedLicenseView(signer, userId, extra));
    store.contents.upsert(extra, new Date().toISOString());
    expect(list({ limit: 1 }).total).toBe(before);
    expect(list({ limit: 1 }).total).toBe(counted());
  });

  it('pages through search results in the chosen order, every match once', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const all = list({ query: 'cob', sort: 'creator', direction, limit: 500 });
      const paged: string[] = [];
      for (let offset = 0; offset < all.total; offset += 70) {
        const page = list({ query: 'cob', sort: 'creator', direction, offset, limit: 70 });
        expect(page.total).toBe(all.total);
        paged.push(...page.items.map((i) => i.contentId));
      }
      expect(paged).toEqual(all.items.map((i) => i.contentId));
      expect(new Set(paged).size).toBe(all.total);
      const creators = all.items.map((i) => i.creator.toLowerCase());
      const sorted = [...creators].sort();
      expect(creators).toEqual(direction === 'asc' ? sorted : sorted.reverse());
    }
  });

  it('lists what the store holds after renames, downloads and state changes', () => {
    const direct = (where: string) =>
      store.db
        .prepare(
          `SELECT count(*) FROM contents c JOIN licenses l ON l.content_id = c.content_id
            WHERE l.state <> 'confirmed' AND ${where}`,
        )
        .pluck()
        .get();
    const item = list({ kind: 'video', state: 'not_downloaded', limit: 1 }).items[0]!;
    const content = store.contents.get(item.contentId)!;
    store.contents.upsert(
      { ...sampleCatalogItem({ contentId: item.contentId, kind: 'video' }), title: 'Zzz renamed' },
      content.addedAt,
    );
    store.contents.setVault(item.contentId, 'renamed.vault', Buffer.alloc(32), 'now');
    store.licenses.markReturnPending(item.licenseId, 'trade_in');
    const last = list({ sort: 'title', direction: 'desc', limit: 1 }).items[0];
    expect(last).toMatchObject({
      contentId: item.contentId,
      title: 'Zzz renamed',
      downloaded: true,
      state: 'return_pending',
    });
    expect(list({ query: 'renamed', limit: 5 }).items.map((i) => i.contentId)).toEqual([
      item.contentId,
    ]);
    for (const [input, where] of [
      [{ kind: 'video' }, `c.kind = 'video'`],
      [{ kind: 'video', state: 'downloaded' }, `c.kind = 'video' AND c.downloaded = 1`],
      [{ state: 'not_downloaded' }, 'c.downloaded = 0'],
      [
        { kind: 'audio', state: 'return_pending' },
        `c.kind = 'audio' AND l.state = 'return_pending'`,
      ],
    ] as const) {
      expect(list({ ...input, limit: 1 }).total).toBe(direct(where));
    }
    const pending = list({
      state: 'return_pending',
      sort: 'addedAt',
      direction: 'desc',
      limit: 500,
    });
    expect(pending.total).toBe(direct(`l.state = 'return_pending'`));
    const added = pending.items.map((i) => i.addedAt);
    expect(added).toEqual([...added].sort().reverse());
    expect(store.library.counts().returnPending).toBe(pending.total);
    const pendingMatches = list({
      query: 'fjo',
      state: 'return_pending',
      kind: 'ebook',
      limit: 500,
    });
    expect(pendingMatches.total).toBe(
      direct(`l.state = 'return_pending' AND c.kind = 'ebook' AND (c.title LIKE '%fjord%')`),
    );
    expect(pendingMatches.total).toBeGreaterThan(0);
  });

  it('sorts a search by the kept ranks exactly as the SQL sort does, after changes too', () => {
    // Two query sets over the same store: one always ranks, one never does.
    const ranked = libraryQueries(store.db, { ranksFromMatches: 0 });
    const sorted = libraryQueries(store.db, { ranksFromMatches: Number.POSITIVE_INFINITY });
    const both = (input: LibraryListInput) => {
      const parsed = libraryListInputSchema.parse(input);
      const a = ranked.list(parsed);
      expect(a).toEqual(sorted.list(parsed));
      const { offset: _offset, limit: _limit, ...all } = parsed;
      expect(ranked.ids(all)).toEqual(sorted.ids(all));
      return a;
    };
    const check = () => {
      for (const sort of LIBRARY_SORT_KEYS) {
        for (const direction of ['asc', 'desc'] as const) {
          for (const query of ['cob', 'emile', 'amber birch']) {
            both({ query, sort, direction, offset: 150, limit: 100 });
          }
          // Filtered searches are put in rank order too, from the filtered matches.
          for (const filter of FILTERS)
            both({ query: 'amber', sort, direction, limit: 100, ...filter });
        }
      }
      // The matches, in the order of the whole (unsearched) list: what a search must answer.
      const whole = sorted.ids({ sort: 'size', direction: 'desc' });
      const cob = ranked.ids({ query: 'cob', sort: 'size', direction: 'desc' });
      expect(cob.length).toBeGreaterThan(300);
      expect(cob).toEqual(
        whole.filter((id) => /\bcob/iu.test(store.contents.get(id)?.title ?? '')),
      );
    };
    check();
    // A row leaves the list (confirmed), one is renamed into the matches, one changes size:
    // the ranks kept from before must not be used.
    const [gone, renamed] = list({ query: 'cob', sort: 'title', limit: 2 }).items;
    store.licenses.markConfirmed(gone!.licenseId);
    const content = store.contents.get(renamed!.contentId)!;
    store.contents.upsert(
      {
        ...sampleCatalogItem({ contentId: renamed!.contentId, kind: renamed!.kind }),
        title: 'Cobweb renamed',
      },
      content.addedAt,
    );
    check();
    expect(ranked.ids({ query: 'cob', sort: 'title', direction: 'asc' })).not.toContain(
      gone!.contentId,
    );
    expect(ranked.ids({ query: 'cobweb', sort: 'title', direction: 'asc' })).toEqual([
      renamed!.contentId,
    ]);
  }, 60_000);

  it('keeps the ranks through writes that change no sort, filter or match', () => {
    const built: string[] = [];
    const queries = libraryQueries(store.db, {
      ranksFromMatches: 0,
      onRanked: (sort) => built.push(sort),
    });
    const search = () =>
      queries.list({ query: 'amber', sort: 'addedAt', direction: 'asc', offset: 0, limit: 100 });
    const first = search();
    expect(built).toEqual(['addedAt']);
    const [covered, quoted] = first.items.filter(
      (item) => !item.hasCover && item.state === 'active',
    );
    // A catalog cover is shown (has_cover) and a quote is kept, but neither sorts nor matches.
    const cover = { file: `${covered!.contentId}.cover`, key: Buffer.alloc(32), mime: 'image/png' };
    expect(store.covers.setCatalog(covered!.contentId, cover)).toBe(true);
    store.licenses.setLastQuote(quoted!.licenseId, '{}');
    const second = search();
    expect(built).toEqual(['addedAt']);
    expect(second.items.map((item) => item.contentId)).toEqual(
      first.items.map((item) => item.contentId),
    );
    expect(second.items.find((item) => item.contentId === covered!.contentId)?.hasCover).toBe(true);
    // A state change can change a filter's answer: the ranking is built again.
    expect(store.licenses.markReturnPending(quoted!.licenseId, 'buyback')).toBe(true);
    expect(search().total).toBe(first.total);
    expect(built).toEqual(['addedAt', 'addedAt']);
  });

  it('keeps nothing for a list asked ahead: the searched pages and the sort ranking stay', () => {
    // Counts the full-text matches the queries run: a search kept in the memo runs none. (Its
    // own write counter on the connection: the last test of the file to read the library.)
    const matchRuns = { count: 0 };
    const db = Object.create(store.db) as typeof store.db;
    db.prepare = ((sql: string) => {
      const statement = store.db.prepare(sql);
      if (!sql.includes('contents_fts MATCH')) return statement;
      const all = statement.all.bind(statement);
      statement.all = (...params: unknown[]) => {
        matchRuns.count += 1;
        return all(...params);
      };
      return statement;
    }) as typeof store.db.prepare;
    const built: string[] = [];
    const queries = libraryQueries(db, { ranksFromMatches: 0, onRanked: (s) => built.push(s) });
    const onScreen = (offset: number) =>
      queries.list({ query: 'amber', sort: 'title', direction: 'asc', offset, limit: 50 });
    onScreen(0);
    expect(matchRuns.count).toBe(1);
    expect(built).toEqual(['title']);
    // The type-ahead's screens: more queries than the memo holds, one in another sort, each
    // asked twice. Each runs its own match every time: none is kept.
    const ahead = WORDS.flatMap((word) => [word.slice(0, 2), word.slice(0, 3)]);
    for (const query of [...ahead, ...ahead]) {
      const input = { query, sort: 'title', direction: 'asc', offset: 0, limit: 20 } as const;
      expect(queries.list(input, false).items.length).toBeGreaterThan(0);
    }
    expect(matchRuns.count).toBe(1 + ahead.length * 2);
    const otherSort = {
      query: 'bir',
      sort: 'addedAt',
      direction: 'asc',
      offset: 0,
      limit: 20,
    } as const;
    expect(queries.list(otherSort, false).items.length).toBeGreaterThan(0);
    // The search on screen's next pages come from what its first page kept: no match, no new
    // ranking (the list asked ahead in another sort did not put out the title's).
    const runs = matchRuns.count;
    const first = onScreen(0);
    expect(onScreen(50).total).toBe(first.total);
    onScreen(100);
    expect(matchRuns.count).toBe(runs);
    expect(built).toEqual(['title']);
  });

  it('puts ids in rank order, leaving out unranked ones', () => {
    const ranks = sortRanks([30, 4, 17, 9]);
    expect(inRankOrder([4, 9, 17, 30, 55, 2], ranks, false)).toEqual([30, 4, 17, 9]);
    expect(inRankOrder([9, 4, 1000], ranks, true)).toEqual([9, 4]);
    expect(inRankOrder([], ranks, false)).toEqual([]);
  });
});
