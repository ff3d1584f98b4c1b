import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryListInputSchema, type LibraryListInput } from '../../../../shared/ipc/library';
import {
  LIBRARY_PREFETCH_ITEMS,
  libraryPrefetchInputSchema,
  type LibraryPrefetchInput,
} from '../../../../shared/ipc/library-prefetch';
import {
  FIRST_CHARS_LIMIT,
  libraryPrefetcher,
} from '../../../../main/core/library/library-prefetch';
import { foldWord } from '../../../../main/core/store/library-terms';
import { openStore, type Store } from '../../../../main/core/store/store';
import { licenseSigner, tempDir, throwawayKey } from '../../../fixtures/core-fixtures';
import { addLibraryItems } from '../../../fixtures/library-items';

// Titles "<word> <word> <number>" (store fixture); creators "Gaston Leroux" or "Author n".
const WORDS = [
  'amber',
  'bark',
  'beryl',
  'birch',
  'blue',
  'bone',
  'brook',
  'butte',
  'byre',
  'gale',
  'galleon',
  'gamma',
  'garnet',
  'Émeraude',
  'ember',
];

let store: Store;
const dir = tempDir();
const signer = licenseSigner();
const userId = randomUUID();

const list = (input: LibraryListInput) => store.library.list(libraryListInputSchema.parse(input));
const prefetcher = () => libraryPrefetcher(() => store.library);
const ask = (prefetch: ReturnType<typeof prefetcher>, input: LibraryPrefetchInput) =>
  prefetch.prefetch(libraryPrefetchInputSchema.parse(input));

beforeAll(async () => {
  store = await openStore(dir.path, throwawayKey().provider);
  addLibraryItems(store, {
    signer,
    userId,
    words: WORDS,
    count: 400,
    creator: (i) => (i % 5 === 0 ? 'Gaston Leroux' : `Author ${i % 7}`),
  });
});
afterAll(() => {
  store.close();
  dir.remove();
});

describe('library.prefetch', () => {
  it("answers each next character's first screen exactly as library.list does", async () => {
    const input = { query: 'ga', sort: 'title', direction: 'desc', limit: 7 } as const;
    const { answers } = await ask(prefetcher(), input);
    // The index's terms after "ga": gale, galleon, gamma, garnet and the creator's gaston.
    expect(answers.map((a) => a.query)).toEqual(['gal', 'gam', 'gar', 'gas']);
    for (const { query, page } of answers) {
      expect(page).toEqual(list({ ...input, query, offset: 0 }));
      expect(page.total).toBeGreaterThan(0);
    }
  });

  it('keeps the filters and extends the last word of a query of several words', async () => {
    const input = { query: 'amber Ga', kind: 'audio', sort: 'title', limit: 5 } as const;
    const { answers } = await ask(prefetcher(), input);
    expect(answers.map((a) => a.query)).toEqual([
      'amber Gal',
      'amber Gam',
      'amber Gar',
      'amber Gas',
    ]);
    for (const { query, page } of answers) {
      expect(page).toEqual(list({ ...input, query, offset: 0 }));
      expect(page.items.every((item) => item.kind === 'audio')).toBe(true);
    }
  });

  it('folds case and accents as the index does', async () => {
    expect(foldWord('ÉmE')).toBe('eme');
    const { answers } = await ask(prefetcher(), { query: 'Éme', limit: 5 });
    expect(answers.map((a) => a.query)).toEqual(['Émer']);
    expect(answers[0]?.page.total).toBe(list({ query: 'emer', limit: 5 }).total);
  });

  it('answers the empty box from the first characters read at the start, cut to its screen', async () => {
    const prefetch = prefetcher();
    // Not read yet: none (an ask never reads them itself).
    expect((await ask(prefetch, { query: '', limit: 6 })).answers).toEqual([]);
    await prefetch.warmFirstChars({ sort: 'title', direction: 'desc' });
    const input = { query: '', sort: 'title', direction: 'desc', limit: 6 } as const;
    // Answered in the ask's own turn, each screen the list's own.
    let answered: Awaited<ReturnType<typeof ask>> | undefined;
    void ask(prefetch, input).then((a) => (answered = a));
    await Promise.resolve();
    await Promise.resolve();
    // The first characters of the index's terms, in order: the titles' numbers and the
    // creators' ("Author 0"–"Author 6"), the words, and "gaston leroux".
    expect(answered?.answers.map((a) => a.query)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      'a',
      'b',
      'e',
      'g',
      'l',
    ]);
    for (const { query, page } of answered?.answers ?? [])
      expect(page).toEqual(list({ ...input, query, offset: 0 }));
    // Other filters or sort, or a screen larger than those read: none.
    expect((await ask(prefetch, { ...input, direction: 'asc' })).answers).toEqual([]);
    expect((await ask(prefetch, { ...input, creator: 'leroux' })).answers).toEqual([]);
    expect((await ask(prefetch, { ...input, kind: 'audio' })).answers).toEqual([]);
    expect((await ask(prefetch, { ...input, limit: FIRST_CHARS_LIMIT + 1 })).answers).toEqual([]);
  });

  it('answers the empty box with the read under way once it is done', async () => {
    const prefetch = prefetcher();
    const warming = prefetch.warmFirstChars({ sort: 'title', direction: 'asc' });
    const { answers } = await ask(prefetch, { query: '', limit: 5 });
    await warming;
    expect(answers.length).toBeGreaterThan(1);
    for (const { query, page } of answers) expect(page).toEqual(list({ query, limit: 5 }));
  });

  it('forgets them at a library change, and keeps nothing read across one', async () => {
    const prefetch = prefetcher();
    await prefetch.warmFirstChars({ sort: 'title', direction: 'asc' });
    expect((await ask(prefetch, { query: '', limit: 5 })).answers.length).toBeGreaterThan(1);
    // A change the library's version does not see (a cover come): the event alone drops them.
    prefetch.forget();
    expect((await ask(prefetch, { query: '', limit: 5 })).answers).toEqual([]);
    // A read under way when the change comes keeps nothing.
    const warming = prefetch.warmFirstChars({ sort: 'title', direction: 'asc' });
    await new Promise((resolve) => setImmediate(resolve));
    prefetch.forget();
    await warming;
    expect((await ask(prefetch, { query: '', limit: 5 })).answers).toEqual([]);
  });

  it('never answers first characters read before a write', async () => {
    const prefetch = prefetcher();
    await prefetch.warmFirstChars({ sort: 'title', direction: 'asc' });
    addLibraryItems(store, { signer, userId, words: ['quartz'], from: 420, count: 2 });
    expect((await ask(prefetch, { query: '', limit: 5 })).answers).toEqual([]);
    await prefetch.warmFirstChars({ sort: 'title', direction: 'asc' });
    const after = (await ask(prefetch, { query: '', limit: 5 })).answers;
    expect(after.map((a) => a.query)).toContain('q');
    for (const { query, page } of after) expect(page).toEqual(list({ query, limit: 5 }));
  });

  it('answers nothing after a space, after punctuation or past every term', async () => {
    const prefetch = prefetcher();
    expect((await ask(prefetch, { query: 'amber ', limit: 5 })).answers).toEqual([]);
    expect((await ask(prefetch, { query: 'amber-', limit: 5 })).answers).toEqual([]);
    expect((await ask(prefetch, { query: 'zzz', limit: 5 })).answers).toEqual([]);
  });

  it('answers a whole word as a prefix of its longer terms', async () => {
    // "gale" is a term and "galleon" is not under it: nothing follows "gale".
    expect((await ask(prefetcher(), { query: 'gale', limit: 5 })).answers).toEqual([]);
    // "gal" is not a term; "gale" and "galleon" follow it.
    const { answers } = await ask(prefetcher(), { query: 'gal', limit: 5 });
    expect(answers.map((a) => a.query)).toEqual(['gale', 'gall']);
  });

  it('keeps its answer within the item bound', async () => {
    const { answers } = await ask(prefetcher(), { query: 'b', limit: 100 });
    const items = answers.reduce((sum, a) => sum + a.page.items.length, 0);
    // After "b": a, e, i, l, o, r, u, y; six screens of 100 fill the bound.
    expect(answers.map((a) => a.query)).toEqual(['ba', 'be', 'bi', 'bl', 'bo', 'br']);
    expect(answers.length).toBe(Math.floor(LIBRARY_PREFETCH_ITEMS / 100));
    expect(items).toBeLessThanOrEqual(LIBRARY_PREFETCH_ITEMS);
  });

  it('lets a list call in between go first, and a newer prefetch end an older one', async () => {
    const prefetch = prefetcher();
    const order: string[] = [];
    const older = ask(prefetch, { query: 'ga', limit: 5 }).then((a) => {
      order.push('older');
      return a;
    });
    // Asked after the prefetch started: answered before it goes on (one screen per turn).
    await Promise.resolve();
    order.push('list');
    list({ query: 'gar', limit: 5 });
    const newer = ask(prefetch, { query: 'gar', limit: 5 }).then((a) => {
      order.push('newer');
      return a;
    });
    const [first, second] = await Promise.all([older, newer]);
    expect(order).toEqual(['list', 'older', 'newer']);
    // The older one stopped at the newer one's start, before a screen of its own.
    expect(first.answers).toEqual([]);
    expect(second.answers.map((a) => a.query)).toEqual(['garn']);
  });

  it('answers what the store holds after a change, and keeps nothing for the list', async () => {
    const before = (await ask(prefetcher(), { query: 'gar', limit: 5 })).answers[0]?.page.total;
    addLibraryItems(store, { signer, userId, words: ['garnish'], from: 400, count: 3 });
    const after = (await ask(prefetcher(), { query: 'gar', limit: 5 })).answers;
    expect(after.map((a) => a.query)).toEqual(['garn']);
    expect(after[0]?.page.total).toBe((before ?? 0) + 3);
    expect(after[0]?.page).toEqual(list({ query: 'garn', limit: 5 }));
  });
  it('ends at a write of the library between its screens: one answer, one library', async () => {
    const asked = ask(prefetcher(), { query: 'b', limit: 5 });
    // Its first screen is read in the turn before this one's end; the write comes before its second.
    await new Promise((resolve) => setImmediate(resolve));
    addLibraryItems(store, { signer, userId, words: ['barley'], from: 410, count: 1 });
    expect((await asked).answers.map((a) => a.query)).toEqual(['ba']);
    // Asked again, it reads on through every next character.
    expect((await ask(prefetcher(), { query: 'b', limit: 5 })).answers.length).toBeGreaterThan(1);
  });
});
