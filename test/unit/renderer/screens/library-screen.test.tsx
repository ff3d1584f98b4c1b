import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibraryItem, LibraryListInput } from '../../../../shared/ipc/library';
import type { LibraryPrefetchInput } from '../../../../shared/ipc/library-prefetch';
import { DEFAULT_LIBRARY_VIEW } from '../../../../shared/ipc/library-view';
import {
  bootAnswered,
  dropBootAnswers,
  resetBoot,
  startBoot,
} from '../../../../renderer/src/lib/boot';
import { LibraryScreen } from '../../../../renderer/src/screens/library-screen';
import {
  installFakeShelf,
  libraryItem,
  seedDocument,
  syncOnline,
  unseedDocument,
} from '../fake-shelf';
import { sampleSignedInAccount } from '../../../fixtures/contract-samples';

/** happy-dom does no layout; the virtual list needs a viewport, so give every element one. */
function fakeLayout(width: number, height: number) {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(
    DOMRect.fromRect({ x: 0, y: 0, width, height }),
  );
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(width);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(height);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(width);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(height);
}

/** A library of `total` generated items, answering pages like the core does. */
function bigLibrary(total: number) {
  const at = (i: number): LibraryItem =>
    libraryItem({
      contentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `Book ${String(i).padStart(6, '0')}`,
      version: 1,
      latestVersion: i % 3 === 0 ? 2 : 1,
      downloaded: i % 2 === 0,
      state: i % 5 === 0 ? 'return_pending' : 'active',
    });
  return (input: LibraryListInput) => {
    const matching = input.query
      ? [at(42)].filter((item) => item.title.includes(input.query ?? ''))
      : null;
    const count = matching ? matching.length : total;
    const offset = input.offset ?? 0;
    const end = Math.min(count, offset + (input.limit ?? 100));
    const items = matching
      ? matching.slice(offset, end)
      : Array.from({ length: Math.max(0, end - offset) }, (_, k) => at(offset + k));
    return { items, total: count };
  };
}

/** The core's settings with the library left in the list layout. */
const listLayout = {
  serverUrl: 'http://127.0.0.1:8787',
  theme: 'system' as const,
  libraryView: { ...DEFAULT_LIBRARY_VIEW, layout: 'list' as const },
};

beforeEach(() => {
  window.localStorage.clear();
  fakeLayout(800, 600);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
  // No App here to say its first render is committed: the next test's boot starts afresh.
  resetBoot();
});

/** The `library.list` calls a search made (those with a query), in order. */
const searchCalls = (fake: ReturnType<typeof installFakeShelf>) =>
  fake
    .callsTo('library.list')
    .map((input) => input as LibraryListInput)
    .filter((input) => input.query);

/** Titles "Book 000000" …; a query matches the titles holding it; `removed` are gone. */
const searchable = (removed: ReadonlySet<number>) => {
  const all = bigLibrary(1000);
  return (input: LibraryListInput) => {
    if (!input.query) return all(input);
    const matching = Array.from({ length: 1000 }, (_, i) => i).filter(
      (i) => !removed.has(i) && `Book ${String(i).padStart(6, '0')}`.includes(input.query!),
    );
    const offset = input.offset ?? 0;
    const page = matching.slice(offset, offset + (input.limit ?? 100));
    return {
      items: page.map(
        (i) => all({ sort: 'title', direction: 'asc', offset: i, limit: 1 }).items[0]!,
      ),
      total: matching.length,
    };
  };
};

describe('LibraryScreen', () => {
  it('asks only the first page of 100,000 items and renders only what fits', async () => {
    const fake = installFakeShelf({ 'library.list': bigLibrary(100_000) });
    render(<LibraryScreen syncStatus={syncOnline} />);
    expect(await screen.findByText('100,000 items')).toBeTruthy();
    await screen.findByText('Book 000000');
    const rendered = screen.getAllByTestId('library-item').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    expect(fake.callsTo('library.list')).toEqual([
      { sort: 'title', direction: 'asc', offset: 0, limit: 100 },
    ]);
  });

  it('renders the answers of the boot in its first commit, then asks the rest of the page', async () => {
    window.location.hash = '';
    const fake = installFakeShelf({
      'account.get': () => ({
        signedIn: false,
        user: null,
        deviceId: null,
        serverUrl: 'http://127.0.0.1:9',
      }),
      'settings.get': () => listLayout,
      'library.list': bigLibrary(100_000),
      'sync.status': () => syncOnline,
      'tags.list': () => ({ tags: [{ tag: 'sci-fi', items: 3 }] }),
      'searches.list': () => ({
        searches: [
          { id: 1, name: 'Mine', query: 'kind:audio', createdAt: '2026-11-01T10:00:00.000Z' },
        ],
      }),
    });
    try {
      startBoot(20);
      await bootAnswered(10_000);
      // The tags and saved searches left with the boot: in by the time the first page is.
      await new Promise((resolve) => setTimeout(resolve, 0));
      render(<LibraryScreen syncStatus={syncOnline} />);
      // No await: the first commit already holds the cards, the count, the tag filter and the
      // saved search, and nothing was asked again for them.
      expect(screen.getByText('100,000 items')).toBeTruthy();
      expect(screen.getByText('Book 000000')).toBeTruthy();
      expect(screen.getByRole('option', { name: /sci-fi/ })).toBeTruthy();
      expect(screen.getByRole('option', { name: 'Mine' })).toBeTruthy();
      expect(fake.callsTo('tags.list')).toHaveLength(1);
      expect(fake.callsTo('searches.list')).toHaveLength(1);
      // The boot's page was cut to 20 items; the rest of it is asked once painted.
      await vi.waitFor(() =>
        expect(fake.callsTo('library.list')).toEqual([
          { sort: 'title', direction: 'asc', offset: 0, limit: 20 },
          { sort: 'title', direction: 'asc', offset: 0, limit: 100 },
        ]),
      );
    } finally {
      dropBootAnswers();
    }
  });

  it('asks the page under the scroll position when the user jumps far down', async () => {
    const fake = installFakeShelf({
      'library.list': bigLibrary(100_000),
      'settings.get': () => listLayout,
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('Book 000000');
    const scroller = screen.getByTestId('library-scroll');
    // List rows are 64 px: item 50,000 starts at 3,200,000 px.
    scroller.scrollTop = 50_000 * 64;
    fireEvent.scroll(scroller);
    expect(await screen.findByText('Book 050000')).toBeTruthy();
    const calls = fake.callsTo('library.list') as LibraryListInput[];
    expect(
      calls.some(({ offset = 0, limit = 100 }) => offset <= 50_000 && 50_000 < offset + limit),
    ).toBe(true);
    expect(calls.length).toBeLessThan(5);
  });

  it('asks the rows of a jump across two pages in one call, before it renders their placeholders', async () => {
    const library = bigLibrary(100_000);
    /** Placeholders in the DOM when each jump's call left. */
    const placeholdersAtCall: number[] = [];
    const fake = installFakeShelf({
      'library.list': (input) => {
        if ((input.offset ?? 0) > 0)
          placeholdersAtCall.push(document.querySelectorAll('.placeholder').length);
        return library(input);
      },
      'settings.get': () => listLayout,
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('Book 000000');
    // The overscan is back after the first frame (useLeanOverscan): until then a scroll asks
    // only the rows on screen, which a slow machine's test would see.
    await screen.findByText('Book 000013');
    const before = fake.callsTo('library.list').length;
    const scroller = screen.getByTestId('library-scroll');
    // 600 px of 64 px rows: rows 49,995 … 50,004 on screen, 4 beyond each way, across pages
    // 499 and 500.
    scroller.scrollTop = 49_995 * 64;
    fireEvent.scroll(scroller);
    expect(await screen.findByText('Book 049995')).toBeTruthy();
    expect(await screen.findByText('Book 050004')).toBeTruthy();
    // Page 499 whole and page 500 up to the last row in the DOM; asked before the render.
    expect(fake.callsTo('library.list').slice(before)).toEqual([
      { sort: 'title', direction: 'asc', offset: 49_900, limit: 109 },
    ]);
    expect(placeholdersAtCall).toEqual([0]);
    expect(screen.queryAllByText(/^Book 0499(8[7-9]|9\d)$|^Book 0500(0\d)$/).length).toBe(18);
  });

  it('asks a page a scroll reaches from the one before whole, once', async () => {
    const fake = installFakeShelf({
      'library.list': bigLibrary(100_000),
      'settings.get': () => listLayout,
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('Book 000000');
    const before = fake.callsTo('library.list').length;
    const scroller = screen.getByTestId('library-scroll');
    // Rows 90 … 99 on screen and 4 beyond: page 1's first rows come into the DOM, then more.
    for (const row of [90, 91, 92]) {
      scroller.scrollTop = row * 64;
      fireEvent.scroll(scroller);
    }
    expect(await screen.findByText('Book 000104')).toBeTruthy();
    expect(fake.callsTo('library.list').slice(before)).toEqual([
      { sort: 'title', direction: 'asc', offset: 100, limit: 100 },
    ]);
  });

  it('shows the seeded first screen at once, and the fresh page when items left since', async () => {
    const all = [0, 1, 2].map((i) => libraryItem({ title: `Seeded ${i}` }));
    const page = { sort: 'title', direction: 'asc', offset: 0, limit: 100 } as const;
    seedDocument([
      { channel: 'account.get', input: {}, output: sampleSignedInAccount },
      { channel: 'settings.get', input: {}, output: listLayout },
      { channel: 'library.list', input: page, output: { items: all, total: 3 } },
    ]);
    let answer: (value: { items: LibraryItem[]; total: number }) => void = () => {};
    installFakeShelf({
      'account.get': () => sampleSignedInAccount,
      'settings.get': () => listLayout,
      // One item returned between the seed and this answer: the page is shorter, not cut.
      'library.list': () => new Promise((resolve) => (answer = resolve)),
    });
    try {
      startBoot(48);
      render(<LibraryScreen syncStatus={syncOnline} />);
      expect(screen.getByText('3 items')).toBeTruthy();
      expect(screen.getByText('Seeded 2')).toBeTruthy();
      await act(async () => answer({ items: all.slice(0, 2), total: 2 }));
      expect(await screen.findByText('2 items')).toBeTruthy();
      expect(screen.queryByText('Seeded 2')).toBeNull();
    } finally {
      dropBootAnswers();
      unseedDocument();
    }
  });

  it('keeps a view the user chose before the saved one came back', async () => {
    seedDocument([
      { channel: 'account.get', input: {}, output: sampleSignedInAccount },
      { channel: 'settings.get', input: {}, output: listLayout },
    ]);
    let answer: (value: typeof listLayout) => void = () => {};
    const fake = installFakeShelf({
      'account.get': () => sampleSignedInAccount,
      'settings.get': () => new Promise((resolve) => (answer = resolve)),
      'library.list': bigLibrary(10),
    });
    try {
      startBoot(48);
      render(<LibraryScreen syncStatus={syncOnline} />);
      // The toolbar works on the seed's view before settings.get has answered.
      fireEvent.click(screen.getByRole('button', { name: 'Table' }));
      await act(async () => answer(listLayout));
      expect(screen.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      await vi.waitFor(() =>
        expect(fake.callsTo('settings.set')).toEqual([
          { libraryView: { ...listLayout.libraryView, layout: 'table' } },
        ]),
      );
    } finally {
      dropBootAnswers();
      unseedDocument();
    }
  });

  it('moves between cards with the arrow keys', async () => {
    installFakeShelf({ 'library.list': bigLibrary(100_000), 'settings.get': () => listLayout });
    render(<LibraryScreen syncStatus={syncOnline} />);
    const first = (await screen.findByText('Book 000000')).closest('a') as HTMLElement;
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await vi.waitFor(() => expect(document.activeElement?.textContent).toContain('Book 000001'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowUp' });
    await vi.waitFor(() => expect(document.activeElement?.textContent).toContain('Book 000000'));
    // Scrolling far (End) needs real layout: the e2e accessibility test covers it in Chromium.
  });

  it('shows version and badges', async () => {
    installFakeShelf({ 'library.list': bigLibrary(10) });
    render(<LibraryScreen syncStatus={syncOnline} />);
    const first = (await screen.findByText('Book 000000')).closest('a');
    expect(first?.textContent).toContain('v1');
    expect(first?.textContent).toContain('Downloaded');
    expect(first?.textContent).toContain('Return pending');
    const third = screen.getByText('Book 000003').closest('a');
    // The list does not know the policy: a newer version is a fact, not a promised upgrade.
    expect(third?.textContent).toContain('Version 2 out');
  });

  it('searches at every keystroke and shows only the answer to the newest query', async () => {
    const library = bigLibrary(1000);
    // The older query answers last: its answer must be dropped, not shown over the newer one.
    const fake = installFakeShelf({
      'library.list': async (input) =>
        input.query === 'Book 0'
          ? new Promise((resolve) => setTimeout(() => resolve({ items: [], total: 7 }), 50))
          : library(input),
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('1,000 items');
    const search = screen.getByRole('searchbox', { name: 'Search' });
    fireEvent.change(search, { target: { value: 'Book 0' } });
    fireEvent.change(search, { target: { value: 'Book 000042' } });
    expect(await screen.findByText('1 item')).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(screen.queryByText('7 items')).toBeNull();
    expect(screen.getByText('1 item')).toBeTruthy();
    const queries = fake.callsTo('library.list').map((input) => (input as LibraryListInput).query);
    expect(queries).toEqual([undefined, 'Book 0', 'Book 000042']);
  });

  it('renders none of the filters, sort and layout again while a search is typed', async () => {
    installFakeShelf({
      'library.list': bigLibrary(1000),
      'tags.list': () => ({ tags: [{ tag: 'sci-fi', items: 3 }] }),
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('1,000 items');
    await screen.findByRole('option', { name: 'sci-fi (3)' });
    // A <select> React renders again re-selects its chosen option (option.selected = true), even
    // when nothing changed: with none set, none of the filters' and sort's selects was rendered.
    const selected = Object.getOwnPropertyDescriptor(HTMLOptionElement.prototype, 'selected')!;
    const reselected = vi.fn();
    vi.spyOn(HTMLOptionElement.prototype, 'selected', 'set').mockImplementation(function (
      this: HTMLOptionElement,
      value: boolean,
    ) {
      // The saved searches' select shows the typed text's search: it is rendered with each key.
      const field = this.closest('label')?.querySelector('span')?.textContent;
      if (field !== 'Saved search') reselected(field);
      selected.set!.call(this, value);
    });
    const search = screen.getByRole('searchbox', { name: 'Search' });
    for (const typed of ['B', 'Bo', 'Boo', 'Book 000042']) {
      fireEvent.change(search, { target: { value: typed } });
    }
    expect(await screen.findByText('1 item')).toBeTruthy();
    expect(reselected).not.toHaveBeenCalled();
    // The spy sees a select rendered again: choosing a kind renders the controls.
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), {
      target: { value: 'audio' },
    });
    expect(reselected).toHaveBeenCalled();
  });

  it('asks the typed search from the search box handler, before the screen renders the keystroke', async () => {
    const library = bigLibrary(1000);
    // The hint about the unknown kind appears with the keystroke's render: not there yet when
    // the request leaves.
    const hintWhenAsked: boolean[] = [];
    const fake = installFakeShelf({
      'library.list': (input) => {
        if (input.query) hintWhenAsked.push(screen.queryByText(/Not understood/) !== null);
        return library(input);
      },
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('1,000 items');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'kind:bogus Book 000042' },
    });
    expect(await screen.findByText('1 item')).toBeTruthy();
    expect(screen.getByText(/Not understood: kind:bogus/)).toBeTruthy();
    expect(await screen.findByText('Book 000042')).toBeTruthy();
    // Asked once: the render took the answer already on its way instead of asking again.
    expect(hintWhenAsked).toEqual([false]);
    expect(fake.callsTo('library.list')).toHaveLength(2);
  });

  describe('a keystroke not answered in the page (asked)', () => {
    /** `library.list` for a search holds its answer until `answer()`. */
    const held = (more: Parameters<typeof installFakeShelf>[0] = {}) => {
      const library = bigLibrary(1000);
      const waiting: (() => void)[] = [];
      installFakeShelf({
        ...more,
        'library.list': (input) =>
          input.query
            ? new Promise((resolve) => waiting.push(() => resolve(library(input))))
            : library(input),
      });
      return { answer: () => waiting.splice(0).forEach((resolve) => resolve()) };
    };

    it('paints the search box first; the screen switches after that frame, the results with their answer', async () => {
      const { answer } = held();
      render(<LibraryScreen syncStatus={syncOnline} />);
      await screen.findByText('1,000 items');
      const search = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search' });
      act(() => {
        fireEvent.change(search, { target: { value: 'kind:bogus Book 000042' } });
      });
      // The keystroke's own render is the box's: the screen is as it was.
      expect(search.value).toBe('kind:bogus Book 000042');
      expect(screen.queryByText(/Not understood/)).toBeNull();
      // Once that frame is painted the screen is on the new query (its hint), the results shown
      // still the last ones while the answer is on its way.
      expect(await screen.findByText(/Not understood: kind:bogus/)).toBeTruthy();
      expect(screen.getByText('1,000 items')).toBeTruthy();
      await act(async () => answer());
      expect(await screen.findByText('1 item')).toBeTruthy();
      expect(search.value).toBe('kind:bogus Book 000042');
    });

    it('switches the screen and shows the results in one commit when the answer comes first', async () => {
      const library = bigLibrary(1000);
      installFakeShelf({ 'library.list': (input) => library(input) });
      render(<LibraryScreen syncStatus={syncOnline} />);
      await screen.findByText('1,000 items');
      const seen: [boolean, string][] = [];
      const observer = new MutationObserver(() => {
        seen.push([
          screen.queryByText(/Not understood/) !== null,
          document.querySelector('.screen-head .count')?.textContent ?? '',
        ]);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
        target: { value: 'kind:bogus Book 000042' },
      });
      expect(await screen.findByText('1 item')).toBeTruthy();
      observer.disconnect();
      // Never the new query's hint over the old results: both came in one render.
      expect(seen.filter(([hint]) => hint).map(([, count]) => count)).not.toContain('1,000 items');
      expect(screen.getByText(/Not understood: kind:bogus/)).toBeTruthy();
    });

    it('puts a saved search chosen in the box at once, whatever was typed, its results when they come', async () => {
      const { answer } = held({
        'searches.list': () => ({
          searches: [
            {
              id: 1,
              name: 'The answer',
              query: 'Book 000042',
              createdAt: new Date().toISOString(),
            },
          ],
        }),
      });
      render(<LibraryScreen syncStatus={syncOnline} />);
      await screen.findByText('1,000 items');
      const search = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search' });
      const saved = screen.getByRole('combobox', { name: 'Saved search' });
      await screen.findByRole('option', { name: 'The answer' });
      fireEvent.change(search, { target: { value: 'Bo' } });
      fireEvent.change(saved, { target: { value: '1' } });
      expect(search.value).toBe('Book 000042');
      await act(async () => answer());
      expect(await screen.findByText('1 item')).toBeTruthy();
      expect(search.value).toBe('Book 000042');
    });

    it('shows no answer for a text the box no longer holds', async () => {
      const { answer } = held();
      render(<LibraryScreen syncStatus={syncOnline} />);
      await screen.findByText('1,000 items');
      const search = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search' });
      fireEvent.change(search, { target: { value: 'Book 000042' } });
      // Emptied again before the answer came (and before the screen switched).
      fireEvent.change(search, { target: { value: '' } });
      await act(async () => answer());
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
      expect(screen.getByText('1,000 items')).toBeTruthy();
      expect(search.value).toBe('');
    });
  });

  it("asks a keystroke's first answer for the cards on screen only, exact total, the rest on scroll", async () => {
    const list = searchable(new Set());
    const fake = installFakeShelf({
      'library.list': (input) =>
        // The whole page of the search never answers here: what shows is the first answer's.
        input.query && (input.limit ?? 100) >= 100 ? new Promise(() => undefined) : list(input),
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('1,000 items');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'Book 0005' },
    });
    // The total is the core's count of every match, not of the cards asked.
    expect(await screen.findByText('100 items')).toBeTruthy();
    expect(await screen.findByText('Book 000500')).toBeTruthy();
    const searches = searchCalls(fake);
    // 800 × 600 px: 4 columns of cards 212 px high, 3 rows on screen: 12 cards, no overscan.
    expect(searches).toEqual([
      expect.objectContaining({ query: 'Book 0005', offset: 0, limit: 12 }),
    ]);
    // The rest of the page is asked when the list shows more: a scroll to the 10th row.
    const scroller = screen.getByTestId('library-scroll');
    scroller.scrollTop = 10 * 212;
    fireEvent.scroll(scroller);
    await vi.waitFor(() =>
      expect(fake.callsTo('library.list').at(-1)).toMatchObject({
        query: 'Book 0005',
        offset: 0,
        limit: 100,
      }),
    );
  });

  it('brings the rows below the screen back once the typing pauses, the rest of the page in one call', async () => {
    const fake = installFakeShelf({ 'library.list': searchable(new Set()) });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('1,000 items');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'Book 0005' },
    });
    expect(await screen.findByText('Book 000511')).toBeTruthy();
    // The keystroke's frame holds the 12 cards on screen and nothing of the 4 rows below.
    expect(screen.queryByText('Book 000512')).toBeNull();
    // After the pause (150 ms without a new search) the rows below are cards again, not
    // placeholders: their items come with the rest of the first page, asked once.
    expect(await screen.findByText('Book 000527')).toBeTruthy();
    expect(document.querySelectorAll('.placeholder')).toHaveLength(0);
    expect(searchCalls(fake)).toEqual([
      expect.objectContaining({ query: 'Book 0005', offset: 0, limit: 12 }),
      expect.objectContaining({ query: 'Book 0005', offset: 0, limit: 100 }),
    ]);
  });

  describe('type-ahead (the answers asked ahead)', () => {
    const typeAhead =
      (list: (input: LibraryListInput) => { items: LibraryItem[]; total: number }) =>
      (input: LibraryPrefetchInput) => ({
        answers: '0123456789'.split('').map((char) => ({
          query: input.query + char,
          page: list({ ...input, query: input.query + char, offset: 0 }),
        })),
      });
    /** The screen shown, "Book 00004" typed and answered: the search box. */
    const typeFirstKeys = async () => {
      render(<LibraryScreen syncStatus={syncOnline} />);
      await screen.findByText('1,000 items');
      const search = screen.getByRole('searchbox', { name: 'Search' });
      fireEvent.change(search, { target: { value: 'Book 00004' } });
      expect(await screen.findByText('10 items')).toBeTruthy();
      return search;
    };
    const searches = (fake: ReturnType<typeof installFakeShelf>) =>
      searchCalls(fake).map((input) => input.query);

    it('shows the next keystroke from the answers asked after the last, with no call', async () => {
      const list = searchable(new Set());
      const fake = installFakeShelf({
        'library.list': list,
        'library.prefetch': typeAhead(list),
      });
      const search = await typeFirstKeys();
      // Asked once the keystroke's frame is painted.
      await vi.waitFor(() =>
        expect(fake.callsTo('library.prefetch')).toEqual([
          expect.objectContaining({ query: 'Book 00004', limit: 12 }),
        ]),
      );
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
      // Shown in the keystroke's own render: no wait for any answer.
      act(() => {
        fireEvent.change(search, { target: { value: 'Book 000042' } });
      });
      expect(screen.getByText('1 item')).toBeTruthy();
      expect(screen.getByText('Book 000042')).toBeTruthy();
      expect(searches(fake)).toEqual(['Book 00004']);
      // Not asked ahead after a space (a new word) nor inside a field query.
      fireEvent.change(search, { target: { value: 'Book 000042 ' } });
      fireEvent.change(search, { target: { value: 'Book 000042 creator:a' } });
      await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
      expect(
        fake.callsTo('library.prefetch').map((input) => (input as { query: string }).query),
      ).toEqual(['Book 00004', 'Book 000042']);
    });

    it("answers the first keystroke from the empty box's type-ahead, with no call", async () => {
      const list = searchable(new Set());
      const fake = installFakeShelf({
        'library.list': list,
        'library.prefetch': typeAhead(list),
      });
      render(<LibraryScreen syncStatus={syncOnline} />);
      await screen.findByText('1,000 items');
      // Asked once the library's frame is painted, for the screen's cards (12 at 800 × 600).
      await vi.waitFor(() =>
        expect(fake.callsTo('library.prefetch')).toEqual([
          expect.objectContaining({ query: '', limit: 12 }),
        ]),
      );
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
      const { total } = list({ query: '7', offset: 0, limit: 12 });
      act(() => {
        fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
          target: { value: '7' },
        });
      });
      expect(screen.getByText(`${total.toLocaleString('en')} items`)).toBeTruthy();
      expect(searches(fake)).toEqual([]);
    });

    it('never shows an answer kept from before a library change', async () => {
      const removed = new Set<number>();
      const list = searchable(removed);
      const fake = installFakeShelf({
        'library.list': list,
        'library.prefetch': typeAhead(list),
      });
      const search = await typeFirstKeys();
      await vi.waitFor(() => expect(fake.callsTo('library.prefetch')).toHaveLength(1));
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
      // A return removed item 42 after the answers were asked ahead.
      removed.add(42);
      act(() => fake.emit('library.changed', { reason: 'return' }));
      fireEvent.change(search, { target: { value: 'Book 000042' } });
      expect(screen.queryByText('1 item')).toBeNull();
      expect(await screen.findByText('0 items')).toBeTruthy();
      expect(searches(fake)).toContain('Book 000042');
    });

    it('does not keep answers asked before a library change that come after it', async () => {
      const removed = new Set<number>();
      const list = searchable(removed);
      let answerAhead: () => void = () => undefined;
      const fake = installFakeShelf({
        'library.list': list,
        // Computed before the change, answered after it.
        'library.prefetch': (input) => {
          const answer = typeAhead(list)(input);
          return new Promise((resolve) => {
            answerAhead = () => resolve(answer);
          });
        },
      });
      const search = await typeFirstKeys();
      await vi.waitFor(() => expect(fake.callsTo('library.prefetch')).toHaveLength(1));
      removed.add(42);
      act(() => fake.emit('library.changed', { reason: 'purchase' }));
      await act(async () => answerAhead());
      expect(await screen.findByText('9 items')).toBeTruthy();
      fireEvent.change(search, { target: { value: 'Book 000042' } });
      expect(await screen.findByText('0 items')).toBeTruthy();
      expect(screen.queryByText('1 item')).toBeNull();
      expect(searches(fake).at(-1)).toBe('Book 000042');
    });
  });

  it('filters by state and kind', async () => {
    const fake = installFakeShelf({ 'library.list': bigLibrary(5) });
    render(<LibraryScreen syncStatus={syncOnline} />);
    await screen.findByText('5 items');
    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), {
      target: { value: 'return_pending' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), {
      target: { value: 'audio' },
    });
    await vi.waitFor(() =>
      expect(fake.callsTo('library.list').at(-1)).toMatchObject({
        state: 'return_pending',
        kind: 'audio',
      }),
    );
  });

  it('asks again when the library changes (a return removed an item)', async () => {
    let total = 3;
    const fake = installFakeShelf({
      'library.list': (input) => bigLibrary(total)(input),
    });
    render(<LibraryScreen syncStatus={syncOnline} />);
    expect(await screen.findByText('3 items')).toBeTruthy();
    total = 2;
    act(() => fake.emit('library.changed', { reason: 'return' }));
    expect(await screen.findByText('2 items')).toBeTruthy();
    expect(screen.queryByText('Book 000002')).toBeNull();
  });

  it('shows the offline banner', async () => {
    installFakeShelf({ 'library.list': bigLibrary(1) });
    render(<LibraryScreen syncStatus={{ ...syncOnline, online: false }} />);
    expect((await screen.findByRole('status')).textContent).toContain('You are offline.');
  });
});
