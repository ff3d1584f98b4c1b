import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bootAnswered,
  dropBootAnswers,
  firstAsk,
  firstPageLimit,
  firstRenderCommitted,
  resetBoot,
  settledAnswer,
  startBoot,
} from '../../../../renderer/src/lib/boot';
import { firstScreenItems } from '../../../../renderer/src/lib/library-page';
import type { SeededAnswer } from '../../../../shared/ipc/first-screen-seed';
import { installFakeShelf, libraryItem, seedDocument, unseedDocument } from '../fake-shelf';
import { sampleSignedInAccount, sampleTableSettings } from '../../../fixtures/contract-samples';

const signedIn = sampleSignedInAccount;
const settings = sampleTableSettings;

/** A signed-in shelf with an empty library, and the boot started over it. */
function bootedShelf() {
  const shelf = installFakeShelf({
    'account.get': () => signedIn,
    'settings.get': () => settings,
    'library.list': () => ({ items: [], total: 0 }),
  });
  startBoot(100);
  return shelf;
}

/** Lets the boot's chained calls (account + settings → first page) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('boot: the first screen asked before React mounts', () => {
  beforeEach(() => {
    window.location.hash = '';
    window.localStorage.clear();
  });
  afterEach(() => dropBootAnswers());

  it('asks account, settings and the first page at once, and hands each over once', async () => {
    window.localStorage.setItem('shelfkeeper.library.filters', JSON.stringify({ kind: 'audio' }));
    const item = libraryItem({ title: 'First' });
    const shelf = installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => settings,
      'library.list': (input) => ({ items: [{ ...item, title: input.sort }], total: 1 }),
    });
    startBoot(100);
    // The first page leaves with the others, in the default sort (nothing remembered yet).
    const guessed = { sort: 'title', direction: 'asc', kind: 'audio', offset: 0, limit: 100 };
    expect(shelf.calls.map((c) => c.channel)).toEqual([
      'account.get',
      'settings.get',
      'library.list',
      'sync.status',
      'wallet.get',
      'tags.list',
      'searches.list',
    ]);
    await settle();
    // Settings name another sort: the page is asked again in it, and only that one is handed over.
    const saved = { sort: 'creator', direction: 'desc', kind: 'audio', offset: 0, limit: 100 };
    expect(shelf.callsTo('library.list')).toEqual([guessed, saved]);

    // Root and the library's saved view each take settings once; the page is handed over.
    expect(await firstAsk('account.get', {})).toEqual(signedIn);
    expect(await firstAsk('settings.get', {})).toEqual(settings);
    expect(await firstAsk('settings.get', {})).toEqual(settings);
    expect((await firstAsk('library.list', saved as never)).items[0]?.title).toBe('creator');
    expect(shelf.calls).toHaveLength(8);

    // Used up: the next ask of each goes to the core; the wrong guess was never handed over.
    await firstAsk('settings.get', {});
    await firstAsk('library.list', guessed as never);
    expect(shelf.callsTo('settings.get')).toHaveLength(2);
    expect(shelf.callsTo('library.list')).toHaveLength(3);
  });

  it('guesses the last sort seen on the next start: one page asked', async () => {
    const shelf = bootedShelf();
    await settle();
    dropBootAnswers();
    startBoot(100);
    await settle();
    expect(shelf.callsTo('library.list').slice(2)).toEqual([
      { sort: 'creator', direction: 'desc', offset: 0, limit: 100 },
    ]);
  });

  it('asks no page in the saved sort when signed out, and none off the library route', async () => {
    let shelf = installFakeShelf({
      'account.get': () => ({ ...signedIn, signedIn: false, user: null }),
      'settings.get': () => settings,
      'library.list': () => ({ items: [], total: 0 }),
    });
    startBoot(100);
    await settle();
    expect(shelf.callsTo('library.list')).toEqual([
      { sort: 'title', direction: 'asc', offset: 0, limit: 100 },
    ]);
    dropBootAnswers();

    window.location.hash = '#/wallet';
    shelf = installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => settings,
    });
    startBoot(100);
    await settle();
    expect(shelf.callsTo('library.list')).toEqual([]);
    await firstAsk('settings.get', {});
    // Off the library only the shell's own ask is answered: a later visit asks afresh.
    await firstAsk('settings.get', {});
    expect(shelf.callsTo('settings.get')).toHaveLength(2);
  });

  it('answers nothing once dropped (the user left the first screen or signed out)', async () => {
    const shelf = bootedShelf();
    await settle();
    dropBootAnswers();
    await firstAsk('account.get', {});
    expect(shelf.callsTo('account.get')).toHaveLength(2);
  });

  it('hands over nothing asked before a library change (the answer could predate it)', async () => {
    const shelf = bootedShelf();
    await settle();
    shelf.emit('library.changed', { reason: 'sync' });
    await firstAsk('account.get', {});
    await firstAsk('library.list', {
      sort: 'creator',
      direction: 'desc',
      offset: 0,
      limit: 100,
    } as never);
    expect(shelf.callsTo('account.get')).toHaveLength(2);
    expect(shelf.callsTo('library.list')).toHaveLength(3);
  });

  it('shows an answer to the first render once it is in, and still hands it over once', async () => {
    const shelf = bootedShelf();
    // Asked, not answered yet: the first render shows its loading state.
    expect(settledAnswer('account.get', {})).toBeUndefined();
    await bootAnswered(10_000);
    const page = { sort: 'creator', direction: 'desc', offset: 0, limit: 100 } as const;
    expect(settledAnswer('account.get', {})).toEqual(signedIn);
    expect(settledAnswer('library.list', page)).toEqual({ items: [], total: 0 });
    // Looking does not take: the component's effect does, and the same answer comes back.
    expect(settledAnswer('account.get', {})).toBe(await firstAsk('account.get', {}));
    expect(settledAnswer('account.get', {})).toBeUndefined();
    await firstAsk('library.list', page);
    expect(shelf.callsTo('account.get')).toHaveLength(1);
    // A refused answer is left to its component, which asks again and shows the error.
    expect(settledAnswer('tags.list', {})).toBeUndefined();
  });

  it('stops waiting for the first screen at the cap when an answer does not come', async () => {
    const never = new Promise<never>(() => {});
    installFakeShelf({
      'account.get': () => never,
      'settings.get': () => settings,
      'library.list': () => ({ items: [], total: 0 }),
    });
    startBoot(100);
    // Resolves although account.get never answers; the first render then shows its loading state.
    await bootAnswered(20);
    expect(settledAnswer('account.get', {})).toBeUndefined();
    expect(settledAnswer('settings.get', {})).toEqual(settings);
  });

  it('cuts the first page to what the screen can show, and forgets the cut once dropped', async () => {
    // 1280 × 720: 6 columns of cards, 4 rows on screen and 4 below (the table shows fewer).
    expect(firstScreenItems(1280, 720)).toBe(48);
    // A small window: the table's 8 rows on screen and 8 below are the most.
    expect(firstScreenItems(400, 300)).toBe(16);
    expect(firstScreenItems(4000, 3000)).toBe(100);
    const shelf = installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => settings,
      'library.list': () => ({ items: [], total: 0 }),
    });
    startBoot(48);
    expect(firstPageLimit()).toBe(48);
    // The guess (nothing remembered: the default sort) and, once settings answer, the saved sort.
    await bootAnswered(10_000);
    expect(shelf.callsTo('library.list')).toEqual([
      { sort: 'title', direction: 'asc', offset: 0, limit: 48 },
      { sort: 'creator', direction: 'desc', offset: 0, limit: 48 },
    ]);
    dropBootAnswers();
    expect(firstPageLimit()).toBe(100);
  });
});

describe('boot: the first screen seeded into index.html', () => {
  const page = { sort: 'creator', direction: 'desc', offset: 0, limit: 100 } as const;
  const seededItem = libraryItem({ title: 'Seeded' });
  const seededPage = { items: [seededItem], total: 1 };

  const seeded: SeededAnswer[] = [
    { channel: 'account.get', input: {}, output: signedIn },
    { channel: 'settings.get', input: {}, output: settings },
    // The host's field order is not the page's: the key does not depend on it.
    {
      channel: 'library.list',
      input: { limit: 100, offset: 0, direction: 'desc', sort: 'creator' },
      output: seededPage,
    },
  ];

  beforeEach(() => {
    window.location.hash = '';
    window.localStorage.clear();
  });
  afterEach(() => {
    resetBoot();
    unseedDocument();
  });

  it('shows the first render the seed whatever came since, until that render is committed', async () => {
    seedDocument(seeded);
    const changed = { items: [libraryItem({ title: 'Bought meanwhile' }), seededItem], total: 2 };
    const shelf = installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => settings,
      'library.list': () => changed,
    });
    startBoot(48);
    // The fresh page has come back, and an event dropped the boot's answers: the first render
    // still shows the markup's answers, so the app can take the markup over as it is.
    await firstAsk('account.get', {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    shelf.emit('library.changed', { reason: 'sync' });
    expect(settledAnswer('library.list', page)).toEqual(seededPage);
    expect(settledAnswer('account.get', {})).toEqual(signedIn);
    // Committed: the components' effects take what came (the event made the boot drop its page,
    // so the library asks again).
    firstRenderCommitted();
    expect(settledAnswer('library.list', page)).toBeUndefined();
    expect(await firstAsk('library.list', page)).toEqual(changed);
    expect(shelf.callsTo('library.list')).toEqual([page, page]);
  });

  it('shows the seed to the first render at once, the whole first page in the saved sort', async () => {
    seedDocument(seeded);
    const never = new Promise<never>(() => {});
    const shelf = installFakeShelf({
      'account.get': () => never,
      'settings.get': () => never,
      'library.list': () => never,
    });
    startBoot(48);
    // No answer has come, and none is waited for.
    const cap = new Promise<string>((resolve) => setTimeout(() => resolve('capped'), 5_000));
    expect(await Promise.race([bootAnswered(10_000).then(() => 'answered'), cap])).toBe('answered');
    expect(firstPageLimit()).toBe(100);
    expect(settledAnswer('account.get', {})).toEqual(signedIn);
    expect(settledAnswer('library.list', page)).toEqual(seededPage);
    // The calls still leave, in the saved sort at once (no guess), to replace a changed answer.
    expect(shelf.callsTo('library.list')).toEqual([page]);
    expect(shelf.calls.map((c) => c.channel)).toContain('sync.status');
  });

  it('hands over the seed itself when the call answers the same, the fresh answer when not', async () => {
    seedDocument(seeded);
    const changed = { items: [libraryItem({ title: 'Bought meanwhile' }), seededItem], total: 2 };
    installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => structuredClone(settings),
      'library.list': () => changed,
    });
    startBoot(48);
    const shown = settledAnswer('settings.get', {});
    // The same answer: the very object the first render shows, so no second commit.
    expect(await firstAsk('settings.get', {})).toBe(shown);
    // A changed one replaces it.
    expect(await firstAsk('library.list', page)).toEqual(changed);
  });

  it('asks as without a seed when the page has filters of its own, or the seed is not JSON', async () => {
    window.localStorage.setItem('shelfkeeper.library.filters', JSON.stringify({ kind: 'audio' }));
    seedDocument(seeded);
    let shelf = installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => settings,
      'library.list': () => ({ items: [], total: 0 }),
    });
    startBoot(48);
    expect(firstPageLimit()).toBe(48);
    // Account and settings are the seed's; the page is the filtered one, asked.
    expect(settledAnswer('account.get', {})).toEqual(signedIn);
    expect(shelf.callsTo('library.list')[0]).toMatchObject({ kind: 'audio', limit: 48 });
    dropBootAnswers();
    unseedDocument();

    window.localStorage.clear();
    seedDocument('{"answers": [');
    shelf = installFakeShelf({
      'account.get': () => signedIn,
      'settings.get': () => settings,
      'library.list': () => ({ items: [], total: 0 }),
    });
    startBoot(48);
    expect(settledAnswer('account.get', {})).toBeUndefined();
    expect(shelf.callsTo('library.list')).toEqual([
      { sort: 'title', direction: 'asc', offset: 0, limit: 48 },
    ]);
  });

  it('asks no page when the seed says signed out', async () => {
    seedDocument([
      { channel: 'account.get', input: {}, output: { ...signedIn, signedIn: false, user: null } },
      { channel: 'settings.get', input: {}, output: settings },
    ]);
    const shelf = installFakeShelf({
      'account.get': () => ({ ...signedIn, signedIn: false, user: null }),
      'settings.get': () => settings,
    });
    startBoot(48);
    await bootAnswered(10_000);
    expect(settledAnswer('account.get', {})?.signedIn).toBe(false);
    expect(shelf.callsTo('library.list')).toEqual([]);
  });
});
